"""Jinja filters the templates use."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask


def pageargs(args, page: int) -> str:
    """The current query string with `page` replaced (pagination links)."""
    pairs = [(k, v) for k, v in args.items(multi=True) if k != "page"]
    if page > 1:
        pairs.append(("page", str(page)))
    return urlencode(pairs)


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.jinja_env.filters["pageargs"] = pageargs
