"""HTML pages (server-rendered, Chinese UI, usable without JavaScript)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Blueprint, redirect, render_template, request

from search.request import PAGE_CEILING
from web.data import article_data, entity_or_redirect, search_data
from web.urls import article_url

pages = Blueprint("pages", __name__)


@pages.route("/")
@pages.route("/search")
def search_page():
    """The search box, results, facets and timeline."""
    return render_template("search.html", **search_data(request.args, max_page=PAGE_CEILING))


@pages.route("/article/<path:article_id>")
def article_page(article_id: str):
    """One article with its metadata, highlighted text, citation and related articles."""
    q = request.args.get("q", "")
    data = article_data(article_id, q)
    if data["id"] != article_id:  # an earlier id: the permalink moved for good
        return redirect(article_url(data["id"], q), 301)
    return render_template("article.html", article=data, back_url=back_url(q))


def back_url(q: str) -> str | None:
    """The results page the reader came from (same site only), else a search for `q`."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path in ("/", "/search"):
        query = urlencode(parse_qsl(referrer.query))
        return "/search" + (f"?{query}" if query else "")
    return "/search?" + urlencode({"q": q}) if q else None


@pages.route("/reporter/<path:name>", defaults={"kind": "reporter"})
@pages.route("/district/<path:name>", defaults={"kind": "district"})
def entity_page(kind: str, name: str):
    """A reporter's or district's page; other spellings redirect to the canonical name."""
    target, data = entity_or_redirect(kind, name, "", request.args.get("asked", ""))
    return redirect(target) if target else render_template("entity.html", entity=data)
