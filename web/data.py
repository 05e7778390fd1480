"""Data for each page as plain dicts; the HTML and JSON blueprints only render them."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from flask import abort, current_app

from search.request import MAX_ID_CHARS, MAX_PAGE, BadRequest, parse_search_args
from search.run import run_search
from search.views.articles import article_view
from search.views.entity import MAX_NAME_CHARS, canonical_name, entity_page, name_correction
from search.views.stats import index_stats
from web.admission import Budget, looks_expensive
from web.security import absolute
from web.state import admission, live_index
from web.urls import article_url, entity_url, with_article_urls, with_entity_urls, with_search_urls

MAX_SUGGEST_CHARS = 64
MAX_SUGGESTIONS = 20
DEFAULT_SUGGESTIONS = 8
SUGGEST_FACETS = ("reporter", "district", "source")


def budget(heavy: bool = False, seconds: float | None = None) -> Budget:
    """The time budget of one search-like request (SEARCH_SECONDS unless `seconds` says), in the quick
    lane (or from the start in the heavy one: exports, searches that look expensive).

    Tests may set BUDGET_CLOCK (wall-clock seconds) and CPU_CLOCK (the thread's CPU seconds) to
    callables such as search.engine.budget.StepClock, to cut work at a chosen step without sleeping.
    """
    clock = current_app.config.get("BUDGET_CLOCK") or time.monotonic
    seconds = float(current_app.config["SEARCH_SECONDS"]) if seconds is None else seconds
    return admission().budget(seconds, clock, heavy=heavy)


def search_data(args, max_page: int = MAX_PAGE) -> dict:
    """Run the search described by request arguments (a page up to `max_page`)."""
    req = parse_search_args(args, max_page=max_page)
    with budget(heavy=looks_expensive(req)) as deadline:
        data = run_search(live_index(), req, time_limit=current_app.config["SEARCH_SECONDS"], deadline=deadline)
    return with_search_urls(data)


def article_data(article_id: str, q: str = "") -> dict:
    """One article with links and related articles; 404 when the id is unknown.

    Found by an earlier id, its `id` is the current one: the routes answer 301 to that.
    """
    if len(article_id) > MAX_ID_CHARS:
        abort(404)
    with budget() as deadline:
        data = article_view(live_index(), article_id, q[:256], permalink=lambda i: absolute(article_url(i)),
                            deadline=deadline)
    if data is None:
        abort(404)
    return with_article_urls(data)


def suggest_data(args) -> dict:
    """Entity autocomplete for the search box: reporters, districts, sources and other names."""
    q = (args.get("q") or "").strip()
    if len(q) > MAX_SUGGEST_CHARS:
        raise BadRequest("bad_query", f"q 最长 {MAX_SUGGEST_CHARS} 个字符")
    limit = bounded_int(args, "limit", DEFAULT_SUGGESTIONS, 1, MAX_SUGGESTIONS)
    matches = live_index().entities.suggest(q, limit) if q else []
    return {"query": q, "suggestions": [
        {"type": m.type, "name": m.name, "count": m.count, "how": m.how, "url": _suggestion_url(m.type, m.name)}
        for m in matches]}


def _suggestion_url(kind: str, name: str) -> str:
    """Where picking a suggestion goes: a filtered search for facets, a text search otherwise."""
    key = kind if kind in SUGGEST_FACETS else "q"
    return "/search?" + urlencode([(key, name)])


def bounded_int(args, name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]; BadRequest otherwise."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)  # like /api/search's page and size: full-width digits are digits too
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadRequest(f"bad_{name}", f"参数 {name} 应为 {low} 到 {high} 之间的整数，收到 {raw[:20]!r}")
    return value


def stats_data() -> dict:
    """Size, counts and build time of the live index."""
    return index_stats(live_index())


def canonical_entity(kind: str, name: str) -> str:
    """The canonical spelling of a reporter or district name; 404 when nothing matches."""
    canonical = canonical_name(live_index(), kind, name)
    if canonical is None:
        abort(404)
    return canonical


def entity_data(kind: str, name: str) -> dict:
    """A reporter or district page; 404 when no article names it."""
    with budget() as deadline:
        data = entity_page(live_index(), kind, name, time_limit=current_app.config["SEARCH_SECONDS"],
                           deadline=deadline)
    if data is None:
        abort(404)
    return with_entity_urls(data)


def entity_or_redirect(kind: str, name: str, prefix: str, asked: str = "") -> tuple[str | None, dict | None]:
    """(URL to redirect to, None) for another spelling of a name, else (None, the entity page data).

    The redirect carries the name as typed (`?asked=`), so that the page can say it shows
    another name than the one asked for; `asked` is announced only if it really leads here.
    """
    canonical = canonical_entity(kind, name)
    if canonical != name:
        return f"{entity_url(kind, canonical, prefix)}?{urlencode({'asked': name})}", None
    data = entity_data(kind, canonical)
    data["corrected"] = name_correction(live_index(), kind, asked[:MAX_NAME_CHARS], canonical) if asked else None
    return None, data
