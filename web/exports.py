"""Exports of a search (same parameters as /search): the whole result set as CSV or JSON Lines, streamed,
and an Atom feed of its newest articles with ETag and Last-Modified.

Streams run outside the request once it returns, so only EXPORT_STREAMS of
them run at once; another export is told to come back later (503, Retry-After)
instead of piling up. Their size and cut, if any, go in the response headers.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request

from search.engine.budget import Deadline
from search.request import PAGE_CEILING, parse_search_args
from search.views.bulk import csv_chunks, export, jsonl_chunks
from search.views.exports import FEED_SIZE, feed_search, feed_updated, to_atom
from web.absolute import public_root
from web.errors import error_response
from web.state import live_index
from web.urls import article_url

exports = Blueprint("exports", __name__)

FORMATS = {"csv": ("text/csv", csv_chunks, "csv"), "jsonl": ("application/x-ndjson", jsonl_chunks, "jsonl")}
RETRY_SECONDS = 30


def _slots() -> threading.BoundedSemaphore:
    """The app's export slots (EXPORT_STREAMS of them), made on first use."""
    ext = current_app.extensions
    if "yuwen_export_slots" not in ext:
        ext["yuwen_export_slots"] = threading.BoundedSemaphore(int(current_app.config["EXPORT_STREAMS"]))
    return ext["yuwen_export_slots"]


@exports.route("/export.csv", defaults={"fmt": "csv"})
@exports.route("/export.jsonl", defaults={"fmt": "jsonl"})
def export_file(fmt: str):
    """Every match of the search, full text and all metadata, streamed in bounded memory."""
    req = parse_search_args(request.args, max_page=PAGE_CEILING)  # the page is ignored
    slots = _slots()
    if not slots.acquire(blocking=False):
        response = error_response(503, "busy", "导出任务已满，请稍后再试")
        response = current_app.make_response(response)
        response.headers["Retry-After"] = str(RETRY_SECONDS)
        return response
    try:
        cap = current_app.config.get("EXPORT_LIMIT") or None
        got = export(live_index(), req, Deadline(float(current_app.config["EXPORT_SECONDS"])),
                     limit=int(cap) if cap else None)
    except BaseException:
        slots.release()
        raise
    root = public_root()
    mimetype, render, suffix = FORMATS[fmt]
    body = _released(render(got.records, lambda i: root + article_url(i)), slots, got.records)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="yuwen-search.{suffix}"'
    response.headers["X-Total-Count"] = str(got.total)
    response.headers["X-Export-Count"] = str(got.exported)
    response.headers["X-Export-Complete"] = "true" if got.complete and got.exported == got.total else "false"
    if got.limit is not None:
        response.headers["X-Export-Limit"] = str(got.limit)
    return response


def _released(chunks: Iterator[str], slots: threading.BoundedSemaphore, records) -> Iterator[str]:
    """The chunks, giving the export slot back (and the records' files) once all are sent or the client left."""
    try:
        yield from chunks
    finally:
        chunks.close()
        getattr(records, "close", lambda: None)()
        slots.release()


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
    data = feed_search(engine, req, size, current_app.config["SEARCH_SECONDS"])
    built = _archive_time(engine.stats().get("last_reindex"))
    root = public_root()
    suffix = f"?{urlencode(list(request.args.items(multi=True)))}" if request.args else ""
    body = to_atom(data, root, self_url=f"{root}/feed.atom{suffix}", html_url=f"{root}/search{suffix}",
                   archive_time=built)
    response = Response(body, mimetype="application/atom+xml")
    response.set_etag(etag)
    response.last_modified = feed_updated(data, built)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["X-Total-Count"] = str(data["total"])
    response.headers["X-Export-Count"] = str(len(data["hits"]))
    return response.make_conditional(request)


def _archive_time(stamp: str | None) -> datetime:
    """When the live index was built (its `last_reindex`), as an aware datetime."""
    try:
        return datetime.strptime(stamp or "", "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
