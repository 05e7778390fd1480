"""The app's handle on the live index (follows reindexes without a restart)."""

from __future__ import annotations

from flask import Flask, current_app

from search.engine.base import Engine
from search.engine.handle import IndexHandle


def init_app(app: Flask) -> None:
    """Attach an IndexHandle for the configured INDEX_DIR."""
    app.extensions["yuwen_index"] = IndexHandle(app.config["INDEX_DIR"])


def live_index() -> Engine:
    """The current index generation; raises IndexMissing when none is usable."""
    return current_app.extensions["yuwen_index"].current()
