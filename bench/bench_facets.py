"""Benchmark facet counting and the timeline: run_search latency with 0, 1 and 3 facet selections.

    .venv/bin/python bench/bench_facets.py [--corpus PATH] [--scale 20000 100000 200000]
        [--words 8] [--repeat 5] [--seed 1] [--workers W]

For each size the corpus is recombined to N articles (corpora.py), indexed
with our reindex, and run_search (which always counts every facet and the
timeline) is timed for the empty query (browsing all articles) and for the
corpus's most common words, each with no selection, one district, three
districts (OR inside a facet) and district + reporter + paper (AND across
facets). Prints one JSON object; latencies in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections import Counter

import jieba

from common import log, machine, run_task
from corpora import DISTRICT_NAMES, REPORTERS, SOURCES, load_articles, prepare, workdir

CHINESE = re.compile(r"[\u4e00-\u9fff]+")
SELECTIONS = {
    "no_selection": {},
    "one_district": {"district": DISTRICT_NAMES[:1]},
    "three_districts": {"district": DISTRICT_NAMES[:3]},
    "district_reporter_source": {"district": DISTRICT_NAMES[:1], "reporter": REPORTERS[:1],
                                 "source": [SOURCES[0][0]]},
}


def common_words(records: list[dict], count: int) -> list[str]:
    """The most frequent jieba words of two or more Chinese characters in the first 500 articles."""
    counts: Counter[str] = Counter()
    for r in records[:500]:
        words = jieba.lcut(r.get("body") or "")
        counts.update(w for w in words if len(w) >= 2 and CHINESE.fullmatch(w))
    return [w for w, _ in counts.most_common(count)]


def cases(words: list[str]) -> list[dict]:
    """Every (query set × selection) combination, named `<queries>/<selection>`."""
    return [{"name": f"{label}/{sel}", "queries": queries, "filters": filters}
            for label, queries in (("all_articles", [""]), ("common_words", words))
            for sel, filters in SELECTIONS.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="JSONL file or corpus directory (default: the bundled samples)")
    parser.add_argument("--scale", type=int, nargs="+", default=[20000, 100000, 200000])
    parser.add_argument("--words", type=int, default=8, help="common words to query")
    parser.add_argument("--repeat", type=int, default=5, help="times each query is run per case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="analysis processes for our reindex (default: its own)")
    args = parser.parse_args()
    jieba.setLogLevel(60)

    base = load_articles(args.corpus)
    result = {"benchmark": "facets", "corpus": args.corpus or "corpus/samples", "seed": args.seed,
              "machine": machine(), "what": "run_search latency (ms) per case; each search counts all facets "
              "(each with the other facets' selections applied) and the timeline; mean_matches = articles "
              "matching query and selections; the first repetition of a query runs with a cold postings "
              "cache, the others warm", "sizes": []}
    with workdir() as folder:
        for size in sorted(args.scale):
            records, corpus, stats = prepare(base, size, args.seed, folder)
            words = common_words(records, args.words)
            del records
            log(f"corpus of {stats['articles']} articles; building")
            root = folder / "ours"
            build = run_task("build_ours", corpus=str(corpus), root=str(root), workers=args.workers)
            log("timing searches")
            timing = run_task("browse_ours", root=str(root), cases=cases(words), repeat=args.repeat)
            result["sizes"].append({"articles": stats["articles"], "words": words,
                                    "build_seconds": build.get("seconds"), **timing})
            shutil.rmtree(root, ignore_errors=True)
            corpus.unlink()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
