"""Data for each page as plain dicts; the HTML and JSON blueprints only render them."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, current_app

from search.articles import article_view
from search.request import SearchRequest, parse_search_args
from search.run import run_search
from web.state import live_index


def search_data(args) -> dict:
    """Run the search described by request arguments."""
    req = parse_search_args(args)
    return run_search(live_index(), req, time_limit=current_app.config["SEARCH_SECONDS"])


def article_data(article_id: str, q: str = "") -> dict:
    """One article with links; 404 when the id is unknown."""
    if len(article_id) > 64:
        abort(404)
    data = article_view(live_index(), article_id, q[:256])
    if data is None:
        abort(404)
    data["links"] = {"json": f"/api/article/{quote(article_id)}", "html": f"/article/{quote(article_id)}"}
    return data


def request_for(**filters) -> SearchRequest:
    """A SearchRequest with the given filter values, for entity pages."""
    return SearchRequest(filters={k: [v] for k, v in filters.items()}, sort="newest")
