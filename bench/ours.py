"""Our configuration, through its public functions: `reindex`, `IndexHandle`, `run_search`, `parse_query`.

Runs inside a `tasks.py` child process. Every use of the project's code by the
benchmarks is here (module paths may move), including what the tantivy
comparison borrows from us: our bigram analysis and our parse of each query.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

from common import dir_size_mb, log, peak_memory_mb, percentiles, rss_mb, timed
from corpus.extract.gazetteer import DISTRICTS, lookup
from index.analysis import add_user_words, bigram_columns, bigram_tokens, is_cjk
from index.build import reindex
from index.sources import file_size, plan, read_piece
from index.workers import MAX_BODY_CHARS, MAX_TITLE_CHARS, document
from index.docvalues import day_number
from index.normalize import normalize
from index.progress import Progress
from search.engine.base import Retrieval
from search.engine.budget import Deadline
from search.engine.evaluate import KEYWORD_FIELDS
from search.engine.handle import IndexHandle
from search.query import MUST, NOT, SHOULD, Clause, Term, parse_query
from search.request import SearchRequest
from search.run import SEARCH_SECONDS, run_search, warm_up
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


def incremental(corpus: list[str], root: str) -> dict:
    """An incremental reindex of the corpus paths into `root`: what it did and how fast."""
    stages = StageTimer()
    started = time.perf_counter()
    report = reindex(corpus, root, incremental=True, progress=stages)
    seconds = time.perf_counter() - started
    return {"articles": report.articles, "files": report.files_indexed, "total": report.total_articles,
            "seconds": round(seconds, 2), "articles_per_s": round(report.articles / seconds, 1) if seconds else None,
            "stage_seconds": stages.seconds, "index_mb": dir_size_mb(root), "peak_memory": peak_memory_mb()}


def latency(root: str, queries: list[dict], warmup: list[dict]) -> dict:
    """run_search latency of the queries on a freshly loaded index (after a few warm-up queries)."""
    return latency_pass(root, search, queries, warmup)[1]


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
    """The index's live generation, loaded and warmed up as the server does it; and how long that took."""
    ms, index = timed(lambda: IndexHandle(root).current())
    warm_up(index)
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


# The engine comparison (bench_engines.py): our figures, and tantivy's input made with our analysis.

TOTALS_SECONDS = 120.0  # the totals check must never be cut short by the search time limit


def engine_figures(root: str, queries: list[dict], warmup: list[dict]) -> dict:
    """Engine-only top 10 and run_search latencies (each pass on a freshly loaded index), totals, plans.

    `checks[i]` is query i's total and facet counts by `engine.retrieve` (no relaxation, a generous
    time limit); `plans[i]` its parse as plain data for tantivy, made after the index is loaded,
    when jieba knows the index's entity names as it does for a real search.
    """
    log(f"ours: {len(queries)} queries, top 10 only")
    index, bare = latency_pass(root, top10, queries, warmup)
    del index
    log(f"ours: {len(queries)} queries, run_search")
    index, full = latency_pass(root, search, queries, warmup)
    log(f"ours: {len(queries)} queries, totals and facet counts")
    return {"top10_bare_ms": bare, "run_search_ms": full,
            "checks": [total_and_facets(index, item["q"]) for item in queries],
            "plans": [query_plan(item["q"]) for item in queries],
            "warmup_plans": [query_plan(item["q"]) for item in warmup], "peak_memory": peak_memory_mb()}


def total_and_facets(engine, text: str) -> dict:
    """All matches of the parsed query (as typed, never relaxed): their number and every facet's counts."""
    r = Retrieval(query=parse_query(text), size=10, facet_limit=None, timeline=False)
    got = engine.retrieve(r, Deadline(TOTALS_SECONDS))
    return {"total": got.total, "complete": got.complete,
            "facets": {name: {b.value: b.count for b in buckets} for name, buckets in got.facets.items()}}


