"""Exports of a search (same parameters as /search): the whole result set as CSV or JSON Lines, streamed,
and an Atom feed of its newest articles with ETag and Last-Modified.

An export is expensive by its shape, so it takes one of the app's heavy slots
(web/admission.py) before it starts, and another one is told to come back
later (503, Retry-After) when none frees; it keeps the slot until its last
row has been sent or the client has left, so the heavy slots are the one
limit on exports running at once. Its size and cut, if any, go in the
response headers. The feed is a search like the results page, in the same
lanes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from werkzeug.wsgi import ClosingIterator

from search.request import PAGE_CEILING, parse_search_args
from search.views.bulk import csv_chunks, export, jsonl_chunks
from search.views.exports import FEED_SIZE, feed_search, feed_updated, to_atom
from web.admission import looks_expensive
from web.data import budget
from web.security import public_root
from web.state import live_index
from web.urls import article_url

exports = Blueprint("exports", __name__)

FORMATS = {"csv": ("text/csv", csv_chunks, "csv"), "jsonl": ("application/x-ndjson", jsonl_chunks, "jsonl")}


@exports.route("/export.csv", defaults={"fmt": "csv"})
@exports.route("/export.jsonl", defaults={"fmt": "jsonl"})
def export_file(fmt: str):
    """Every match of the search, full text and all metadata, streamed in bounded memory."""
    req = parse_search_args(request.args, max_page=PAGE_CEILING)  # the page is ignored
    cap = current_app.config.get("EXPORT_LIMIT") or None
    root = public_root().rstrip("/")  # read now: the request's context is gone while the rows stream
    mimetype, render, suffix = FORMATS[fmt]
    with budget(heavy=True, seconds=float(current_app.config["EXPORT_SECONDS"])) as deadline:
        got = export(live_index(), req, deadline, limit=int(cap) if cap else None)
        # The slot goes back after the last row, or when the response is closed before that (the client
        # left, or a HEAD request never read it); closing also closes the rows' generator.
        release = deadline.keep_slot()
        body = ClosingIterator(_then(render(got.records, lambda i: root + article_url(i)), release), release)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="yuwen-search.{suffix}"'
    response.headers["X-Total-Count"] = str(got.total)
    response.headers["X-Export-Count"] = str(got.exported)
    response.headers["X-Export-Complete"] = "true" if got.complete and got.exported == got.total else "false"
    if got.limit is not None:
        response.headers["X-Export-Limit"] = str(got.limit)
    return response


def _then(chunks: Iterator[str], done: Callable[[], None]) -> Iterator[str]:
    """The chunks, then `done()` once the last has been taken."""
    yield from chunks
    done()


@exports.route("/feed.atom")
def feed_atom():
    """The search's newest articles (FEED_SIZE unless `size` says) as Atom; 304 when nothing changed."""
    req = parse_search_args(request.args)
    if not request.args.get("sort"):
        req.sort = "newest"
    size = req.size if request.args.get("size") else FEED_SIZE
    engine = live_index()
    query = urlencode(req.params(size=size, page=1))
    etag = hashlib.sha256(f"{engine.version}\0{query}".encode()).hexdigest()[:32]
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    with budget(heavy=looks_expensive(req)) as deadline:
        data = feed_search(engine, req, size, current_app.config["SEARCH_SECONDS"], deadline)
    built = _archive_time(engine.stats().get("last_reindex"))
    root = public_root().rstrip("/")
    suffix = f"?{urlencode(list(request.args.items(multi=True)))}" if request.args else ""
    body = to_atom(data, root, self_url=f"{root}/feed.atom{suffix}", html_url=f"{root}/search{suffix}",
                   archive_time=built)
    response = Response(body, mimetype="application/atom+xml")
    response.set_etag(etag)
    response.last_modified = feed_updated(data, built)
    response.headers["X-Total-Count"] = str(data["total"])
    response.headers["X-Export-Count"] = str(len(data["hits"]))
    return response.make_conditional(request)


def _archive_time(stamp: str | None) -> datetime:
    """When the live index was built (its `last_reindex`), as an aware datetime."""
    try:
        return datetime.strptime(stamp or "", "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
