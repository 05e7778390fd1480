"""The one search function: the HTML page, the JSON API and the CLI all call `run_search`.

It parses the query, resolves filter values, asks the engine for one page of
matches with facets and month counts, and presents them: snippets, the
timeline, entity offers and a correction. URLs are added by web/.
"""

from __future__ import annotations

import time

from corpus.segmenter import frequency
from index.analysis import word_tokens
from search.engine.base import Bucket, Engine, Retrieval
from search.engine.budget import Deadline
from search.entities.similarity import char_similarity
from search.filters import resolve_filters
from search.highlight import highlight, query_needles, snippet
from search.labels import display_title
from search.query import ParsedQuery, explain
from search.query.model import ROLE_NAMES
from search.request import MAX_PAGE, SearchRequest, day_bounds
from search.strategy import Attempt, answer
from search.timeline import timeline
from search.views.provenance import date_label, date_source, provenance

SEARCH_SECONDS = 2.0


WARM_QUERIES = ("重庆市民", "张三丰", "chongqing")  # words, an unknown name (the fuzzy tables), pinyin


def warm_up(engine: Engine) -> None:
    """Run a few searches so that the first real ones don't pay for loading dictionaries and similarity
    tables (up to a second of CPU, which would push them out of admission control's quick lane)."""
    for q in WARM_QUERIES:
        run_search(engine, SearchRequest(q=q), time_limit=30.0)


def _load_tables() -> None:
    """Load, once per process, the tables a query consults lazily, so that no search spends its time
    budget on them: jieba's dictionary of words, names and places (the place rule, corrections) and the
    character shapes and sounds (fuzzy names). Afterwards each call is two cache lookups."""
    frequency("重庆")
    char_similarity("江", "汪")


def run_search(engine: Engine, req: SearchRequest, time_limit: float = SEARCH_SECONDS,
               deadline: Deadline | None = None) -> dict:
    """Search the archive; a plain dict ready for JSON or a template."""
    _load_tables()
    started = time.perf_counter()
    deadline = deadline or Deadline(time_limit)
    resolution = resolve_filters(engine, req)
    req = resolution.request
    day_from, day_to = day_bounds(req)
    beyond = req.page > MAX_PAGE and not req.after  # a page number past the limit: counts only, no hits
    retrieval = Retrieval(filters=req.filters, day_from=day_from, day_to=day_to, sort=req.sort,
                          offset=0 if beyond else (req.page - 1) * req.size, size=0 if beyond else req.size,
                          after=req.after)
    attempt = answer(engine, req.q, retrieval, deadline, literal=req.literal)
    parsed, got = attempt.parsed, attempt.got
    notices = list(parsed.notes) + resolution.notices + _attempt_notices(attempt)
    wanted = query_needles(parsed)
    hits = [present_hit(h.record, wanted, deadline) for h in got.hits]
    timed_out = not got.complete or deadline.hit  # snippets draw on the same budget
    if timed_out:
        notices.append(f"搜索超过 {time_limit:g} 秒被截断，结果可能不完整；请缩小查询范围")
    if got.partial:
        notices.append(partial_notice(got.partial))
    interval, buckets = timeline(got.months)
    pages = max(1, -(-got.total // req.size))
    return {
        "query": req.q,
        "ran": attempt.text,
        "params": req.params(),
        "parsed": explain(parsed),
        "segmentation": segmentation(parsed),
        "corrected": attempt.corrected,
        "relaxed": attempt.relaxed,
        "total": got.total,
        "page": req.page,
        "size": req.size,
        "pages": min(pages, MAX_PAGE),  # reachable by number; `next_after` goes on from there
        "pages_total": pages,
        "page_limit": MAX_PAGE,
        "past_end": not req.after and req.page > min(pages, MAX_PAGE),
        "next_after": got.hits[-1].cursor if got.more and got.hits else None,
        "sort": req.sort,
        "timed_out": timed_out,
        "partial": got.partial,
        "notices": notices,
        "hits": hits,
        "facets": {name: _marked(got.facets.get(name, []), req.filters.get(name, [])) for name in retrieval.facets},
        "active_filters": _active(req),
        "timeline": {"interval": interval, "buckets": [vars(b) for b in buckets]},
        "resolved": resolution.resolved,
        "unknown_filters": resolution.unknown,
        "filter_fixes": resolution.fixes,
        "entities": _entities(engine, req, attempt.text),
        "did_you_mean": {"query": attempt.suggestion} if attempt.suggestion else None,
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def segmentation(parsed: ParsedQuery) -> list[dict]:
    """Each clause as the query ran it: its text, role (required, optional, relaxed, excluded) and words."""
    return [{"term": c.text, "role": ROLE_NAMES[c.role], "field": c.terms[0].field if len(c.terms) == 1 else None,
             "phrase": all(t.phrase for t in c.terms),
             "tokens": [w for t in c.terms for w in word_tokens(t.text)]} for c in parsed.clauses]


def partial_notice(partial: dict) -> str:
    """What the page says when part of the archive did not answer: which dates, how many articles.

    >>> partial_notice({"missing": [{"shard": "shard-001", "articles": 120, "from": "2023-01-04",
    ...                              "to": "2024-06-30", "reason": "timeout"}], "shards": 4, "articles_missing": 120})
    '部分档案暂时无法检索（4 个分片中 1 个未响应：2023-01-04 至 2024-06-30 的 120 篇），以下结果不完整'
    """
    parts = "；".join(f"{m['from'] or '日期不详'} 至 {m['to'] or '日期不详'} 的 {m['articles']} 篇"
                     for m in partial["missing"])
    return (f"部分档案暂时无法检索（{partial['shards']} 个分片中 {len(partial['missing'])} 个未响应：{parts}），"
            "以下结果不完整")


def _attempt_notices(attempt: Attempt) -> list[str]:
    """What the page says about a relaxed query (a corrected one has its own line with links)."""
    out = []
    if attempt.relaxed:
        r = attempt.relaxed
        out.append(f"全部词语同时出现的文章 {r['all_words_total']} 篇，以下为包含部分词语的结果"
                   + (f"（未要求：{'、'.join(r['dropped'])}）" if r["required"] else ""))
    return out


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
        "date_source": date_source(data),
        "date_label": date_label(data.get("date"), date_source(data)),
        "provenance": provenance(data),
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


def _entities(engine: Engine, req: SearchRequest, q: str) -> list[dict]:
    """Entities named in the query text, offered as filters ("filter by district 江津区?")."""
    out = []
    for m in engine.entities.recognise(q):
        facet = m.type if m.type in ("reporter", "district", "source") else None
        if facet and m.name not in req.filters.get(facet, []):
            out.append({"type": m.type, "name": m.name, "count": m.count})
    return out
