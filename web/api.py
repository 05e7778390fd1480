"""The JSON API: the same data as the pages, plus suggest, stats, health and the OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, request

from index.generations import IndexMissing
from web.data import (article_data, entity_or_redirect, search_data, stats_data,
                      suggest_data)
from web.openapi import spec
from web.state import verify_live_index
from web.urls import article_url

api = Blueprint("api", __name__)


@api.after_request
def allow_cors(response):
    """Other sites may call the API from browsers (GET only)."""
    if request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET"
    return response


@api.route("/api/search")
def search_api():
    """Search results as JSON (same parameters as /search)."""
    return jsonify(search_data(request.args))


@api.route("/api/article/<path:article_id>")
def article_api(article_id: str):
    """One article as JSON; an earlier id of it answers 301 to the current one."""
    data = article_data(article_id, request.args.get("q", ""))
    if data["id"] != article_id:
        return redirect(article_url(data["id"], request.args.get("q", ""), prefix="/api"), 301)
    return jsonify(data)


@api.route("/api/suggest")
def suggest_api():
    """Entity autocomplete for the search box."""
    return jsonify(suggest_data(request.args))


@api.route("/api/stats")
def stats_api():
    """Index statistics."""
    return jsonify(stats_data())


@api.route("/api/reporter/<path:name>", defaults={"kind": "reporter"})
@api.route("/api/district/<path:name>", defaults={"kind": "district"})
def entity_api(kind: str, name: str):
    """A reporter or district page as JSON; other spellings redirect to the canonical name."""
    target, data = entity_or_redirect(kind, name, "/api", request.args.get("asked", ""))
    return redirect(target) if target else jsonify(data)


@api.route("/api/openapi.json")
def openapi_api():
    """The OpenAPI 3.0 description of this API."""
    return jsonify(spec())


@api.route("/healthz")
def healthz():
    """200 with the article count while the live index reads back, 503 otherwise (for load balancers).

    It reads a posting list and a stored article and compares the files with their record, so
    damage done to a loaded index shows here, not only in failing searches.
    """
    try:
        articles = verify_live_index().doc_count
    except IndexMissing:
        body = {"status": "unavailable",
                "error": {"code": "index_unavailable", "message": "检索索引暂不可用"}}
        response = jsonify(body)
        response.status_code = 503
    else:
        response = jsonify({"status": "ok", "articles": articles})
    response.headers["Cache-Control"] = "no-store"
    return response
