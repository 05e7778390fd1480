"""Response compression (gzip) and caching of static files."""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = ("text/html", "text/css", "text/csv", "text/plain", "text/javascript", "application/javascript",
                "application/json", "application/atom+xml", "image/svg+xml")
MIN_BYTES = 500  # smaller bodies gain nothing from gzip
MAX_BYTES = 16 * 1024 * 1024  # never buffer a huge body just to compress it
LEVEL = 6
VERSIONED = "public, max-age=31536000, immutable"  # static URLs carry ?v=<content hash>
UNVERSIONED = "public, max-age=3600"


def cache_static(response: Response) -> Response:
    """Static files: cached for a year when the URL names their content hash, an hour otherwise."""
    if request.endpoint == "static" and response.status_code in (200, 304):
        response.headers["Cache-Control"] = VERSIONED if request.args.get("v") else UNVERSIONED
    return response


def gzip_response(response: Response) -> Response:
    """Compress a text response when the client accepts gzip."""
    response.vary.add("Accept-Encoding")
    if not _compressible(response):
        return response
    response.direct_passthrough = False  # static files: read the (small) file to compress it
    data = response.get_data()
    if len(data) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(data, compresslevel=LEVEL))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:  # the bytes differ from the uncompressed ones
        response.set_etag(etag, weak=True)
    return response


def _compressible(response: Response) -> bool:
    length = response.content_length
    return (response.status_code == 200
            and not (response.is_streamed and request.endpoint != "static")  # exports stream: never buffer them
            and request.accept_encodings["gzip"] > 0
            and "Content-Encoding" not in response.headers
            and response.mimetype in COMPRESSIBLE
            and (length is None or length <= MAX_BYTES))


def init_app(app: Flask) -> None:
    """Register the after-request hooks."""
    app.after_request(cache_static)
    app.after_request(gzip_response)
