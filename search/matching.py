"""Running a compiled query: the full match set (for facets) and the ranked page, both time-bounded."""

from __future__ import annotations

import time

import numpy as np
from whoosh.collectors import TimeLimit, TimeLimitCollector


class Deadline:
    """Search-time budget shared by the stages of one search."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        self.hit = False

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        """True once the budget is spent; remembers that it was."""
        if time.monotonic() >= self.end:
            self.hit = True
        return self.hit


def match_mask(searcher, query, size: int, deadline: Deadline) -> np.ndarray:
    """Boolean array over document numbers: which documents match (unscored, fast path)."""
    out = np.zeros(size, dtype=bool)
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, sub.boolean_context())
        ids = []
        n = 0
        while matcher.is_active():
            ids.append(matcher.id())
            matcher.next()
            n += 1
            if n % 4096 == 0 and deadline.expired():
                break
        if ids:
            out[np.asarray(ids, dtype=np.int64) + offset] = True
        if deadline.hit:
            break
    return out


def ranked(searcher, query, limit: int, allowed: set[int] | None, deadline: Deadline) -> list[int]:
    """Document numbers of the `limit` best-scoring matches (BM25F), optionally within `allowed`."""
    collector = searcher.collector(limit=limit, filter=allowed)
    timed = TimeLimitCollector(collector, timelimit=max(deadline.remaining(), 0.01), use_alarm=False)
    try:
        searcher.search_with_collector(query, timed)
    except TimeLimit:
        deadline.hit = True
    return [docnum for docnum, _ in timed.results().items()]


def by_date(docs: np.ndarray, days: np.ndarray, newest: bool) -> np.ndarray:
    """Matching document numbers ordered by date; undated ones last either way."""
    d = days[docs].astype(np.int64)
    key = np.where(d < 0, np.iinfo(np.int64).max, -d if newest else d)
    return docs[np.lexsort((docs, key))]