def query_plan(text: str) -> dict:
    """What decides the matches of our parse of `text`, as plain data another engine can run.

    `{"must": [clause, …], "should": […], "not": […]}`; a clause is a list of alternative terms, a
    term either `{"keyword": "district", "value": "江津区"}` or `{"fields": ["title", "body"],
    "grams": [...], "chars": [...]}`: the text found verbatim, i.e. its bigram tokens at consecutive
    positions, `chars` the indexes of grams that are one Chinese character (our index also holds
    each run's edge characters for those). Score-only clauses (function words) are left out: they
    never change which articles match.

    >>> plan = query_plan('长江 "禁渔" -火锅年')
    >>> [[t["grams"] for t in clause] for clause in plan["must"]], plan["not"]
    ([[['长江']], [['禁渔']]], [[{'fields': ['title', 'body'], 'grams': ['火锅', '锅年'], 'chars': []}]])
    >>> query_plan("2025年")["must"]
    [[{'fields': ['title', 'body'], 'grams': ['2025', '年'], 'chars': [1]}]]
    """
    plan: dict[str, list] = {MUST: [], SHOULD: [], NOT: []}
    for clause in parse_query(text).clauses:
        if clause.role in plan:
            plan[clause.role].append([_plain_term(t) for t in clause.terms])
    return plan


def _plain_term(term: Term) -> dict:
    if term.field in KEYWORD_FIELDS:  # as the evaluator reads a keyword term
        value = term.text.strip()
        if term.field == "district":
            district = lookup(normalize(value)) or lookup(value)
            value = district.name if district else value
        return {"keyword": term.field, "value": value}
    grams = [g for g, _ in bigram_tokens(term.text, index=False)]
    return {"fields": ["title"] if term.field == "title" else ["title", "body"], "grams": grams,
            "chars": [i for i, g in enumerate(grams) if len(g) == 1 and is_cjk(g)]}


def bigram_text(text: str) -> str:
    """Our bigram tokens of a text (normalised, overlapping Chinese bigrams, Latin/number runs whole), space-separated.

    >>> bigram_text("長江經濟帶 PM2.5")
    '长江 江经 经济 济带 pm2.5'
    """
    return " ".join(bigram_columns(text, index=False)[0])


def tantivy_documents(corpus: str, out: str, queries: list[dict] | None = None) -> dict:
    """Write tantivy's documents for a JSONL corpus, one JSON object a line, as our index sees the articles.

    Articles are read as reindex reads them (index.sources: the file in line ranges, ids, duplicates
    dropped, lengths capped; streamed, so memory stays small), and their fields come from `index.workers.document`: the title
    (kicker, title, subtitle) and body (with reporter names) as `bigram_text`, facet values as our
    doc values hold them, and the stored record. With `queries`, also their plans, made after
    teaching jieba the entity names reindex teaches it (used when our engine is not run).
    """
    started, count, seen = time.perf_counter(), 0, set()
    names = {n for d in DISTRICTS for n in d.names}
    key = Path(corpus).name
    pieces = [p for task in plan({key: Path(corpus)}, {key: file_size(Path(corpus))}, 1) for p in task.pieces]
    with open(out, "w", encoding="utf-8") as sink:
        for piece in pieces:
            articles = read_piece(piece).articles
            for article in articles:
                if article.id in seen:
                    continue
                seen.add(article.id)
                names.update(r.name for r in article.reporters)
                names.add(article.source or "")
                sink.write(json.dumps(tantivy_document(article), ensure_ascii=False) + "\n")
                count += 1
            if count // 50_000 != (count - len(articles)) // 50_000:
                log(f"tantivy documents: {count} articles")
    result = {"articles": count, "seconds": round(time.perf_counter() - started, 2),
              "mb": round(Path(out).stat().st_size / 2**20, 2)}
    if queries:
        add_user_words(names - {""})
        result["plans"] = [query_plan(item["q"]) for item in queries]
    return result


def tantivy_document(article) -> dict:
    """tantivy's fields of one article (see tantivy_engine.schema)."""
    for name, limit in (("title", MAX_TITLE_CHARS), ("body", MAX_BODY_CHARS)):
        setattr(article, name, (getattr(article, name) or "")[:limit])
    fields = document(article)
    meta = {"date": article.date, "source": article.source, "kind": article.kind,
            "reporters": [r.name for r in article.reporters], "districts": article.districts}
    doc = {"id": article.id, "title": bigram_text(fields["title_bi"]), "body": bigram_text(fields["body_bi"]),
           "record": fields["data"], "reporter": list(dict.fromkeys(meta["reporters"])),
           "district": list(dict.fromkeys(meta["districts"]))}
    doc.update({name: meta[name] for name in ("source", "kind") if meta.get(name)})
    if day_number(meta.get("date")) >= 0:
        doc["year"], doc["month"] = meta["date"][:4], meta["date"][:7]
    return doc
