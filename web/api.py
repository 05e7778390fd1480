"""The JSON API: the same data as the pages, plus suggest, stats and the OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from web.data import article_data, search_data

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
    """One article as JSON."""
    return jsonify(article_data(article_id, request.args.get("q", "")))
