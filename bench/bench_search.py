"""Benchmark indexing, query latency and verbatim recall: our engine against the naive jieba + Whoosh setup.

    .venv/bin/python bench/bench_search.py [--corpus PATH] [--scale N ...] [--queries 300]
        [--probes 400] [--seed 1] [--workers W] [--skip-naive] [--naive-max N]

Without --corpus the bundled samples are used; without --scale the corpus is
indexed as it is, otherwise once per size, recombined to N articles (see
corpora.py). The naive configuration runs only at sizes ≤ --naive-max (by
default the smallest size, if it is at most 200k: beyond, its build alone takes
hours), and recall is measured at the smallest size only, if it is at most 200k
(drawing rare probes takes minutes at 100k articles; --probes 0 skips recall).
Prints one JSON object on stdout; the "what" key says what each figure covers.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from common import log, machine, ratio, run_task, scale_arguments
from corpora import DISTRICT_NAMES, load_articles, prepare, workdir
from workload import Haystack, make_probes, make_queries

WARMUP = 10  # queries run before timing, drawn apart from the timed ones
DEFAULT_MAX = 200_000  # largest size the naive setup and the recall probes run at unless told otherwise

WHAT = {
    "build": "one reindex/writer run in its own process, reading the same JSONL file; rates count the "
             "UTF-8 bytes of title+body; peak_memory is the process's peak RSS since it started (VmHWM) "
             "and the ru_maxrss of its largest child process (our parallel analysis/writer workers); "
             "ours.build.stage_seconds: time per stage reindex reports as progress, outside_stages the "
             "rest (e.g. committing segments)",
    "ours.top10_bare_ms": "(a) the ranked query alone through the engine interface: parse_query + "
                          "engine.retrieve of the top 10 by score; no facets, timeline or snippets",
    "ours.run_search_ms": "(b) and (c): run_search, which always computes the top 10, all facets, the "
                          "timeline, highlighted snippets and entity suggestions; each pass on a freshly "
                          "loaded index (cold postings cache); run_search_repeat_ms: the same queries "
                          "again (warm cache)",
    "naive.top10_ms": "(a) MultifieldParser + searcher.search(limit=10)",
    "naive.top10_facets_histogram_ms": "(b) the same with groupedby FieldFacets for reporter, district, "
                                       "source, year and month (the histogram)",
    "naive.top10_snippets_ms": "(c) the same with hit.highlights('body') for each of the 10 hits",
    "recall": "random 2–6 character Chinese substrings of random articles: share whose article is among "
              "all matches, and in the top 10 (only for substrings found in ≤ 10 articles); 'rare' = in "
              "≤ 3 articles",
    "ratios": "speed-ups are naive time ÷ our time (> 1: ours faster); rates and sizes are ours ÷ naive",
    "latency": "milliseconds: p50 (median), p95, max over the query set, after 10 other warm-up queries; "
               "ours also gives them by query kind, the 5 slowest queries, searches cut off by the time "
               "limit, the load time and the resident memory after loading and after the queries",
    "peak_memory_after_queries": "peak RSS (VmHWM) of the measuring process after the latency passes, before "
                                 "the recall probes",
}


def build_figures(result: dict, text_mb: float) -> dict:
    """Add articles/s and MB/s to a build result."""
    if "error" in result:
        return result
    seconds = result["seconds"] or 1e-9
    return {**result, "articles_per_s": round(result["articles"] / seconds, 1),
            "mb_per_s": round(text_mb / seconds, 3)}


def total_mb(build: dict) -> float:
    """Peak memory of a build: its process plus its largest child."""
    return build["peak_memory"]["process_mb"] + build["peak_memory"]["largest_child_mb"]


def ratios(ours: dict, naive: dict) -> dict:
    """Naive-to-ours comparisons of one size (see WHAT["ratios"])."""
    o, n = ours["search"], naive["search"]
    if any("error" in part for part in (o, n, ours["build"], naive["build"])):
        return {"error": "a task failed"}
    out = {
        "indexing_rate_ours_over_naive": ratio(ours["build"]["articles_per_s"],
                                               naive["build"]["articles_per_s"]),
        "index_size_ours_over_naive": ratio(ours["build"]["index_mb"], naive["build"]["index_mb"]),
        "build_peak_memory_ours_over_naive": ratio(total_mb(ours["build"]), total_mb(naive["build"])),
    }
    for stat in ("p50", "p95"):
        out[f"top10_speedup_{stat}"] = ratio(n["top10_ms"][stat], o["top10_bare_ms"][stat])
        out[f"facets_speedup_{stat}"] = ratio(n["top10_facets_histogram_ms"][stat], o["run_search_ms"][stat])
        out[f"snippets_speedup_{stat}"] = ratio(n["top10_snippets_ms"][stat], o["run_search_ms"][stat])
    return out


def workload(records: list[dict], seed: int, queries: int, probes: int) -> dict:
    """Timed queries, warm-up queries and recall probes drawn from the corpus."""
    hay = Haystack(records)
    return {"queries": make_queries(records, hay, queries, seed),
            "warmup": make_queries(records, hay, WARMUP, seed + 100),
            "probes": make_probes(records, hay, probes, seed) if probes else []}


def run_ours(corpus: Path, root: Path, text_mb: float, work: dict, workers: int | None) -> dict:
    """Build our index, then time it; the index is removed afterwards."""
    log("ours: building")
    build = run_task("build_ours", corpus=str(corpus), root=str(root), workers=workers)
    build = build_figures(build, text_mb)
    one_district = {"district": DISTRICT_NAMES[:1]}
    cases = [{"name": "all_articles", "queries": [""], "filters": {}},
             {"name": "all_articles_one_district", "queries": [""], "filters": one_district}]
    search = run_task("measure_ours", root=str(root), cases=cases, **work)
    shutil.rmtree(root, ignore_errors=True)
    return {"build": build, "search": search}


def run_naive(corpus: Path, index_dir: Path, text_mb: float, work: dict) -> dict:
    """Build the naive index, then time it; the index is removed afterwards."""
    log("naive: building")
    build = build_figures(run_task("build_naive", corpus=str(corpus), index_dir=str(index_dir)), text_mb)
    search = run_task("measure_naive", index_dir=str(index_dir), **work)
    shutil.rmtree(index_dir, ignore_errors=True)
    return {"build": build, "search": search}


def run_size(base: list[dict], size: int | None, args, folder: Path, first: bool) -> dict:
    """Build and query both configurations on the corpus of one size (recall at the first only)."""
    records, corpus, stats = prepare(base, size, args.seed, folder)
    log(f"corpus of {stats['articles']} articles ({stats['text_mb']} MB of text)")
    work = workload(records, args.seed, args.queries, args.probes if first and (size or 0) <= DEFAULT_MAX else 0)
    del records
    out = {"articles": stats["articles"], "text_mb": stats["text_mb"], "scaled": size is not None,
           "queries": len(work["queries"]), "probes": len(work["probes"])}
    out["ours"] = run_ours(corpus, folder / "ours", stats["text_mb"], work, args.workers)
    naive_max = args.naive_max if args.naive_max is not None else min((args.scale or [0])[0], DEFAULT_MAX)
    if args.skip_naive or (size is not None and size > naive_max):
        out["naive"] = "skipped"
    else:
        out["naive"] = run_naive(corpus, folder / "naive", stats["text_mb"], work)
        out["ratios"] = ratios(out["ours"], out["naive"])
    corpus.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scale_arguments(parser)
    parser.add_argument("--probes", type=int, default=400, help="verbatim-recall substrings")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--naive-max", type=int, help="largest size the naive setup runs at")
    args = parser.parse_args()
    if args.scale:
        args.scale.sort()

    base = load_articles(args.corpus)
    log(f"loaded {len(base)} articles")
    result = {"benchmark": "search", "corpus": args.corpus or "corpus/samples", "seed": args.seed,
              "machine": machine(), "what": WHAT, "sizes": []}
    with workdir() as folder:
        for i, size in enumerate(args.scale or [None]):
            result["sizes"].append(run_size(base, size, args, folder, first=i == 0))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
