"""Relevance benchmark: graded queries over the news corpus, our engine against two BM25 baselines.

    .venv/bin/python bench/relevance.py [--corpus PATH] [--index DIR] [--json-per-query]
    .venv/bin/python bench/relevance.py --pool [--pool-text CHARS]

Runs every query of `bench/relevance/queries.json` through our engine
(`relevance_ours.py`, in a child process) and through the two baselines of
`relevance_baselines.py` (BM25 over character bigrams; BM25F over jieba words
with the title weighted 3), and scores each system's first page of 10 against
the graded judgments in `bench/relevance/judgments.json`
(`{query_id: {record_id: grade}}`): nDCG@10, P@10, MRR, empty pages and the
unjudged documents in the top 10 — for the development queries, the held-out
queries and all of them. Prints one JSON object on stdout and a table on stderr.

`--pool` prints instead the pooled (query, record) pairs — the union of the
three systems' top 10 — that have no judgment yet; add them to the judgments
file after reading the articles (`--pool-text` prints the articles' opening
text beside them, for reading; never commit it). `--index DIR` keeps the built
indexes (ours and the baselines') in DIR for the next run, rebuilding each when
the corpus or the code that builds it changed; by default they go to a
temporary directory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import relevance_baselines as baselines
from common import BENCH, ROOT, log, machine
from relevance_metrics import page_scores, summary

DATA = BENCH / "relevance"
DEFAULT_CORPUS = "../shared/bench-data/cctv_xwlb_2022_2026.jsonl"  # relative to the repository root
SYSTEMS = ("ours", "bm25_bigrams", "bm25_words_title")
SETS = ("dev", "held_out", "all")

WHAT = {
    "ours": "run_search(IndexHandle(root).current(), SearchRequest(q=…)): the first page the web shows",
    "ndcg@10": "mean nDCG@10 with gains 2/1/0 and the ideal ranking taken from all judged documents of "
               "the query; unjudged documents count as 0",
    "p@10": "mean share of the first 10 results graded ≥ 1 (a short page counts its missing ranks as 0)",
    "mrr": "mean reciprocal rank of the first result graded ≥ 1 within the first 10 (0 if none)",
    "scored": "queries with at least one document graded ≥ 1; the three means are over these",
    "empty_pages": "queries (of all in the set) for which the system returned no result at all",
    "unjudged_in_top10": "documents in the system's first 10 results with no judgment, summed over the "
                         "queries; run --pool and judge them when this is not 0",
    "bm25_bigrams": "BM25 (k1 1.2, b 0.75) over character bigrams of title + body, OR of the query's bigrams",
    "bm25_words_title": "BM25F over jieba (0.42.1) words, title term frequency and length weighted 3, OR",
}


def read_json(path: Path, default):
    """A JSON file's value, or `default` when the file does not exist."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


def load_records(corpus: Path) -> list[dict]:
    """The corpus's JSONL records: id, title and body (nothing else is needed)."""
    with open(corpus, encoding="utf-8") as lines:
        return [{k: r.get(k) or "" for k in ("id", "title", "body")}
                for r in map(json.loads, filter(str.strip, lines))]


