"""tantivy, the native (Rust) engine, through its Python binding, on our bigram tokens: build it and time it.

Runs inside a `tasks.py` child process. Its input comes from ours.py, so both
engines see the same articles, tokens and query semantics:

- documents (`ours.tantivy_documents`): title and body as our bigram tokens
  joined by spaces, indexed with tantivy's whitespace tokenizer, with
  frequencies and positions (phrase queries work); the six facets as `raw`
  text fast fields (multi-valued for reporter and district) that terms
  aggregations count; the article record stored, as our index stores it;
- queries (`ours.query_plan`): our parse as plain data, translated here. A
  term matches the articles holding it verbatim: a phrase query over its
  bigrams in the title or the body (one gram: a term query). Our index also
  holds each Chinese run's first and last character, so that one character
  matches wherever it stands; tantivy gets no such tokens, and a gram of one
  Chinese character becomes the regex `c|c.|.c` instead (a token that is the
  character, or a bigram that starts or ends with it: the same articles), in
  a regex phrase query when the term has other grams.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from tantivy import Index, Occur, Query, SchemaBuilder, TextAnalyzerBuilder, Tokenizer

from common import dir_size_mb, log, peak_memory_mb, percentiles, timed

TEXT = ("title", "body")
FACETS = ("reporter", "district", "source", "kind", "year", "month")
BIGRAMS = "bigrams"  # whitespace tokenizer: our bigram tokens arrive space-separated
STORED_ONLY = "stored_only"  # a tokenizer that finds no token: the field is stored, never searched
FACET_LIMIT = 30  # buckets per facet, as our run_search asks for
ALL_VALUES = 100_000  # terms aggregation size that returns every value (the timeline's months, the checks)
LOG_EVERY = 50_000


def schema():
    """id, the two bigram fields, the stored record, and the six facets as fast fields."""
    sb = SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT:
        sb.add_text_field(name, tokenizer_name=BIGRAMS, index_option="position")
    sb.add_text_field("record", stored=True, tokenizer_name=STORED_ONLY, index_option="basic")
    for name in FACETS:
        sb.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


def open_index(index_dir: str, new_schema=None) -> Index:
    """The index at `index_dir` (created with `new_schema` if given), with our tokenizers registered."""
    ix = Index(new_schema, path=index_dir, reuse=False) if new_schema is not None else Index.open(index_dir)
    ix.register_tokenizer(BIGRAMS, TextAnalyzerBuilder(Tokenizer.whitespace()).build())
    ix.register_tokenizer(STORED_ONLY, TextAnalyzerBuilder(Tokenizer.regex(r"[^\s\S]")).build())
    return ix


def build(docs: str, index_dir: str, heap_mb: int, threads: int) -> dict:
    """Index the documents file with one writer of `threads` indexing threads sharing `heap_mb` MiB.

    Timed from creating the index to the end of its merges (commit, then wait_merging_threads), with
    tantivy's default merge policy; the JSON lines go to the writer unparsed (`add_json`).
    """
    started = time.perf_counter()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = open_index(index_dir, schema())
    writer = ix.writer(heap_size=heap_mb * 2**20, num_threads=threads)
    count = 0
    with open(docs, encoding="utf-8") as lines:
        for line in lines:
            writer.add_json(line)
            count += 1
            if count % LOG_EVERY == 0:
                log(f"tantivy: indexed {count} articles")
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    segments = open_index(index_dir).searcher().num_segments
    return {"articles": count, "seconds": round(seconds, 2), "index_mb": dir_size_mb(index_dir),
            "segments": segments, "heap_mb": heap_mb, "threads": threads, "peak_memory": peak_memory_mb()}


def to_query(sch, plan: dict) -> Query:
    """The tantivy query matching what our engine matches for this plan (see ours.query_plan)."""
    musts = [q for q in (_clause(sch, c) for c in plan["must"]) if q is not None]
    shoulds = [q for q in (_clause(sch, c) for c in plan["should"]) if q is not None]
    if (plan["must"] and not musts) or (not musts and not shoulds):
        return Query.all_query()  # nothing searchable: our engine matches every article
    nots = [q for q in (_clause(sch, c) for c in plan["not"]) if q is not None]
    return Query.boolean_query([(Occur.Must, q) for q in musts] + [(Occur.Should, q) for q in shoulds]
                               + [(Occur.MustNot, q) for q in nots])


def _clause(sch, terms: list[dict]) -> Query | None:
    """Any of the alternative terms (None when none has anything searchable, e.g. punctuation)."""
    found = [q for q in (_term(sch, t) for t in terms) if q is not None]
    return _any(found) if found else None


def _term(sch, term: dict) -> Query | None:
    if "keyword" in term:
        return Query.term_query(sch, term["keyword"], term["value"])
    if not term["grams"]:
        return None
    return _any([verbatim(sch, name, term["grams"], set(term["chars"])) for name in term["fields"]])


def verbatim(sch, field: str, grams: list[str], chars: set[int]) -> Query:
    """Articles whose `field` holds the grams at consecutive positions (`chars`: one-character grams)."""
    if len(grams) == 1:
        if chars:
            return Query.regex_query(sch, field, one_character(grams[0]))
        return Query.term_query(sch, field, grams[0])
    if chars:
        words = [one_character(g) if i in chars else re.escape(g) for i, g in enumerate(grams)]
        return Query.regex_phrase_query(sch, field, words)
    return Query.phrase_query(sch, field, grams)


def one_character(char: str) -> str:
    """Regex of the tokens holding one Chinese character: itself (a one-character run), or a bigram with it.

    >>> one_character("年")
    '年|年.|.年'
    """
    return f"{char}|{char}.|.{char}"


def _any(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, q) for q in queries])


def aggregations(limit: int | None) -> dict:
    """Terms aggregations of the six facets: `limit` buckets each (months: all, the timeline); None: all values."""
    return {name: {"terms": {"field": name, "size": ALL_VALUES if limit is None or name == "month" else limit}}
            for name in FACETS}


FACET_AGGS = aggregations(FACET_LIMIT)
CHECK_AGGS = aggregations(None)


def top10(searcher, sch, plan: dict) -> list[str]:
    """Ids of the 10 best matches by tantivy's BM25 (the stored documents read)."""
    hits = searcher.search(to_query(sch, plan), 10, count=False).hits
    return [searcher.doc(address)["id"][0] for _, address in hits]


