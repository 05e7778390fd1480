"""Browsing like the printed paper: the papers, one paper's years, a year's and a month's calendars.

Every figure comes from a count-only retrieval over doc values (per-value
spans, month and day counts), so these pages cost the same numpy pass on a
million articles as on a hundred, and never load an article.
"""

from __future__ import annotations

from datetime import date

from index.docvalues import iso_day
from search.engine.base import Engine, Retrieval, Retrieved
from search.engine.budget import Deadline
from search.views.calendar import day_of, month_grid, month_span, valid_date

BROWSE_SECONDS = 5.0  # count-only retrievals: far below this on any archive


def counted(engine: Engine, source: str | None = None, low: int | None = None, high: int | None = None,
            **extra) -> Retrieved:
    """Counts (no articles) of one paper's (or all) articles between two day numbers."""
    extra = {"facets": (), "timeline": False, **extra}
    r = Retrieval(filters={"source": [source]} if source else {}, day_from=low, day_to=high, size=0, **extra)
    return engine.retrieve(r, Deadline(BROWSE_SECONDS))


def papers_view(engine: Engine) -> dict:
    """Every paper (source) with its article count and the dates it covers, most articles first."""
    got = counted(engine, spans=("source",))
    papers = [{"name": s.value, "count": s.count, "first_date": _iso(s.first_day), "last_date": _iso(s.last_day)}
              for s in got.spans["source"]]
    return {"papers": papers, "total": got.total, "without_source": got.total - sum(p["count"] for p in papers)}


def paper_view(engine: Engine, source: str) -> dict | None:
    """One paper's years, each with its month counts; None when no article names the paper."""
    got = counted(engine, source, timeline=True)
    if not got.total:
        return None
    years: dict[int, dict] = {}
    for key, count in sorted(got.months.items()):
        year = years.setdefault(key // 12, {"year": key // 12, "count": 0, "months": [
            {"month": m, "count": 0} for m in range(1, 13)]})
        year["count"] += count
        year["months"][key % 12]["count"] = count
    dated = sum(y["count"] for y in years.values())
    return {"paper": source, "count": got.total, "undated": got.total - dated,
            "first_date": _iso(got.first_day), "last_date": _iso(got.last_day), "years": list(years.values())}


def year_view(engine: Engine, source: str, year: int) -> dict | None:
    """Twelve month calendars of one paper's year (days with articles marked and counted)."""
    start = valid_date(year)
    if start is None:
        return None
    low, high = day_of(start), day_of(date(year, 12, 31))
    got = counted(engine, source, low, high, days=True)
    months = []
    for month in range(1, 13):
        first, last = month_span(year, month)
        count = sum(n for d, n in got.days.items() if first <= d <= last)
        months.append({"month": month, "count": count, "weeks": month_grid(year, month, got.days)})
    return {"paper": source, "year": year, "count": got.total, "months": months,
            "prev": _neighbour(engine, source, before=low), "next": _neighbour(engine, source, after=high)}


def month_view(engine: Engine, source: str, year: int, month: int) -> dict | None:
    """One month's calendar of a paper: every day with its article count."""
    if valid_date(year, month) is None:
        return None
    low, high = month_span(year, month)
    got = counted(engine, source, low, high, days=True)
    return {"paper": source, "year": year, "month": month, "count": got.total,
            "days": sum(1 for n in got.days.values() if n), "weeks": month_grid(year, month, got.days),
            "prev": _neighbour(engine, source, before=low), "next": _neighbour(engine, source, after=high)}


def _neighbour(engine: Engine, source: str, before: int | None = None, after: int | None = None) -> str | None:
    """The paper's nearest dated article day before `before` (or after `after`), as an ISO date."""
    got = counted(engine, source, None if before is not None else after + 1,
                  before - 1 if before is not None else None)
    return _iso(got.last_day if before is not None else got.first_day)


def neighbour_issue(engine: Engine, source: str, day: int, later: bool) -> str | None:
    """The date of the paper's previous (or next) issue: its nearest day with articles."""
    return _neighbour(engine, source, after=day) if later else _neighbour(engine, source, before=day)


def _iso(day: int | None) -> str | None:
    return iso_day(day) if day is not None else None
