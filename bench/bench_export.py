"""Benchmark whole-result exports: CSV and JSON Lines of 10k and 100k results, time and memory.

    .venv/bin/python bench/bench_export.py --corpus ../shared/bench-data/cctv_xwlb_2022_2026.jsonl \
        --scale 100000 [--index DIR] [--seed 1] [--workers W]

Builds a scaled index (corpora.py; kept and reused with --index), then in a
fresh process per case GETs /export.csv or /export.jsonl from the real app
(`sort=oldest`, every article), reading the streamed body and keeping none
of it, and reports the resident memory before, the highest seen while
streaming and the process peak. Flat growth from 10k to 100k rows shows the
export's memory is bounded (an index-sized constant, not a per-row cost).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from common import log, machine, run_task
from corpora import load_articles, prepare, workdir

CASES = [("/export.csv?sort=oldest", 10_000), ("/export.csv?sort=oldest", None),
         ("/export.jsonl?sort=oldest", None), ("/export.csv?q=%E5%8F%91%E5%B1%95&sort=relevance", None)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="JSONL file or corpus directory (default: the bundled samples)")
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--index", help="build the index here (reused when it exists) instead of a temporary one")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    result = {"benchmark": "export", "corpus": args.corpus or "corpus/samples", "scale": args.scale,
              "machine": machine(), "what": "GET of a whole-result export from the real app, body streamed and "
              "discarded; rss in MB (before = index loaded and warm; growth = highest while streaming - before; "
              "peak = the process's resident high-water mark, VmHWM, index loading included)", "cases": []}
    with workdir() as folder:
        root = Path(args.index) if args.index else folder / "index"
        if not (root / "CURRENT").exists():
            _, corpus, stats = prepare(load_articles(args.corpus), args.scale, args.seed, folder)
            log(f"corpus of {stats['articles']} articles; building {root}")
            result["build"] = run_task("build_ours", corpus=str(corpus), root=str(root), workers=args.workers)
            corpus.unlink()
        for path, limit in CASES:
            log(f"exporting {path} (limit {limit})")
            result["cases"].append(run_task("export_streaming", root=str(root), path=path, limit=limit))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
