"""Benchmark an incremental reindex: add a file of new articles to a large index, and query speed around it.

    .venv/bin/python bench/bench_incremental.py [--corpus PATH] [--scale 1000000] [--add 1000]
        [--queries 200] [--keep DIR] [--seed 1]

The corpus is recombined to N articles (corpora.py) and indexed with a full
reindex (or an index kept from an earlier run with `--keep DIR` is reused);
then a second file of `--add` new recombined articles is added with
`reindex(incremental=True)`. Prints one JSON object: the full build, the
incremental run (seconds, articles/s, peak memory of its process tree), and
run_search latency p50/p95/max over the same queries before and after, each
on a freshly loaded index in its own process.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from common import log, machine, run_task_watched
from corpora import load_articles, prepare, scaled, workdir, write_jsonl
from workload import Haystack, make_queries


def extra_records(base: list[dict], count: int, seed: int) -> list[dict]:
    """`count` new articles: recombined like the corpus (another seed), with ids of their own."""
    return [{**r, "id": f"added-{i:06d}"} for i, r in enumerate(scaled(base, count, seed + 1000))]


def run(args, folder: Path) -> dict:
    base = load_articles(args.corpus)
    records, corpus, stats = prepare(base, args.scale, args.seed, folder)
    queries = make_queries(records[:20000], Haystack(records[:20000]), args.queries, args.seed)
    root = Path(args.keep) / "index" if args.keep else folder / "index"
    out = {"benchmark": "incremental", "machine": machine(), "articles": stats["articles"], "added": args.add}
    if not (root / "CURRENT").exists():
        log(f"full build of {stats['articles']} articles")
        out["full_build"] = run_task_watched("build_ours", corpus=str(corpus), root=str(root))
    out["before"] = run_task_watched("latency_ours", root=str(root), queries=queries, warmup=queries[:10])
    extra = folder / "added" / "added.jsonl"
    extra.parent.mkdir(exist_ok=True)
    write_jsonl(extra_records(base, args.add, args.seed), extra)
    log(f"incremental reindex adding {args.add} articles")
    out["incremental"] = run_task_watched("incremental_ours", corpus=[str(corpus), str(extra)], root=str(root))
    out["after"] = run_task_watched("latency_ours", root=str(root), queries=queries, warmup=queries[:10])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="JSONL file or corpus directory (default: the bundled samples)")
    parser.add_argument("--scale", type=int, default=200000)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="directory that keeps the corpus index between runs")
    args = parser.parse_args()
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        print(json.dumps(run(args, folder), ensure_ascii=False, indent=1))
        return
    with workdir() as folder:
        print(json.dumps(run(args, folder), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
