"""The search-time budget, and turning scored matches into the requested page."""

from __future__ import annotations

import time

import numpy as np


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


def best_of(ranked_docs: np.ndarray, allowed: np.ndarray, offset: int, size: int) -> list[int]:
    """The page of `ranked_docs` (best first) that passes the boolean mask `allowed`."""
    kept = ranked_docs[allowed[ranked_docs]]
    return kept[offset : offset + size].tolist()


def by_date(docs: np.ndarray, days: np.ndarray, newest: bool) -> np.ndarray:
    """Matching document numbers ordered by date; undated ones last either way."""
    d = days[docs].astype(np.int64)
    key = np.where(d < 0, np.iinfo(np.int64).max, -d if newest else d)
    return docs[np.lexsort((docs, key))]
