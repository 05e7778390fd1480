"""The one search function: the HTML page, the JSON API and the CLI all call `run_search`."""

from __future__ import annotations

import time
from urllib.parse import quote, urlencode

import numpy as np

from index.analysis import word_tokens
from search.engine import LoadedIndex
from search.labels import display_title
from search.facets import FACETS, day_of, timeline
from search.filters import filter_fixes, resolve_filters
from search.highlight import highlight, needles, snippet
from search.matching import Deadline, best_of, by_date
from search.query import describe, parse_query
from search.request import SearchRequest, date_bounds

SEARCH_SECONDS = 2.0


def run_search(index: LoadedIndex, req: SearchRequest, time_limit: float = SEARCH_SECONDS) -> dict:
    """Search one index generation; a plain dict ready for JSON or a template."""
    started = time.perf_counter()
    deadline = Deadline(time_limit)
    parsed = parse_query(req.q)
    notices = list(parsed.notes)
    resolution = resolve_filters(index, req)
    req = resolution.request
    notices += resolution.notices

    facets = index.facets
    matches = index.evaluator.run(parsed, deadline)
    base = facets.dv.live.copy()
    ranked_docs = None
    if matches is not None:
        ranked_docs = matches.docs[np.lexsort((matches.docs, -matches.scores))]
        matched = np.zeros(facets.dv.size, dtype=bool)
        matched[matches.docs] = True
        base &= matched
    low, high = date_bounds(req.date_from, upper=False), date_bounds(req.date_to, upper=True)
    dated = facets.date_mask(low and day_of(low), high and day_of(high))
    if dated is not None:
        base &= dated
    masks = {name: facets.mask(name, req.filters[name]) for name in FACETS if req.filters.get(name)}
    final = base.copy()
    for m in masks.values():
        final &= m

    offset = (req.page - 1) * req.size
    if req.sort == "relevance" and ranked_docs is not None:
        page_docs = best_of(ranked_docs, final, offset, req.size)
    else:
        ordered = by_date(np.flatnonzero(final), facets.dv.day, newest=req.sort != "oldest")
        page_docs = ordered[offset : offset + req.size].tolist()

    wanted = needles([t.text for t in parsed.terms() if t.field in (None, "title")])
    hits = [_hit(index.stored(d), wanted, req.q) for d in page_docs]
    facet_out = {}
    for name in FACETS:
        others = base.copy()
        for other, m in masks.items():
            if other != name:
                others &= m
        facet_out[name] = [
            {"value": b.value, "count": b.count, "selected": b.selected,
             "toggle_url": req.toggle_url(name, b.value)}
            for b in facets.counts(name, others, req.filters.get(name, []))
        ]
    interval, buckets = timeline(facets, final)
    if deadline.hit:
        notices.append(f"搜索超过 {time_limit:g} 秒被截断，结果可能不完整；请缩小查询范围")
    total = int(final.sum())
    result = {
        "query": req.q,
        "parsed": describe(parsed),
        "segmentation": [{"term": t.text, "field": t.field, "phrase": t.phrase, "tokens": word_tokens(t.text)}
                         for t in parsed.terms()],
        "total": total,
        "page": req.page,
        "size": req.size,
        "pages": max(1, -(-total // req.size)),
        "sort": req.sort,
        "timed_out": deadline.hit,
        "notices": notices,
        "hits": hits,
        "facets": facet_out,
        "active_filters": _active(req),
        "timeline": {"interval": interval, "buckets": [
            {"key": b.key, "count": b.count, "url": req.url(**{"from": b.date_from, "to": b.date_to})}
            for b in buckets]},
        "resolved": resolution.resolved,
        "unknown_filters": resolution.unknown,
        "filter_fixes": filter_fixes(req, resolution.unknown),
        "entities": _entities(index, req, parsed),
        "did_you_mean": _correction(index, req, total),
    }
    result["links"] = links(req)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def links(req: SearchRequest) -> dict:
    """The same search as HTML, JSON, CSV and Atom."""
    query = urlencode(req.params())
    suffix = f"?{query}" if query else ""
    return {"html": "/search" + suffix, "json": "/api/search" + suffix,
            "csv": "/export.csv" + suffix, "atom": "/feed.atom" + suffix}


def _hit(data: dict, wanted: list[str], q: str) -> dict:
    url = f"/article/{data['id']}" + (f"?q={quote(q)}" if q else "")
    return {
        "id": data["id"],
        "title": data.get("title") or "",
        "title_html": highlight(data.get("title") or "", wanted),
        "label": display_title(data),
        "kicker": data.get("kicker") or "",
        "subtitle": data.get("subtitle") or "",
        "date": data.get("date"),
        "date_source": data.get("date_source"),
        "reporters": data.get("reporters") or [],
        "districts": data.get("districts") or [],
        "source": data.get("source"),
        "kind": data.get("kind") or "article",
        "snippet": snippet(data.get("body") or "", wanted),
        "url": url,
    }


def _active(req: SearchRequest) -> list[dict]:
    out = [{"field": name, "value": v, "remove_url": req.toggle_url(name, v)}
           for name, values in req.filters.items() for v in values]
    for key, value in (("from", req.date_from), ("to", req.date_to)):
        if value:
            out.append({"field": key, "value": value, "remove_url": req.url(**{key: None})})
    return out


def _entities(index: LoadedIndex, req: SearchRequest, parsed) -> list[dict]:
    """Entities named in the query text, offered as filters ("filter by district 江津区?")."""
    out = []
    for m in index.entities.recognise(req.q):
        facet = m.type if m.type in ("reporter", "district", "source") else None
        if facet and m.name not in req.filters.get(facet, []):
            out.append({"type": m.type, "name": m.name, "count": m.count,
                        "filter_url": req.toggle_url(facet, m.name)})
    return out


def _correction(index: LoadedIndex, req: SearchRequest, total: int) -> dict | None:
    """A corrected query for a search that found nothing."""
    if total or not req.q:
        return None
    fixed = index.entities.correct(req.q)
    return {"query": fixed, "url": req.url(q=fixed)} if fixed and fixed != req.q else None
