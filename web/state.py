"""The app's handle on the live index (follows reindexes without a restart)."""

from __future__ import annotations

from flask import Flask, current_app

from search.engine.base import Engine
from search.engine.handle import IndexHandle


def init_app(app: Flask) -> None:
    """Attach a handle on INDEX_DIR: one index, or a shard set served by the Dask cluster at CLUSTER."""
    if app.config.get("CLUSTER"):
        from search.engine.cluster.handle import ClusterHandle  # Dask is needed for a cluster only

        app.extensions["yuwen_index"] = ClusterHandle(app.config["INDEX_DIR"], app.config["CLUSTER"])
    else:
        app.extensions["yuwen_index"] = IndexHandle(app.config["INDEX_DIR"])


def live_index() -> Engine:
    """The current index generation (or shard set); raises IndexMissing when none is usable."""
    return current_app.extensions["yuwen_index"].current()