def corpus_key(corpus: Path) -> str:
    """Short content hash of the corpus file: cached baseline indexes are only reused for the same file."""
    h = hashlib.blake2b(digest_size=8)
    with open(corpus, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def code_key() -> str:
    """Hash of the project's Python sources outside bench/ and tests/: a kept index of ours is only
    reused when the code that built it is unchanged."""
    h = hashlib.blake2b(digest_size=8)
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in (".venv", "bench", "tests"):
            h.update(str(rel).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def run_ours(corpus: Path, cache: Path, queries: list[str], workers: int | None) -> dict:
    """Build (or reuse) our index and run the queries, in a fresh interpreter (see relevance_ours.py)."""
    root, stamp, key = cache / "ours", cache / "ours.code", code_key()
    if root.exists() and (not stamp.exists() or stamp.read_text() != key):
        log("ours: the project's code changed since the kept index was built; rebuilding it")
        shutil.rmtree(root)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    args = {"corpus": str(corpus), "root": str(root), "queries": queries, "workers": workers,
            "reuse": (root / "CURRENT").exists()}
    proc = subprocess.run([sys.executable, str(BENCH / "relevance_ours.py")], input=json.dumps(args),
                          stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"our engine failed (exit code {proc.returncode}); see the traceback above")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_systems(args, queries: list[dict], cache: Path) -> tuple[dict, dict, list[dict]]:
    """Each system's `{"ids", "total"}` per query, seconds per stage, and the corpus records."""
    seconds = {}
    started = time.perf_counter()
    records = load_records(args.corpus)
    key = corpus_key(args.corpus)
    seconds["load_corpus"] = round(time.perf_counter() - started, 2)
    log(f"{len(records)} articles, {len(queries)} queries")
    texts = [q["q"] for q in queries]
    results = {}
    started = time.perf_counter()
    ours = run_ours(args.corpus, cache, texts, args.workers)
    results["ours"] = ours["results"]
    seconds["ours_build" if not ours["build"]["unchanged"] else "ours_reuse"] = ours["build"]["seconds"]
    seconds["ours_total"] = round(time.perf_counter() - started, 2)
    ids = [r["id"] for r in records]
    for name in SYSTEMS[1:]:
        started = time.perf_counter()
        index = baselines.load_or_build(name, records, cache / "baselines", key, log)
        results[name] = baselines.run(name, index, texts, ids)
        seconds[name] = round(time.perf_counter() - started, 2)
        del index
    return results, seconds, records


def pool(queries: list[dict], results: dict, judgments: dict, records: list[dict], text_chars: int) -> list:
    """The pooled (query, record) pairs without a judgment, with each system's rank of the record."""
    by_id = {r["id"]: r for r in records} if text_chars else {}
    out = []
    for i, q in enumerate(queries):
        ranks: dict[str, dict[str, int]] = {}
        for name in SYSTEMS:
            for rank, rid in enumerate(results[name][i]["ids"][:10], 1):
                ranks.setdefault(rid, {})[name] = rank
        for rid, where in sorted(ranks.items(), key=lambda kv: min(kv[1].values())):
            if rid in judgments.get(q["id"], {}):
                continue
            item = {"query": q["id"], "q": q["q"], "need": q["need"], "id": rid, "ranks": where}
            if text_chars:
                item["title"] = by_id[rid]["title"]
                item["text"] = by_id[rid]["body"][:text_chars]
            out.append(item)
    return out


def per_query(queries: list[dict], results: dict, judgments: dict) -> list[dict]:
    """Scores of every system on every query."""
    rows = []
    for i, q in enumerate(queries):
        judged = judgments.get(q["id"], {})
        row = {k: q[k] for k in ("id", "set", "type", "q")}
        row["judged"] = len(judged)
        row["relevant"] = sum(g >= 1 for g in judged.values())
        for name in SYSTEMS:
            res = results[name][i]
            row[name] = {**page_scores(res["ids"], judged), "total": res["total"],
                         "grades": [judged.get(rid) for rid in res["ids"][:10]]}
        rows.append(row)
    return rows


def report(rows: list[dict]) -> dict:
    """Each system's summary on the development set, the held-out set and all queries."""
    out = {}
    for name in SYSTEMS:
        out[name] = {}
        for s in SETS:
            chosen = [{**r[name], "id": r["id"]} for r in rows if s == "all" or r["set"] == s]
            out[name][s] = summary(chosen)
    return out


def table(systems: dict) -> str:
    """The summaries as a plain-text table (for stderr)."""
    lines = [f"{'set':<9} {'system':<17} {'queries':>7} {'nDCG@10':>8} {'P@10':>6} {'MRR':>6} "
             f"{'empty':>6} {'unjudged':>9}"]
    for s in SETS:
        for name in SYSTEMS:
            m = systems[name][s]
            lines.append(f"{s:<9} {name:<17} {m['queries']:>7} {m['ndcg@10']:>8} {m['p@10']:>6} "
                         f"{m['mrr']:>6} {m['empty_pages']:>6} {m['unjudged_in_top10']:>9}")
    return "\n".join(lines)


def query_table(rows: list[dict]) -> str:
    """nDCG@10 and number of matches of every system on every query (for stderr)."""
    lines = [f"{'query':<6} {'set':<8} {'type':<12} " + " ".join(f"{n:>22}" for n in SYSTEMS) + "  q"]
    for r in rows:
        cells = " ".join(f"{str(r[n]['ndcg']):>6} ({r[n]['total']:>6} hits)".rjust(22) for n in SYSTEMS)
        lines.append(f"{r['id']:<6} {r['set']:<8} {r['type']:<12} {cells}  {r['q']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS,
                        help="JSONL news corpus (default: %(default)s, relative to the repository root)")
    parser.add_argument("--index", help="directory that keeps the built indexes between runs "
                                        "(default: a temporary directory, removed afterwards)")
    parser.add_argument("--queries", default=str(DATA / "queries.json"))
    parser.add_argument("--judgments", default=str(DATA / "judgments.json"))
    parser.add_argument("--pool", action="store_true", help="print the unjudged pooled pairs instead")
    parser.add_argument("--pool-text", type=int, default=0, metavar="CHARS",
                        help="with --pool: the title and the first CHARS characters of each body")
    parser.add_argument("--json-per-query", action="store_true", help="add every query's scores")
    parser.add_argument("--workers", type=int, help="indexing processes for our engine (default: its own)")
    args = parser.parse_args()
    args.corpus = (ROOT / args.corpus).resolve()  # an absolute path stays as it is

    started = time.perf_counter()
    queries = read_json(Path(args.queries), [])
    judgments = read_json(Path(args.judgments), {})
    with tempfile.TemporaryDirectory(prefix="yuwen-relevance-") as tmp:
        cache = Path(args.index) if args.index else Path(tmp)
        results, seconds, records = run_systems(args, queries, cache)
    if args.pool:
        pairs = pool(queries, results, judgments, records, args.pool_text)
        log(f"{len(pairs)} unjudged pooled pairs over {len({p['query'] for p in pairs})} queries")
        print(json.dumps(pairs, ensure_ascii=False, indent=1))
        return
    rows = per_query(queries, results, judgments)
    systems = report(rows)
    seconds["total"] = round(time.perf_counter() - started, 2)
    out = {"benchmark": "relevance", "corpus": str(Path(args.corpus).name), "articles": len(records),
           "queries": {s: sum(q["set"] == s for q in queries) for s in SETS[:2]},
           "judgments": sum(len(v) for v in judgments.values()), "machine": machine(),
           "seconds": seconds, "what": WHAT, "systems": systems,
           "no_relevant_judged": [r["id"] for r in rows if r["relevant"] == 0],
           "empty": {name: [r["id"] for r in rows if r[name]["total"] == 0] for name in SYSTEMS}}
    if args.json_per_query:
        out["per_query"] = rows
        log("\n" + query_table(rows))
    log("\n" + table(systems))
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
