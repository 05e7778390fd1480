"""The one search function: the HTML page, the JSON API and the CLI all call `run_search`.

It parses the query, resolves filter values, asks the engine for one page of
matches with facets and month counts, and presents them: snippets, the
timeline, entity offers and a correction. URLs are added by web/.
"""

from __future__ import annotations

import time

from index.analysis import word_tokens
from search.engine.base import Bucket, Engine, Retrieval
from search.engine.budget import Deadline
from search.filters import resolve_filters
from search.highlight import highlight, needles, snippet
from search.labels import display_title
from search.query import describe, parse_query
from search.request import SearchRequest, day_bounds
from search.timeline import timeline

SEARCH_SECONDS = 2.0


def run_search(engine: Engine, req: SearchRequest, time_limit: float = SEARCH_SECONDS,
               deadline: Deadline | None = None) -> dict:
    """Search the archive; a plain dict ready for JSON or a template."""
    started = time.perf_counter()
    deadline = deadline or Deadline(time_limit)
    parsed = parse_query(req.q)
    notices = list(parsed.notes)
    resolution = resolve_filters(engine, req)
    req = resolution.request
    notices += resolution.notices
    day_from, day_to = day_bounds(req)
    retrieval = Retrieval(query=parsed if parsed.positive else None, filters=req.filters, day_from=day_from,
                          day_to=day_to, sort=req.sort, offset=(req.page - 1) * req.size, size=req.size)
    got = engine.retrieve(retrieval, deadline)
    wanted = needles([t.text for t in parsed.terms() if t.field in (None, "title")])
    hits = [present_hit(h.record, wanted, deadline) for h in got.hits]
    timed_out = not got.complete or deadline.hit  # snippets draw on the same budget
    if timed_out:
        notices.append(f"搜索超过 {time_limit:g} 秒被截断，结果可能不完整；请缩小查询范围")
    interval, buckets = timeline(got.months)
    return {
        "query": req.q,
        "params": req.params(),
        "parsed": describe(parsed),
        "segmentation": [{"term": t.text, "field": t.field, "phrase": t.phrase, "tokens": word_tokens(t.text)}
                         for t in parsed.terms()],
        "total": got.total,
        "page": req.page,
        "size": req.size,
        "pages": max(1, -(-got.total // req.size)),
        "sort": req.sort,
        "timed_out": timed_out,
        "notices": notices,
        "hits": hits,
        "facets": {name: _marked(got.facets.get(name, []), req.filters.get(name, [])) for name in retrieval.facets},
        "active_filters": _active(req),
        "timeline": {"interval": interval, "buckets": [vars(b) for b in buckets]},
        "resolved": resolution.resolved,
        "unknown_filters": resolution.unknown,
        "filter_fixes": resolution.fixes,
        "entities": _entities(engine, req),
        "did_you_mean": _correction(engine, req, got.total),
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def present_hit(data: dict, wanted: list[str], deadline: Deadline | None = None) -> dict:
    """One result as a list shows it: metadata, the headline and a snippet with the query marked
    (the opening text, unmarked, once `deadline` has run out)."""
    return {
        "id": data["id"],
        "title": data.get("title") or "",
        "title_html": highlight(data.get("title") or "", wanted, deadline),
        "label": display_title(data),
        "kicker": data.get("kicker") or "",
        "subtitle": data.get("subtitle") or "",
        "date": data.get("date"),
        "date_source": data.get("date_source"),
        "reporters": data.get("reporters") or [],
        "districts": data.get("districts") or [],
        "source": data.get("source"),
        "kind": data.get("kind") or "article",
        "snippet": snippet(data.get("body") or "", wanted, deadline=deadline),
    }


def _marked(buckets: list[Bucket], selected: list[str]) -> list[dict]:
    """Buckets as dicts with `selected`; a selected value always shows, even at zero, so it can be unticked."""
    out = [{"value": b.value, "count": b.count, "selected": b.value in selected} for b in buckets]
    present = {b.value for b in buckets}
    out += [{"value": v, "count": 0, "selected": True} for v in selected if v not in present]
    return out


def _active(req: SearchRequest) -> list[dict]:
    out = [{"field": name, "value": v} for name, values in req.filters.items() for v in values]
    out += [{"field": key, "value": value} for key, value in (("from", req.date_from), ("to", req.date_to)) if value]
    return out


def _entities(engine: Engine, req: SearchRequest) -> list[dict]:
    """Entities named in the query text, offered as filters ("filter by district 江津区?")."""
    out = []
    for m in engine.entities.recognise(req.q):
        facet = m.type if m.type in ("reporter", "district", "source") else None
        if facet and m.name not in req.filters.get(facet, []):
            out.append({"type": m.type, "name": m.name, "count": m.count})
    return out


def _correction(engine: Engine, req: SearchRequest, total: int) -> dict | None:
    """A corrected query for a search that found nothing."""
    if total or not req.q:
        return None
    fixed = engine.entities.correct(req.q)
    return {"query": fixed} if fixed and fixed != req.q else None
