"""Compare our engine with tantivy on the same articles and queries: build rate, size, memory, latency, totals.

    .venv/bin/python bench/bench_engines.py [--corpus PATH] [--scale N ...] [--queries 300] [--seed 1]
        [--query-pool 20000] [--workers W] [--tantivy-heap-mb 512] [--tantivy-threads T]
        [--skip-ours] [--skip-tantivy] [--keep DIR]

Each size's corpus is recombined from --corpus (see corpora.py; without
--scale the corpus is used as it is). The queries are drawn once (workload.py,
--seed) from the first --query-pool articles, which are the same at every
size (the recombination is sequential), so every size runs the same queries.
Each engine is built, then measured, in a child process of its own whose
process tree's memory is sampled. tantivy indexes our bigram tokens and runs
our parse of each query (tantivy_engine.py); the hit totals and facet counts
of the two engines are compared query by query. Prints one JSON object on
stdout; its "what" key says what each figure covers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

from common import TREE_SAMPLE_SECONDS, log, machine, ratio, run_task, run_task_watched, scale_arguments
from corpora import load_articles, prepare, workdir
from workload import Haystack, make_queries

WARMUP = 10  # queries run before timing, drawn apart from the timed ones
QUERY_POOL = 20_000
TARGETS = {"build_rate": 0.5, "index_size": 2.0, "run_search_p95_ms": 100.0, "p95_over_tantivy": 5.0}

WHAT = {
    "build": "one build in its own child process, reading a JSONL file of the size's articles; "
             "articles_per_s = articles / seconds. ours: index.build.reindex with its forked analysis "
             "workers. tantivy: one IndexWriter with `threads` indexing threads sharing `heap_mb` MiB, "
             "fed by Python add_json from a file of pre-tokenised documents, timed to the end of its "
             "merges; making that file (our analysis, in Python) is tantivy.input.seconds, not counted",
    "tree_memory": f"peak memory of the child process and all its descendants, sampled every "
                   f"{TREE_SAMPLE_SECONDS:g} s with psutil: pss_mb sums their PSS (shared pages divided "
                   "among the processes mapping them: what the tree occupies; the headline figure), rss_mb their RSS "
                   "(shared pages counted in each process: an upper bound); processes: most at once",
    "peak_memory": "peak RSS of the child itself since it started (VmHWM), and ru_maxrss of its largest "
                   "finished child process",
    "peak_mb": "the build's peak memory, the figure compared: the larger of tree_memory.pss_mb and "
               "peak_memory.process_mb (exact for one process, so a short peak between two samples "
               "still counts)",
    "index_mb": "bytes under the index directory after the build (ours: the published generation "
                "with word fields, bigram fields, stored records, doc values and lexicon; tantivy: "
                "bigram fields, facet fast fields, stored records)",
    "ours.run_search_ms": "run_search as the web page calls it: parse, top 10, all six facets (30 "
                          "buckets each), the timeline, snippets, entity offers; relaxation when few "
                          "match; one pass on a freshly loaded index (cold postings cache) after 10 "
                          "warm-up queries",
    "ours.top10_bare_ms": "parse_query + engine.retrieve of the top 10 alone (no facets, timeline or "
                          "snippets), on another freshly loaded index",
    "tantivy.top10_facets_ms": "Query built from our parse, searcher.search top 10 with the count, the "
                               "10 stored documents read, and searcher.aggregate with a terms "
                               "aggregation per facet (30 buckets; months: all of them, the timeline), "
                               "on a freshly opened index after the same 10 warm-up queries",
    "tantivy.top10_ms": "the same without the count and the aggregations",
    "translation": "tantivy runs our parse of each query (ours.query_plan, made where our engine ran "
                   "it): a term is a phrase of its bigrams in the title or the body, a term of one "
                   "Chinese character the regex c|c.|.c over the term dictionary (our index has edge "
                   "unigrams for it, tantivy's tokens don't): those queries set tantivy's max; "
                   "function words (score-only clauses) are left out, they never change the matches",
    "latency": "milliseconds over the query set: p50, p95, max (n queries), the same by query kind "
               "(workload.py: words, phrase, rare), and the 5 slowest queries",
    "totals": "per query, all matches of the query as parsed (ours: engine.retrieve, never relaxed, "
              "120 s limit; tantivy: the translated query's count), and every facet's counts over "
              "them; different_total lists queries whose totals differ",
    "targets": "the issue's targets: build rate ours/tantivy ≥ 0.5 (within 2×), index size "
               "ours/tantivy ≤ 2, our run_search p95 ≤ 100 ms and ≤ 5 × tantivy's top10_facets p95",
    "growth": "per engine and size: build seconds, build peak_mb, index MB, latency (ours: run_search, "
              "tantivy: top10_facets); "
              "`factor`: each figure divided by the previous size's, beside the articles' factor",
}


def workload(records: list[dict], seed: int, queries: int) -> dict:
    """Timed and warm-up queries drawn from the records (the same ones at every size)."""
    hay = Haystack(records)
    return {"queries": make_queries(records, hay, queries, seed),
            "warmup": make_queries(records, hay, WARMUP, seed + 100)}


def build_figures(result: dict, text_mb: float) -> dict:
    """Add articles/s, MB of text per second and the peak memory (see WHAT["peak_mb"]) to a build result."""
    if "error" in result:
        return result
    seconds = result["seconds"] or 1e-9
    return {**result, "articles_per_s": round(result["articles"] / seconds, 1),
            "mb_per_s": round(text_mb / seconds, 3), "peak_mb": peak_mb(result)}


def peak_mb(result: dict) -> float:
    """The larger of the tree's sampled PSS peak and the child's own peak RSS."""
    return max(result["tree_memory"]["pss_mb"], result["peak_memory"]["process_mb"])


def run_ours(corpus: Path, root: Path, text_mb: float, work: dict, args) -> dict:
    """Build our index, then time it; totals, facet counts and query plans come back for tantivy."""
    log(f"ours: building {root}")
    build = run_task_watched("build_ours", corpus=str(corpus), root=str(root), workers=args.workers)
    search = run_task_watched("engine_figures_ours", root=str(root), queries=work["queries"],
                              warmup=work["warmup"])
    return {"build": build_figures(build, text_mb), "search": search}


def run_tantivy(corpus: Path, index_dir: Path, text_mb: float, work: dict, plans: dict | None,
                args) -> dict:
    """Write tantivy's documents with our analysis, build tantivy's index, then time it."""
    docs = index_dir.parent / f"{index_dir.name}-documents.jsonl"
    log("tantivy: writing documents with our bigram analysis")
    made = run_task("tantivy_documents_ours", corpus=str(corpus), out=str(docs),
                    queries=None if plans else work["queries"] + work["warmup"])
    if "error" in made:
        return {"input": made}
    if not plans:  # our engine did not run: plans from the parse as reindex teaches jieba
        n = len(work["queries"])
        plans = {"plans": made["plans"][:n], "warmup_plans": made["plans"][n:]}
    made.pop("plans", None)
    log(f"tantivy: building {index_dir} ({args.tantivy_threads} threads, {args.tantivy_heap_mb} MiB)")
    build = run_task_watched("build_tantivy_engine", docs=str(docs), index_dir=str(index_dir),
                             heap_mb=args.tantivy_heap_mb, threads=args.tantivy_threads)
    docs.unlink(missing_ok=True)
    search = run_task_watched("measure_tantivy_engine", index_dir=str(index_dir), queries=work["queries"],
                              plans=plans["plans"], warmup=plans["warmup_plans"])
    return {"input": made, "build": build_figures(build, text_mb), "search": search}


def compare_totals(queries: list[dict], ours: list[dict], theirs: list[dict]) -> dict:
    """Query-by-query agreement of the totals and facet counts of the two engines."""
    rows = list(zip(queries, ours, theirs))
    differ = [{"q": q["q"], "kind": q["kind"], "ours": o["total"], "tantivy": t["total"],
               "ours_complete": o["complete"]} for q, o, t in rows if o["total"] != t["total"]]
    facets = [{"q": q["q"], "facets": differing} for q, o, t in rows if o["total"] == t["total"]
              for differing in [_different_facets(o["facets"], t["facets"])] if differing]
    return {"queries": len(rows), "same_total": len(rows) - len(differ), "different_total": len(differ),
            "examples": differ[:10], "ours_incomplete": sum(not o["complete"] for o in ours),
            "same_total_different_facets": len(facets), "facet_examples": facets[:5],
            "zero_matches": sum(o["total"] == 0 for o in ours),
            "matches": {"ours": sum(o["total"] for o in ours), "tantivy": sum(t["total"] for t in theirs)}}


def _different_facets(a: dict, b: dict) -> list[str]:
    """Facets whose counts differ (a facet with no bucket and a missing facet are the same)."""
    return sorted(n for n in set(a) | set(b) if (a.get(n) or {}) != (b.get(n) or {}))


def targets(ours: dict, tantivy: dict) -> dict:
    """The issue's targets for this size (see WHAT["targets"])."""
    parts = (ours["build"], ours["search"], tantivy["build"], tantivy["search"])
    if any("error" in part for part in parts):
        return {"error": "a task failed"}
    rate = ratio(ours["build"]["articles_per_s"], tantivy["build"]["articles_per_s"])
    size = ratio(ours["build"]["index_mb"], tantivy["build"]["index_mb"])
    p95, their_p95 = ours["search"]["run_search_ms"]["p95"], tantivy["search"]["top10_facets_ms"]["p95"]
    return {"build_rate_ours_over_tantivy": rate, "build_rate_met": rate is not None and rate >= TARGETS["build_rate"],
            "index_size_ours_over_tantivy": size, "index_size_met": size is not None and size <= TARGETS["index_size"],
            "build_peak_memory_ours_over_tantivy": ratio(ours["build"]["peak_mb"], tantivy["build"]["peak_mb"]),
            "run_search_p95_ms": p95, "run_search_p95_met": p95 <= TARGETS["run_search_p95_ms"],
            "run_search_p95_over_tantivy_p95": ratio(p95, their_p95),
            "run_search_p95_within_5x_met": p95 <= TARGETS["p95_over_tantivy"] * their_p95}


