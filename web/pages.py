"""HTML pages (server-rendered, Chinese UI, usable without JavaScript)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from web.data import article_data, search_data

pages = Blueprint("pages", __name__)


@pages.route("/")
@pages.route("/search")
def search_page():
    """The search box, results, facets and timeline."""
    return render_template("search.html", **search_data(request.args))


@pages.route("/article/<path:article_id>")
def article_page(article_id: str):
    """One article with its metadata, highlighted text and citation."""
    return render_template("article.html", article=article_data(article_id, request.args.get("q", "")))
