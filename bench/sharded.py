"""Bench tasks of bench_cluster.py, each run in a fresh interpreter by `common.run_task` (tasks.py)."""

from __future__ import annotations

import time

import common  # noqa: F401  (puts the project on sys.path)
from common import percentiles


def latency(root: str, queries: list[dict], warmup: list[dict], cluster: str | None = None) -> dict:
    """(bench task) run_search latency on a freshly loaded index or shard set; with the coordinator's own share."""
    from search.request import SearchRequest
    from search.run import run_search

    if cluster:
        from search.engine.cluster.handle import ClusterHandle

        handle = ClusterHandle(root, cluster)
    else:
        from search.engine.handle import IndexHandle

        handle = IndexHandle(root)
    engine = handle.current()
    waited = [0.0]
    if cluster:  # time spent waiting for the shards; the rest of a search is the coordinator's
        call = engine.slots.call

        def timed_call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                waited[0] += time.perf_counter() - started
        engine.slots.call = timed_call
    for item in warmup:
        run_search(engine, SearchRequest(q=item["q"]), time_limit=30.0)
    times, own, partial = [], [], 0
    for item in queries:
        waited[0] = 0.0
        started = time.perf_counter()
        data = run_search(engine, SearchRequest(q=item["q"]), time_limit=30.0)
        ms = (time.perf_counter() - started) * 1000
        times.append(ms)
        own.append(ms - waited[0] * 1000)
        partial += data.get("partial") is not None
    out = {**percentiles(times), "partial_answers": partial}
    if cluster:
        out["coordinator_own"] = percentiles(own)
        out["shards"] = len(engine.shards)
    handle.close()
    return out
