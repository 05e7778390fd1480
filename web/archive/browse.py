"""Browsing by paper and date: papers → paper → year → month → issue → page, each page with its JSON twin.

A misspelt or variant paper name redirects to the paper's own name and the
page says so, as reporter and district pages do.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, abort, jsonify, redirect, render_template, request

from search.filters import canonical_value
from search.request import MAX_VALUE_CHARS, SearchRequest
from search.views.browse import month_view, paper_view, papers_view, year_view
from search.views.calendar import valid_date
from search.views.entity import name_correction
from search.views.issue import issue_view, page_view
from web.state import live_index
from web.urls import article_url, issue_url, paper_url, search_url

browse = Blueprint("browse", __name__)

MAX_NAME_CHARS = MAX_VALUE_CHARS  # a paper's name (or page label) as long as a filter value works


def _both(rule: str, **defaults):
    """Register a view at `rule` (HTML) and at `/api` + `rule` (JSON)."""
    def register(view):
        browse.add_url_rule(rule, view.__name__, view, defaults={"fmt": "html", **defaults})
        browse.add_url_rule("/api" + rule, view.__name__ + "_api", view, defaults={"fmt": "json", **defaults})
        return view
    return register


def _render(fmt: str, template: str, data: dict):
    return jsonify(data) if fmt == "json" else render_template(template, data=data)


def _prefix(fmt: str) -> str:
    return "/api" if fmt == "json" else ""


def _paper(source: str, fmt: str, *rest: int):
    """(the paper's name, None) when the index knows it, else (None, a redirect to its right name); 404 if none."""
    engine = live_index()
    if 0 < len(source) <= MAX_NAME_CHARS and engine.has_value("source", source):
        return source, None
    found = canonical_value(engine, "source", source) if 0 < len(source) <= MAX_NAME_CHARS else None
    if not found or not engine.has_value("source", found):
        abort(404)
    return None, redirect(f"{paper_url(found, *rest, prefix=_prefix(fmt))}?{urlencode({'asked': source})}")


def _common(data: dict, fmt: str, source: str | None = None) -> dict:
    """Links every browse page carries: itself in both forms, and a correction of the paper's name."""
    path = quote(request.path.removeprefix("/api"))  # the page's own path, quoted as every built URL is
    data["links"] = {"html": path, "json": "/api" + path}
    if source:
        asked = request.args.get("asked", "")[:MAX_NAME_CHARS]
        data["corrected"] = name_correction(live_index(), "source", asked, source) if asked else None
        data["links"]["paper"] = paper_url(source)
        data["links"]["search"] = search_url(SearchRequest(filters={"source": [source]}, sort="newest"), "/search")
    return data


@_both("/papers")
def papers(fmt: str):
    """Every paper with its article count and the dates it covers."""
    data = papers_view(live_index())
    for p in data["papers"]:
        p["url"] = paper_url(p["name"], prefix=_prefix(fmt))
    return _render(fmt, "browse/papers.html", _common(data, fmt))


@_both("/papers/<source>")
def paper(fmt: str, source: str):
    """One paper: its years, each with article counts per month."""
    name, moved = _paper(source, fmt)
    if moved:
        return moved
    data = paper_view(live_index(), name)
    if data is None:
        abort(404)
    for y in data["years"]:
        y["url"] = paper_url(name, y["year"], prefix=_prefix(fmt))
        for m in y["months"]:
            m["url"] = paper_url(name, y["year"], m["month"], prefix=_prefix(fmt)) if m["count"] else None
    return _render(fmt, "browse/paper.html", _common(data, fmt, name))


@_both("/papers/<source>/<int:year>")
def paper_year(fmt: str, source: str, year: int):
    """A paper's year as twelve month calendars."""
    name, moved = _paper(source, fmt, year)
    if moved:
        return moved
    data = year_view(live_index(), name, year)
    if data is None:
        abort(404)
    for m in data["months"]:
        m["url"] = paper_url(name, year, m["month"], prefix=_prefix(fmt)) if m["count"] else None
        _day_urls(m["weeks"], name, fmt)
    _neighbour_urls(data, name, fmt, lambda iso: (int(iso[:4]),))
    return _render(fmt, "browse/year.html", _common(data, fmt, name))


@_both("/papers/<source>/<int:year>/<int:month>")
def paper_month(fmt: str, source: str, year: int, month: int):
    """A paper's month as a calendar: the days with issues marked and counted."""
    name, moved = _paper(source, fmt, year, month)
    if moved:
        return moved
    data = month_view(live_index(), name, year, month)
    if data is None:
        abort(404)
    _day_urls(data["weeks"], name, fmt)
    _neighbour_urls(data, name, fmt, lambda iso: (int(iso[:4]), int(iso[5:7])))
    data["year_url"] = paper_url(name, year, prefix=_prefix(fmt))
    return _render(fmt, "browse/month.html", _common(data, fmt, name))


@_both("/papers/<source>/<int:year>/<int:month>/<int:day>")
def paper_issue(fmt: str, source: str, year: int, month: int, day: int):
    """One issue: its pages in print order, each page's articles in reading order."""
    name, moved = _paper(source, fmt, year, month, day)
    if moved:
        return moved
    when = valid_date(year, month, day)
    data = issue_view(live_index(), name, when) if when else None
    if data is None:
        abort(404)
    for p in data["pages"]:
        p["url"] = issue_url(name, data["date"], p["page"], prefix=_prefix(fmt)) if p["page"] else None
        _article_urls(p["articles"], fmt)
    _issue_neighbours(data, name, fmt)
    return _render(fmt, "browse/issue.html", _common(data, fmt, name))


@_both("/papers/<source>/<int:year>/<int:month>/<int:day>/<page>")
def paper_page(fmt: str, source: str, year: int, month: int, day: int, page: str):
    """One printed page of an issue: its articles in reading order, with the pages before and after."""
    name, moved = _paper(source, fmt, year, month, day)
    if moved:
        return moved
    when = valid_date(year, month, day)
    data = page_view(live_index(), name, when, page) if when and len(page) <= MAX_NAME_CHARS else None
    if data is None:
        abort(404)
    _article_urls(data["articles"], fmt)
    data["issue_url"] = issue_url(name, data["date"], prefix=_prefix(fmt))
    for key in ("prev_page", "next_page"):
        data[key + "_url"] = issue_url(name, data["date"], data[key], prefix=_prefix(fmt)) if data[key] else None
    return _render(fmt, "browse/page.html", _common(data, fmt, name))


def _day_urls(weeks: list[list[dict | None]], name: str, fmt: str) -> None:
    for week in weeks:
        for d in week:
            if d:
                d["url"] = issue_url(name, d["date"], prefix=_prefix(fmt)) if d["count"] else None


def _article_urls(articles: list[dict], fmt: str) -> None:
    for a in articles:
        a["url"] = article_url(a["id"], prefix=_prefix(fmt))


def _neighbour_urls(data: dict, name: str, fmt: str, parts) -> None:
    """prev/next (ISO dates of the nearest articles) → the year or month pages holding them."""
    for key in ("prev", "next"):
        data[key + "_url"] = paper_url(name, *parts(data[key]), prefix=_prefix(fmt)) if data[key] else None


def _issue_neighbours(data: dict, name: str, fmt: str) -> None:
    for key in ("prev", "next"):
        data[key + "_url"] = issue_url(name, data[key], prefix=_prefix(fmt)) if data[key] else None
    y, m, _ = (int(x) for x in data["date"].split("-"))
    data["month_url"] = paper_url(name, y, m, prefix=_prefix(fmt))
