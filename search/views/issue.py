"""One issue of a paper as printed: its pages (版) in order, each page's articles in reading order.

An issue is a paper's articles of one date. Its articles come from one
retrieval in print order (page, then reading order); an article page uses
the same retrieval for its previous and next article and the issues around it.
"""

from __future__ import annotations

from datetime import date

from index.docvalues import day_number, page_sort_key
from search.engine.base import Engine, Retrieval
from search.engine.budget import Deadline
from search.labels import display_title
from search.views.browse import BROWSE_SECONDS, neighbour_issue
from search.views.calendar import day_of
from search.views.provenance import date_label, date_source, page_label, page_of, reading_order

ISSUE_MAX = 600  # articles read for one issue; a printed daily has a tenth of that
OPENING_CHARS = 80


def issue_articles(engine: Engine, source: str, day: int,
                   deadline: Deadline | None = None) -> tuple[list[dict], int]:
    """The issue's stored records in print order (at most ISSUE_MAX), and how many it has."""
    r = Retrieval(filters={"source": [source]}, day_from=day, day_to=day, sort="print", size=ISSUE_MAX,
                  facets=(), timeline=False)
    got = engine.retrieve(r, deadline or Deadline(BROWSE_SECONDS))
    return [h.record for h in got.hits], got.total


def issue_view(engine: Engine, source: str, when: date) -> dict | None:
    """The issue's pages in print order, each with its articles in reading order; None if it has none."""
    day = day_of(when)
    records, total = issue_articles(engine, source, day)
    if not total:
        return None
    return {"paper": source, "date": when.isoformat(), "count": total, "shown": len(records),
            "pages": _pages(records), "prev": neighbour_issue(engine, source, day, later=False),
            "next": neighbour_issue(engine, source, day, later=True)}


def page_view(engine: Engine, source: str, when: date, page: str) -> dict | None:
    """One printed page of an issue: its articles in reading order with their openings; None if absent."""
    records, _ = issue_articles(engine, source, day_of(when))
    pages = _pages(records)
    labels = [p["page"] for p in pages if p["page"]]
    if page not in labels:
        return None
    at = labels.index(page)
    this = next(p for p in pages if p["page"] == page)
    for item, record in zip(this["articles"], (r for r in records if page_of(r) == page)):
        body = " ".join((record.get("body") or "").split())
        item["opening"] = body[:OPENING_CHARS] + ("…" if len(body) > OPENING_CHARS else "")
    return {"paper": source, "date": when.isoformat(), **this, "pages": labels,
            "prev_page": labels[at - 1] if at else None, "next_page": labels[at + 1] if at + 1 < len(labels) else None}


def article_issue(engine: Engine, record: dict, deadline: Deadline | None = None) -> dict | None:
    """Where an article stands in its issue: the issue, its page, the previous and next article
    (the issue read within `deadline`, the article page's budget)."""
    source, day = record.get("source"), day_number(record.get("date"))
    if not source or day < 0:
        return None
    records, total = issue_articles(engine, source, day, deadline)
    ids = [r["id"] for r in records]
    at = ids.index(record["id"]) if record["id"] in ids else None
    return {"paper": source, "date": record["date"], "page": page_of(record), "count": total,
            "position": None if at is None else at + 1,
            "prev_article": entry(records[at - 1]) if at else None,
            "next_article": entry(records[at + 1]) if at is not None and at + 1 < len(records) else None}


def _pages(records: list[dict]) -> list[dict]:
    """Records (in print order) grouped by page, pages in print order; unknown pages last."""
    pages: dict[str | None, dict] = {}
    for record in records:
        page = page_of(record)
        group = pages.setdefault(page, {"page": page, "label": page_label(page), "sections": [], "articles": []})
        section = record.get("section")
        if section and section not in group["sections"]:
            group["sections"].append(section)
        group["articles"].append(entry(record))
    ordered = sorted(pages.values(), key=lambda p: page_sort_key(p["page"]))
    for p in ordered:
        p["count"] = len(p["articles"])
    return ordered


def entry(record: dict) -> dict:
    """An article as a line of a table of contents."""
    source = date_source(record)
    return {"id": record["id"], "label": display_title(record), "kicker": record.get("kicker") or "",
            "subtitle": record.get("subtitle") or "", "order": reading_order(record), "page": page_of(record),
            "section": record.get("section"), "kind": record.get("kind") or "article",
            "reporters": record.get("reporters") or [], "date": record.get("date"), "date_source": source,
            "date_label": date_label(record.get("date"), source)}