def top10_with_facets(searcher, sch, plan: dict) -> tuple[int, list[str], dict]:
    """The total, the ids of the 10 best matches, and the counts of all six facets."""
    query = to_query(sch, plan)
    result = searcher.search(query, 10, count=True)
    ids = [searcher.doc(address)["id"][0] for _, address in result.hits]
    return result.count, ids, searcher.aggregate(query, FACET_AGGS)


def total_and_facets(searcher, sch, plan: dict) -> dict:
    """All matches: their number and every facet's counts (to compare with ours.total_and_facets)."""
    query = to_query(sch, plan)
    aggs = searcher.aggregate(query, CHECK_AGGS)
    return {"total": searcher.search(query, 1, count=True).count, "complete": True,
            "facets": {name: {b["key"]: b["doc_count"] for b in aggs[name]["buckets"]} for name in FACETS}}


def latency_pass(index_dir: str, fn, queries: list[dict], plans: list[dict], warmup: list[dict]) -> dict:
    """Time `fn(searcher, schema, plan)` for every plan on a freshly opened index, after the warm-up plans.

    Percentiles overall and by query kind, and the 5 slowest queries, as ours.latency_pass gives them.
    """
    started = time.perf_counter()
    ix = open_index(index_dir)
    searcher, sch = ix.searcher(), ix.schema
    load_ms = (time.perf_counter() - started) * 1000
    for plan in warmup:
        fn(searcher, sch, plan)
    times = [timed(fn, searcher, sch, plan)[0] for plan in plans]
    by_kind: dict[str, list[float]] = {}
    for item, ms in zip(queries, times):
        by_kind.setdefault(item["kind"], []).append(ms)
    slowest = sorted(zip(times, queries), key=lambda pair: -pair[0])[:5]
    return {"load_ms": round(load_ms, 1), **percentiles(times),
            "by_kind": {k: percentiles(v) for k, v in by_kind.items()},
            "slowest": [{"q": item["q"], "ms": round(ms, 1)} for ms, item in slowest]}


def measure(index_dir: str, queries: list[dict], plans: list[dict], warmup: list[dict]) -> dict:
    """Latencies of top 10 with facet counts and of the top 10 alone; totals and facet counts to check.

    :param plans: `ours.query_plan` of each of the `queries` (`{"kind", "q"}`), in the same order.
    """
    log(f"tantivy: {len(plans)} queries, top 10 with facet counts")
    out = {"top10_facets_ms": latency_pass(index_dir, top10_with_facets, queries, plans, warmup)}
    log(f"tantivy: {len(plans)} queries, top 10 only")
    out["top10_ms"] = latency_pass(index_dir, top10, queries, plans, warmup)
    ix = open_index(index_dir)
    searcher, sch = ix.searcher(), ix.schema
    out["checks"] = [total_and_facets(searcher, sch, plan) for plan in plans]
    out["segments"] = searcher.num_segments
    out["peak_memory"] = peak_memory_mb()
    return out
