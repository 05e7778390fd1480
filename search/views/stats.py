"""Index statistics for /api/stats and `manage.py stats`."""

from __future__ import annotations

from search.engine.base import Engine


def index_stats(engine: Engine) -> dict:
    """Size, counts and build time of the live archive."""
    return engine.stats()