def growth(sizes: list[dict]) -> dict:
    """How each engine's figures grow from size to size (see WHAT["growth"])."""
    out = {}
    for engine, latency in (("ours", "run_search_ms"), ("tantivy", "top10_facets_ms")):
        rows = []
        for size in sizes:
            e = size.get(engine)
            if not isinstance(e, dict) or any("error" in e.get(k, {"error": 1}) for k in ("build", "search")):
                continue
            lat = e["search"][latency]
            row = {"articles": size["articles"], "build_s": e["build"]["seconds"],
                   "build_peak_mb": e["build"]["peak_mb"], "index_mb": e["build"]["index_mb"],
                   "p50_ms": lat["p50"], "p95_ms": lat["p95"], "max_ms": lat["max"]}
            if rows:
                row["factor"] = {k: ratio(v, rows[-1][k]) for k, v in row.items()}
            rows.append(row)
        out[engine] = rows
    return out


def run_size(corpus: Path, stats: dict, work: dict, args, where: Path) -> dict:
    """Both engines on the corpus of one size; the comparison."""
    out = {"articles": stats["articles"], "text_mb": stats["text_mb"], "queries": len(work["queries"]),
           "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    plans = None
    if args.skip_ours:
        out["ours"] = "skipped"
    else:
        out["ours"] = run_ours(corpus, where / "ours", stats["text_mb"], work, args)
        search = out["ours"]["search"]
        if "error" not in search:
            plans = {"plans": search.pop("plans"), "warmup_plans": search.pop("warmup_plans")}
    if args.skip_tantivy:
        out["tantivy"] = "skipped"
    else:
        out["tantivy"] = run_tantivy(corpus, where / "tantivy", stats["text_mb"], work, plans, args)
    ours, theirs = out["ours"], out["tantivy"]
    checks = [e["search"].pop("checks", None) if isinstance(e, dict) and "search" in e else None
              for e in (ours, theirs)]
    if all(checks):
        out["totals"] = compare_totals(work["queries"], *checks)
        out["targets"] = targets(ours, theirs)
    if not args.keep:
        shutil.rmtree(where, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scale_arguments(parser)
    parser.add_argument("--query-pool", type=int, default=QUERY_POOL,
                        help="draw the queries from the first N articles (the same at every size)")
    parser.add_argument("--tantivy-heap-mb", type=int, default=512, help="tantivy writer memory, MiB in all")
    parser.add_argument("--tantivy-threads", type=int, default=os.cpu_count() or 1,
                        help="tantivy indexing threads (default: one per core)")
    parser.add_argument("--skip-ours", action="store_true")
    parser.add_argument("--skip-tantivy", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the indexes under DIR/<size>/ and keep them")
    args = parser.parse_args()
    sizes = sorted(args.scale) if args.scale else [None]
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the directory is not empty")

    base = load_articles(args.corpus)
    log(f"loaded {len(base)} articles")
    result = {"benchmark": "engines", "corpus": args.corpus or "corpus/samples", "seed": args.seed,
              "machine": machine(), "what": WHAT,
              "tantivy_writer": {"heap_mb": args.tantivy_heap_mb, "threads": args.tantivy_threads},
              "sizes": []}
    work = None
    with workdir() as folder:
        for size in sizes:
            records, corpus, stats = prepare(base, size, args.seed, folder)
            log(f"corpus of {stats['articles']} articles ({stats['text_mb']} MB of text)")
            if work is None:
                work = workload(records[:args.query_pool], args.seed, args.queries)
                result["query_pool"] = min(len(records), args.query_pool)
            del records
            where = (args.keep or folder) / str(size or "as-is")
            where.mkdir(parents=True, exist_ok=True)
            result["sizes"].append(run_size(corpus, stats, work, args, where))
            corpus.unlink()
    result["growth"] = growth(result["sizes"])
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
