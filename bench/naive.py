"""The naive configuration a jieba + Whoosh tutorial gives, as the baseline we compare against.

jieba's own `jieba.analyse.ChineseAnalyzer` on stored title/body TEXT fields,
metadata as ID/KEYWORD fields (not `sortable`, as in the tutorials), one
writer, queries through `MultifieldParser`, facets through `groupedby` with
`FieldFacet`s and snippets through `Hit.highlights`. Runs inside a
`tasks.py` child process.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from jieba.analyse import ChineseAnalyzer
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.sorting import FieldFacet

from common import dir_size_mb, log, peak_memory_mb, percentiles, timed
from workload import recall_summary

def schema() -> Schema:
    """title/body analysed by jieba, metadata as plain ID/KEYWORD fields."""
    analyzer = ChineseAnalyzer()
    return Schema(id=ID(stored=True, unique=True),
                  title=TEXT(analyzer=analyzer, stored=True), body=TEXT(analyzer=analyzer, stored=True),
                  date=ID(stored=True), year=ID(stored=True), month=ID(stored=True),
                  reporter=KEYWORD(stored=True, commas=True), district=KEYWORD(stored=True, commas=True),
                  source=ID(stored=True), kind=ID(stored=True))


def document(record: dict) -> dict:
    """Whoosh fields of one JSONL record."""
    day = record.get("date") or ""
    return {"id": record["id"], "title": record.get("title") or "", "body": record.get("body") or "",
            "date": day, "year": day[:4], "month": day[:7],
            "reporter": ",".join(r["name"] for r in record.get("reporters") or []),
            "district": ",".join(record.get("districts") or []),
            "source": record.get("source") or "", "kind": record.get("kind") or "article"}


def build(corpus: str, index_dir: str) -> dict:
    """Index the JSONL corpus with one plain writer; rate, size and peak memory."""
    started = time.perf_counter()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(index_dir, schema())
    writer = ix.writer()
    count = 0
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            writer.add_document(**document(json.loads(line)))
            count += 1
            if count % 5000 == 0:
                log(f"naive: indexed {count} articles")
    writer.commit()
    return {"articles": count, "seconds": round(time.perf_counter() - started, 2),
            "index_mb": dir_size_mb(index_dir), "peak_memory": peak_memory_mb()}


FACETS = {"reporter": FieldFacet("reporter", allow_overlap=True),
          "district": FieldFacet("district", allow_overlap=True),
          "source": FieldFacet("source"), "year": FieldFacet("year"),
          "month": FieldFacet("month")}  # month buckets are the timeline histogram


def top10(searcher, parser, text):
    """Parsed query, Whoosh top 10."""
    return [hit.docnum for hit in searcher.search(parser.parse(text), limit=10)]


def with_facets(searcher, parser, text):
    """Top 10 plus bucket counts of every facet and the month histogram via `groupedby`."""
    results = searcher.search(parser.parse(text), limit=10, groupedby=FACETS)
    counts = {name: sorted(((key, len(docs)) for key, docs in results.groups(name).items()),
                           key=lambda bucket: -bucket[1])
              for name in FACETS}
    return [hit.docnum for hit in results], counts


def with_snippets(searcher, parser, text):
    """Top 10 with a highlighted body snippet each."""
    return [hit.highlights("body") for hit in searcher.search(parser.parse(text), limit=10)]


def measure(index_dir: str, queries: list[dict], warmup: list[dict], probes: list[dict]) -> dict:
    """Latencies of (a) top 10, (b) + facets and histogram, (c) + snippets; verbatim recall of the probes."""
    ix = whoosh_index.open_dir(index_dir)
    parser = MultifieldParser(["title", "body"], ix.schema)
    out = {}
    with ix.searcher() as searcher:
        log(f"naive: {len(queries)} queries")
        for name, fn in (("top10_ms", top10), ("top10_facets_histogram_ms", with_facets),
                         ("top10_snippets_ms", with_snippets)):
            for item in warmup:
                fn(searcher, parser, item["q"])
            out[name] = percentiles([timed(fn, searcher, parser, item["q"])[0] for item in queries])
        out["peak_memory_after_queries"] = peak_memory_mb()
        if probes:
            out["recall"] = recall(searcher, parser, probes)
    out["peak_memory"] = peak_memory_mb()
    return out


def recall(searcher, parser, probes: list[dict]) -> dict:
    """Share of probes whose article the parsed substring finds (at all / in the top 10)."""
    log(f"naive: {len(probes)} recall probes")
    found = []
    for p in probes:
        query = parser.parse(p["text"])
        ids = [hit["id"] for hit in searcher.search(query, limit=10)]
        matched = not searcher.search(wq.And([query, wq.Term("id", p["id"])]), limit=1).is_empty()
        found.append({"matched": matched, "top10": p["id"] in ids})
    return recall_summary(probes, found)
