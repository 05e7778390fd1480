"""A whole result set as CSV or JSON Lines: every match, full text and all metadata, streamed.

The query runs as the results page runs it (corrected or relaxed alike), then
`Engine.stream` gives the records in batches; rows are made as they are sent,
so memory stays flat whether a search has ten matches or a million. The CSV
starts with its header row (what the export holds goes in response headers,
not in a comment line that breaks `pandas.read_csv`); cells a spreadsheet would
run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

from search.engine.base import Engine, Retrieval, Streamed
from search.engine.budget import Deadline
from search.filters import resolve_filters
from search.request import SearchRequest, day_bounds
from search.strategy import answer
from search.views.exports import neutralise
from search.views.provenance import date_label, date_source, original_url, page_of, reading_order

CSV_COLUMNS = ("id", "date", "date_source", "date_label", "title", "subtitle", "kicker", "source", "page",
               "section", "order", "kind", "reporters", "districts", "url", "permalink", "file", "body",
               "aliases", "extra")
ROWS_PER_CHUNK = 64  # rows joined into one chunk of the response


@dataclass
class Export:
    """A search's whole result set, ready to stream: the query as it ran and the records."""

    query: str
    ran: str
    total: int
    complete: bool
    limit: int | None
    records: Iterator[dict]

    @property
    def exported(self) -> int:
        """Rows the file will hold."""
        return self.total if self.limit is None else min(self.total, self.limit)


def export(engine: Engine, req: SearchRequest, deadline: Deadline, limit: int | None = None) -> Export:
    """Every match of the search in its order (page and size ignored), at most `limit` when given."""
    resolution = resolve_filters(engine, req)
    req = resolution.request
    day_from, day_to = day_bounds(req)
    base = Retrieval(filters=req.filters, day_from=day_from, day_to=day_to, sort=req.sort, size=0,
                     facets=(), timeline=False)
    attempt = answer(engine, req.q, base, deadline, literal=req.literal)
    query = attempt.parsed if attempt.parsed.positive else None
    streamed: Streamed = engine.stream(replace(base, query=query), deadline)
    records = streamed.records if limit is None else islice(streamed.records, limit)
    return Export(req.q, attempt.text, streamed.total, streamed.complete, limit, records)


def row(record: dict, permalink: str) -> dict:
    """One article as a flat row: every field, lists joined with ；, `extra` as JSON."""
    source = date_source(record)
    return {
        "id": record["id"], "date": record.get("date") or "", "date_source": source,
        "date_label": date_label(record.get("date"), source), "title": record.get("title") or "",
        "subtitle": record.get("subtitle") or "", "kicker": record.get("kicker") or "",
        "source": record.get("source") or "", "page": page_of(record) or "", "section": record.get("section") or "",
        "order": reading_order(record) or "", "kind": record.get("kind") or "article",
        "reporters": "；".join(f"{r.get('role') or ''} {r.get('name') or ''}".strip()
                              for r in record.get("reporters") or []),
        "districts": "；".join(record.get("districts") or []), "url": original_url(record) or "",
        "permalink": permalink, "file": (record.get("origin") or {}).get("path") or "",
        "body": record.get("body") or "", "aliases": "；".join(record.get("aliases") or []),
        "extra": json.dumps(record["extra"], ensure_ascii=False) if record.get("extra") else "",
    }


def csv_chunks(records: Iterator[dict], permalink: Callable[[str], str]) -> Iterator[str]:
    """UTF-8 CSV with a BOM (Excel reads Chinese correctly): the header row, then one row per article."""
    yield "\ufeff" + _csv_line(CSV_COLUMNS)
    for chunk in _chunked(records):
        yield "".join(_csv_line([neutralise(str(v)) for v in _ordered(row(r, permalink(r["id"])))]) for r in chunk)


def jsonl_chunks(records: Iterator[dict], permalink: Callable[[str], str]) -> Iterator[str]:
    """One JSON object a line: the stored record, with date_source, date_label and permalink added."""
    for chunk in _chunked(records):
        yield "".join(json.dumps(_full(r, permalink(r["id"])), ensure_ascii=False) + "\n" for r in chunk)


def _full(record: dict, permalink: str) -> dict:
    source = date_source(record)
    return {**record, "date_source": source, "date_label": date_label(record.get("date"), source),
            "permalink": permalink}


def _ordered(values: dict) -> list:
    return [values[c] for c in CSV_COLUMNS]


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def _chunked(records: Iterator[dict]) -> Iterator[list[dict]]:
    while chunk := list(islice(records, ROWS_PER_CHUNK)):
        yield chunk
