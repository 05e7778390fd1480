"""Export streaming, measured inside a `tasks.py` child process (a fresh interpreter per measurement,
so that each memory peak is that export's own)."""

from __future__ import annotations

import time
from pathlib import Path

from common import rss_mb
from web import create_app

SAMPLE_EVERY = 50  # chunks between two readings of the resident memory


def export(root: str, path: str, limit: int | None = None) -> dict:
    """GET `path` from the real app over the index at `root`, reading the streamed body chunk by chunk
    and keeping none of it; rows, bytes, time, and resident memory before, during and at the peak."""
    app = create_app({"TESTING": True, "INDEX_DIR": root, "EXPORT_LIMIT": limit, "EXPORT_SECONDS": 60.0})
    client = app.test_client()
    client.get("/api/search?q=%E9%87%8D%E5%BA%86&size=1")  # load the index and warm the postings
    before = rss_mb()
    started = time.perf_counter()
    response = client.get(path, buffered=False)
    rows = size = chunks = 0
    highest = before
    for chunk in response.response:
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        size += len(data)
        rows += data.count(b"\n") if path.startswith("/export.jsonl") else 0
        chunks += 1
        if chunks % SAMPLE_EVERY == 0:
            highest = max(highest, rss_mb())
    response.close()
    seconds = time.perf_counter() - started
    return {"path": path, "limit": limit, "status": response.status_code,
            "total": int(response.headers.get("X-Total-Count", 0)),
            "exported": int(response.headers.get("X-Export-Count", 0)), "lines": rows or None,
            "mb": round(size / 2**20, 1), "seconds": round(seconds, 1),
            "rows_per_second": round(int(response.headers.get("X-Export-Count", 0)) / seconds),
            "rss_before_mb": before, "rss_highest_during_mb": max(highest, rss_mb()),
            "rss_growth_mb": round(max(highest, rss_mb()) - before, 1), "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float | None:
    """This process's resident high-water mark (VmHWM) in MB.

    Not getrusage's ru_maxrss: Linux carries that over an exec from the forking parent, so a child
    of a large benchmark process would report the parent's peak.
    """
    try:
        line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None
    return round(int(line.split()[1]) / 1024, 1)
