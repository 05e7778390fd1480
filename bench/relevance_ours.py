"""Our engine for the relevance benchmark: the only module of it that imports the project's code.

Run as a child process by `relevance.py` (JSON arguments on stdin, JSON result
as the last line of stdout), so that the entity names our index teaches jieba
never reach the jieba-words baseline in the parent. When the project's module
paths move, this is the one file to adapt.
"""

from __future__ import annotations

import json
import sys

import common  # noqa: F401  (puts the project on sys.path)
from common import log
from index.build import reindex
from search.engine.handle import IndexHandle
from search.request import SearchRequest
from search.run import run_search


def build(corpus: str, root: str, workers: int | None = None) -> dict:
    """Index the corpus under `root` (nothing is done when that index already holds this very file)."""
    report = reindex([corpus], root, incremental=True, workers=workers)
    return {"articles": report.total_articles, "unchanged": bool(report.unchanged),
            "seconds": round(report.seconds, 2)}


def search(root: str, queries: list[str], size: int = 10) -> list[dict]:
    """For each query, the record ids of the first results page and the total number of matches."""
    index = IndexHandle(root).current()
    out = []
    for q in queries:
        result = run_search(index, SearchRequest(q=q, size=size))
        out.append({"ids": [hit["id"] for hit in result["hits"]], "total": result["total"]})
    return out


def main() -> None:
    """Build (or reuse) the index, then run every query; prints {"build": …, "results": […]}."""
    args = json.loads(sys.stdin.read())
    log("ours: building the index" if not args.get("reuse") else "ours: checking the index")
    built = build(args["corpus"], args["root"], args.get("workers"))
    log(f"ours: {'index unchanged' if built['unchanged'] else 'indexed'} {built['articles']} articles "
        f"in {built['seconds']} s; running {len(args['queries'])} queries")
    results = search(args["root"], args["queries"])
    print(json.dumps({"build": built, "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
