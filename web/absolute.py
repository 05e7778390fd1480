"""Absolute links (feeds, CSV rows, citations, canonical links) all get their scheme and host here.

One function, so that a deployment behind a proxy sets PUBLIC_URL once and
every absolute link follows; without it the request's own root is used.
"""

from __future__ import annotations

from flask import current_app, request


def public_root() -> str:
    """`scheme://host[:port]` of absolute links, without a trailing slash."""
    configured = str(current_app.config.get("PUBLIC_URL") or "").strip()
    return (configured or request.url_root).rstrip("/")


def absolute(path: str) -> str:
    """A site path (`/article/x`) as an absolute URL."""
    return public_root() + path
