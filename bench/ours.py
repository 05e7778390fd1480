"""Our configuration, through its public functions: `reindex`, `IndexHandle`, `run_search`, `parse_query`.

Runs inside a `tasks.py` child process.
"""

from __future__ import annotations

import time


from common import dir_size_mb, log, peak_memory_mb, percentiles, rss_mb, timed
from index.build import reindex
from index.progress import Progress
from search.engine.base import Retrieval
from search.engine.budget import Deadline
from search.engine.handle import IndexHandle
from search.query import Clause, Term, parse_query
from search.request import SearchRequest
from search.run import SEARCH_SECONDS, run_search
from workload import CAP, recall_summary


class StageTimer(Progress):
    """Progress that also records the seconds spent in each stage reindex reports."""

    def __init__(self):
        super().__init__(interval=20)
        self.seconds: dict[str, float] = {}
        self._stage_name, self._stage_start = None, 0.0

    def start(self, stage: str, total: int, unit: str = "item") -> None:
        super().start(stage, total, unit)  # closes (and so times) the previous stage first
        self._stage_name, self._stage_start = stage, time.perf_counter()

    def close(self) -> None:
        if self._stage_name:
            elapsed = time.perf_counter() - self._stage_start
            self.seconds[self._stage_name] = round(self.seconds.get(self._stage_name, 0) + elapsed, 2)
            self._stage_name = None
        super().close()


def build(corpus: str, root: str, workers: int | None = None) -> dict:
    """Index the JSONL corpus under `root` with `reindex`; rate, size, peak memory, time per stage."""
    stages = StageTimer()
    started = time.perf_counter()
    report = reindex([corpus], root, workers=workers, progress=stages)
    seconds = time.perf_counter() - started
    stages.seconds["outside_stages"] = round(seconds - sum(stages.seconds.values()), 2)
    return {"articles": report.total_articles, "seconds": round(seconds, 2), "stage_seconds": stages.seconds,
            "index_mb": dir_size_mb(root), "peak_memory": peak_memory_mb(),
            "warnings": len(report.warnings), "skipped": len(report.skipped)}


def top10(engine, text: str) -> list[str]:
    """Ids of the 10 best matches: the ranked query alone, no facets, timeline or snippets."""
    r = Retrieval(query=parse_query(text), size=10, facets=(), timeline=False)
    return [h.record["id"] for h in engine.retrieve(r, Deadline(SEARCH_SECONDS)).hits]


def search(index, text: str, **filters) -> dict:
    """run_search as the web page calls it: top 10 with facets, timeline, snippets and entities."""
    return run_search(index, SearchRequest(q=text, filters={k: list(v) for k, v in filters.items()}))


def matches(engine, text: str, article_id: str) -> bool:
    """Whether the article is among all matches of the query (not only the first page)."""
    query = parse_query(text)
    query.clauses.append(Clause([Term(article_id, field="id")]))
    r = Retrieval(query=query, size=0, facets=(), timeline=False)
    return engine.retrieve(r, Deadline(SEARCH_SECONDS)).total == 1


def load(root: str):
    """The index's live generation, loaded as the server loads it; and how long that took."""
    ms, index = timed(lambda: IndexHandle(root).current())
    log(f"ours: loaded index in {ms:.0f} ms")
    return index, ms


def browse_cases(index, cases: list[dict], repeat: int = 10) -> dict:
    """run_search latency of each case `{"name", "queries", "filters"}`, every query `repeat` times."""
    out = {}
    for case in cases:
        search(index, case["queries"][0], **case["filters"])  # warm-up
        times, totals = [], []
        for _ in range(repeat):
            for q in case["queries"]:
                ms, result = timed(search, index, q, **case["filters"])
                times.append(ms)
                totals.append(result["total"])
        out[case["name"]] = {**percentiles(times), "mean_matches": round(sum(totals) / len(totals))}
    return out


