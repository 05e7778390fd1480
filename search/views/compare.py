"""Terms compared over time (as Trove's QueryPic does): up to four queries counted per month or year.

Each query is counted as typed — no correction, no relaxation, which would
count something else — under the same filters and dates. Counts are absolute
or per 1,000 articles of the period (the same filters, no query), so that a
term's share can be compared across years in which the archive holds more or
fewer articles.
"""

from __future__ import annotations

from dataclasses import replace

from search.engine.base import Engine, Retrieval
from search.engine.budget import Deadline
from search.filters import resolve_filters
from search.query import parse_query
from search.request import BadRequest, SearchRequest, day_bounds
from search.timeline import YEARLY_AFTER_MONTHS, month_label

MAX_TERMS = 4
MODES = ("count", "per1000")
INTERVALS = ("auto", "month", "year")
COMPARE_SECONDS = 4.0


def compare_view(engine: Engine, queries: list[str], req: SearchRequest, mode: str = "count",
                 interval: str = "auto", deadline: Deadline | None = None) -> dict:
    """Each query's matches per period, absolute and per 1,000 articles, over the same periods.

    Every query's matching draws on one budget (`deadline`, else COMPARE_SECONDS)."""
    queries = [q.strip() for q in queries if q and q.strip()]
    if len(queries) > MAX_TERMS:
        raise BadRequest("too_many_terms", f"最多比较 {MAX_TERMS} 个检索词")
    if mode not in MODES or interval not in INTERVALS:
        raise BadRequest("bad_mode", f"mode 应为 {'/'.join(MODES)}，interval 应为 {'/'.join(INTERVALS)}")
    resolution = resolve_filters(engine, req)
    req = resolution.request
    day_from, day_to = day_bounds(req)
    base = Retrieval(filters=req.filters, day_from=day_from, day_to=day_to, size=0, facets=())
    deadline = deadline or Deadline(COMPARE_SECONDS)
    everything = engine.retrieve(base, deadline)
    counted = []
    for q in queries:
        parsed = parse_query(q)
        got = engine.retrieve(replace(base, query=parsed if parsed.positive else None), deadline)
        counted.append((q, got))
    yearly = interval == "year" or interval == "auto" and _span(everything.months) > YEARLY_AFTER_MONTHS
    periods = _periods(everything.months, yearly)
    all_counts = _per_period(everything.months, yearly)
    series = []
    for q, got in counted:
        counts = _per_period(got.months, yearly)
        series.append({"query": q, "total": got.total, "points": [
            {"period": p, "count": counts.get(p, 0), "per_1000": _per_1000(counts.get(p, 0), all_counts.get(p, 0))}
            for p in periods]})
    return {"queries": queries, "mode": mode, "interval": "year" if yearly else "month", "params": req.params(),
            "notices": resolution.notices, "articles": [{"period": p, "count": all_counts.get(p, 0)} for p in periods],
            "total": everything.total, "series": series,
            "timed_out": deadline.hit or not everything.complete or any(not g.complete for _, g in counted)}


def csv_rows(data: dict) -> list[list]:
    """The comparison as a table: period, articles in it, then each query's count and count per 1,000."""
    header = ["period", "articles"]
    for s in data["series"]:
        header += [f"{s['query']} count", f"{s['query']} per_1000"]
    rows = [header]
    for i, a in enumerate(data["articles"]):
        row = [a["period"], a["count"]]
        for s in data["series"]:
            row += [s["points"][i]["count"], s["points"][i]["per_1000"]]
        rows.append(row)
    return rows


def _span(months: dict[int, int]) -> int:
    return max(months) - min(months) if months else 0


def _periods(months: dict[int, int], yearly: bool) -> list[str]:
    """Every period from the first dated article to the last, empty ones included."""
    if not months:
        return []
    low, high = min(months), max(months)
    if yearly:
        return [str(y) for y in range(low // 12, high // 12 + 1)]
    return [month_label(k) for k in range(low, high + 1)]


def _per_period(months: dict[int, int], yearly: bool) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, count in months.items():
        label = str(key // 12) if yearly else month_label(key)
        out[label] = out.get(label, 0) + count
    return out


def _per_1000(count: int, articles: int) -> float:
    """Matches per 1,000 articles of the period, to two decimals.

    >>> _per_1000(3, 200), _per_1000(0, 0)
    (15.0, 0.0)
    """
    return round(1000 * count / articles, 2) if articles else 0.0
