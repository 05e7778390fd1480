"""The app's handle on the live index (follows reindexes without a restart) and its admission rules."""

from __future__ import annotations

from flask import Flask, current_app

from index.generations import IndexMissing
from search.engine.base import Engine
from search.engine.handle import IndexHandle
from web.admission import Admission


def init_app(app: Flask) -> None:
    """Attach a handle on INDEX_DIR (one index, or a shard set served by the Dask cluster at CLUSTER),
    and the heavy slots."""
    if app.config.get("CLUSTER"):
        from search.engine.cluster.handle import ClusterHandle  # Dask is needed for a cluster only

        app.extensions["yuwen_index"] = ClusterHandle(app.config["INDEX_DIR"], app.config["CLUSTER"])
    else:
        app.extensions["yuwen_index"] = IndexHandle(app.config["INDEX_DIR"])
    app.extensions["yuwen_admission"] = Admission(
        heavy_slots=int(app.config["HEAVY_SLOTS"]), quick_seconds=float(app.config["QUICK_CPU_SECONDS"]),
        wait_seconds=float(app.config["HEAVY_WAIT_SECONDS"]), retry_after=float(app.config["SEARCH_SECONDS"]),
        **({"cpu_clock": app.config["CPU_CLOCK"]} if app.config.get("CPU_CLOCK") else {}))


def live_index() -> Engine:
    """The current index generation (or shard set); raises IndexMissing when none is usable."""
    return current_app.extensions["yuwen_index"].current()


def admission() -> Admission:
    """The app's heavy slots."""
    return current_app.extensions["yuwen_admission"]


def verify_live_index() -> Engine:
    """The live generation after reading a posting list and an article and checking its files;
    IndexMissing (and the generation refused from now on) when any of that fails."""
    handle: IndexHandle = current_app.extensions["yuwen_index"]
    engine = handle.current()
    handle.verify(engine)
    return engine


def damage_behind() -> IndexMissing | None:
    """After an unexpected error: IndexMissing when the live index turns out damaged, else None."""
    try:
        verify_live_index()
    except IndexMissing as found:
        return found
    except Exception:  # the check itself failing must not hide the error that led here
        current_app.logger.exception("index check after an error failed")
    return None