def browse(root: str, cases: list[dict], repeat: int = 10) -> dict:
    """Facet and timeline latency: `browse_cases` on a freshly loaded index."""
    index, load_ms = load(root)
    return {"load_ms": round(load_ms, 1), "cases": browse_cases(index, cases, repeat),
            "peak_memory": peak_memory_mb()}


def latency_pass(root: str, fn, queries: list[dict], warmup: list[dict]) -> tuple[object, dict]:
    """Time `fn(index, q)` for every query on a freshly loaded index; the index and the figures."""
    index, load_ms = load(root)
    rss_loaded = rss_mb()
    for item in warmup:
        fn(index, item["q"])
    times, by_kind, timed_out = [], {}, 0
    for item in queries:
        ms, result = timed(fn, index, item["q"])
        times.append(ms)
        by_kind.setdefault(item["kind"], []).append(ms)
        timed_out += isinstance(result, dict) and bool(result["timed_out"])
    slowest = sorted(zip(times, queries), key=lambda pair: -pair[0])[:5]
    return index, {"load_ms": round(load_ms, 1), **percentiles(times),
                   "by_kind": {k: percentiles(v) for k, v in by_kind.items()},
                   "slowest": [{"q": item["q"], "ms": round(ms, 1)} for ms, item in slowest],
                   "timed_out": timed_out, "rss_mb": {"after_load": rss_loaded, "after_queries": rss_mb()}}


def measure(root: str, queries: list[dict], warmup: list[dict], probes: list[dict],
            cases: list[dict] | None = None) -> dict:
    """Latencies of the queries, verbatim recall of the probes, browse `cases` and suggest latencies.

    The bare and the full pass each get a freshly loaded index, so neither profits from
    postings the other cached; a second full pass shows the same queries with a warm cache.
    """
    log(f"ours: {len(queries)} queries, top 10 only")
    index, bare = latency_pass(root, top10, queries, warmup)
    out = {"top10_bare_ms": bare}
    del index
    log(f"ours: {len(queries)} queries, run_search")
    index, out["run_search_ms"] = latency_pass(root, search, queries, warmup)
    out["run_search_repeat_ms"] = percentiles([timed(search, index, item["q"])[0] for item in queries])
    out["peak_memory_after_queries"] = peak_memory_mb()
    out["browse_ms"] = browse_cases(index, cases or [])
    out["suggest_ms"] = suggest_latency(index, queries)
    if probes:
        out["recall"], out["recall_anomalies"] = recall(index, probes)
    out["peak_memory"] = peak_memory_mb()
    return out


def recall(index, probes: list[dict]) -> tuple[dict, dict]:
    """Verbatim recall of the probes, plus probes whose match count differs from the verbatim count."""
    log(f"ours: {len(probes)} recall probes")
    found, wrong_total = [], []
    for p in probes:
        result = search(index, p["text"])
        ids = [h["id"] for h in result["hits"]]
        found.append({"matched": matches(index, p["text"], p["id"]), "top10": p["id"] in ids})
        if p["articles"] <= CAP and result["total"] != p["articles"]:
            wrong_total.append({"q": p["text"], "contains": p["articles"], "total": result["total"]})
    anomalies = {"total_differs_from_verbatim_count": len(wrong_total), "examples": wrong_total[:8],
                 "not_matched_examples": [p["text"] for p, f in zip(probes, found) if not f["matched"]][:8]}
    return recall_summary(probes, found), anomalies


def suggest_latency(index, queries: list[dict]) -> dict:
    """/api/suggest-equivalent calls on this index's lexicon: prefixes of its entities and of query words."""
    names = [e.name for e in index.lexicon.entities][:200]
    prompts = [n[:k] for n in names for k in (1, 2)] + [q["q"].strip('"')[:2] for q in queries[:100]]
    for p in prompts[:10]:
        index.entities.suggest(p)
    times = [timed(index.entities.suggest, p)[0] for p in prompts]
    return {"entities": len(index.lexicon), **percentiles(times)}
