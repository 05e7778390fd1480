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


def scored_matches(searcher, query, deadline: Deadline) -> tuple[np.ndarray, np.ndarray]:
    """Every matching document number with its BM25F score, best first, in one pass.

    One scored pass gives both the match set (for facets and the timeline) and the
    ranking; running Whoosh twice would decode every phrase's positions twice.
    """
    collector = searcher.collector(limit=None)
    timed = TimeLimitCollector(collector, timelimit=max(deadline.remaining(), 0.01), use_alarm=False)
    try:
        searcher.search_with_collector(query, timed)
    except TimeLimit:
        deadline.hit = True
    items = collector.items if deadline.hit else timed.results().top_n
    if deadline.hit:
        items.sort(key=lambda x: (-x[0], x[1]))
    scores = np.fromiter((score for score, _ in items), dtype=np.float64, count=len(items))
    docs = np.fromiter((docnum for _, docnum in items), dtype=np.int64, count=len(items))
    return docs, scores


def best_of(ranked_docs: np.ndarray, allowed: np.ndarray, offset: int, size: int) -> list[int]:
    """The page of `ranked_docs` (best first) that passes the boolean mask `allowed`."""
    kept = ranked_docs[allowed[ranked_docs]]
    return kept[offset : offset + size].tolist()


def by_date(docs: np.ndarray, days: np.ndarray, newest: bool) -> np.ndarray:
    """Matching document numbers ordered by date; undated ones last either way."""
    d = days[docs].astype(np.int64)
    key = np.where(d < 0, np.iinfo(np.int64).max, -d if newest else d)
    return docs[np.lexsort((docs, key))]
