"""Whole lists: the reporter and district indexes, and every value of a search's facet, with JSON twins."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request

from search.engine.base import FACETS
from search.request import BadRequest, SearchRequest, parse_search_args
from search.views.lists import FACET_SECONDS, facet_values_view, index_view
from web.admission import looks_expensive
from web.data import budget
from web.state import live_index
from web.urls import entity_url, facet_url, index_url, request_of, search_url, toggle_url

lists = Blueprint("lists", __name__)


def _render(fmt: str, template: str, data: dict):
    return jsonify(data) if fmt == "json" else render_template(template, data=data)


@lists.route("/reporters", defaults={"fmt": "html", "kind": "reporter"})
@lists.route("/districts", defaults={"fmt": "html", "kind": "district"})
@lists.route("/api/reporters", defaults={"fmt": "json", "kind": "reporter"})
@lists.route("/api/districts", defaults={"fmt": "json", "kind": "district"})
def entity_index(fmt: str, kind: str):
    """All reporters or districts in pinyin order (or by count), with counts and dates, filterable."""
    sort = request.args.get("sort") or "name"
    if sort not in ("name", "count"):
        raise BadRequest("bad_sort", "sort 应为 name 或 count")
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= 10_000:
        raise BadRequest("bad_page", "page 应为 1 到 10000 之间的整数")
    data = index_view(live_index(), kind, request.args.get("match", ""), sort, int(page))
    prefix = "/api" if fmt == "json" else ""
    for group in data["groups"]:
        for e in group["entries"]:
            e["url"] = entity_url(kind, e["name"], prefix)
            e["search_url"] = search_url(SearchRequest(filters={kind: [e["name"]]}, sort="newest"), "/search")
    args = {"match": data["match"], "sort": None if sort == "name" else sort}
    data["links"] = {"html": index_url(kind, **args, page=data["page"]),
                     "json": index_url(kind, "/api", **args, page=data["page"]),
                     "prev": index_url(kind, prefix, **args, page=data["page"] - 1) if data["page"] > 1 else None,
                     "next": index_url(kind, prefix, **args, page=data["page"] + 1)
                     if data["page"] < data["pages"] else None,
                     "by_name": index_url(kind, match=data["match"]), "by_count": index_url(kind, match=data["match"],
                                                                                            sort="count")}
    return _render(fmt, "lists/index.html", data)


@lists.route("/facet/<name>", defaults={"fmt": "html"})
@lists.route("/api/facet/<name>", defaults={"fmt": "json"})
def facet_values(fmt: str, name: str):
    """Every value of one facet of a search, each with the URL that ticks or unticks it."""
    if name not in FACETS:
        abort(404)
    req = parse_search_args(request.args)
    with budget(heavy=looks_expensive(req), seconds=FACET_SECONDS) as deadline:
        data = facet_values_view(live_index(), req, name, request.args.get("match", ""), deadline)
    ran = request_of(data["params"])
    for v in data["buckets"]:
        v["toggle_url"] = "/search" + toggle_url(ran, name, v["value"])
    data["links"] = {"html": facet_url(ran, name), "json": facet_url(ran, name, "/api"),
                     "search": search_url(ran, "/search")}
    return _render(fmt, "lists/facet.html", data)
