"""Matching document numbers with their scores, and the set operations queries combine them with.

Document numbers are sorted arrays; combining two is a lookup of one in the
other or a merge of two sorted runs — never a general sort. Large lookups go
through a dense array over the document numbers (a bitmap, or an index of
positions): one sequential pass, where a binary search of each of 800k
documents in another 800k costs ~15× more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass
class Pending:
    """Score some matches may still gain, worked out only where a match's rank depends on it.

    The bonus for strings typed together needs a position check in every match that holds
    their words — 800k of them for a query of two common words — while only the page's
    ranks depend on it. Each match gains at most `most[i]`; `add(indexes)` gives the exact gain.
    """

    most: np.ndarray  # per match, an upper bound of its gain (aligned with Matches.docs)
    add: Callable[[np.ndarray], np.ndarray]  # indexes into the matches (any order) → their exact gains


@dataclass
class Matches:
    """Matching document numbers (ascending, unique) and their scores (lower bounds while `pending`).

    Set operations drop `pending`: ranking attaches it last, to the query's final matches.
    """

    docs: np.ndarray
    scores: np.ndarray
    pending: Pending | None = None

    @classmethod
    def empty(cls) -> "Matches":
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0))

    def __len__(self) -> int:
        return len(self.docs)

    def union(self, other: "Matches") -> "Matches":
        """Documents of either; scores summed where both match."""
        if not len(other):
            return self
        if not len(self):
            return other
        docs = np.concatenate([self.docs, other.docs])
        order = np.argsort(docs, kind="stable")  # two sorted runs: a linear merge
        docs, scores = docs[order], np.concatenate([self.scores, other.scores])[order]
        first = np.ones(len(docs), dtype=bool)
        first[1:] = docs[1:] != docs[:-1]
        starts = np.flatnonzero(first)
        return Matches(docs[starts], np.add.reduceat(scores, starts))

    def intersect(self, other: "Matches") -> "Matches":
        """Documents of both; scores summed."""
        small, large = (self, other) if len(self) <= len(other) else (other, self)
        at, hit = positions_in(large.docs, small.docs)
        return Matches(small.docs[hit], small.scores[hit] + large.scores[at[hit]])

    def boosted_by(self, other: "Matches", extra: float = 0.0) -> "Matches":
        """These documents, plus `other`'s scores (and `extra`) where it matches them too."""
        at, hit = positions_in(self.docs, other.docs)
        scores = self.scores.astype(np.float64)  # a copy
        scores[at[hit]] += other.scores[hit] + extra
        return Matches(self.docs, scores)

    def settled(self) -> "Matches":
        """These matches with every pending gain added (all exact)."""
        if self.pending is None:
            return self
        return Matches(self.docs, self.scores + self.pending.add(np.arange(len(self.docs))))


def positions_in(haystack: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each needle, its index in the sorted `haystack` and whether it is there (index 0 if not)."""
    if not len(haystack) or not len(needles):
        return np.zeros(len(needles), dtype=np.int64), np.zeros(len(needles), dtype=bool)
    span = _dense_span(haystack, needles)
    if span:
        small = np.int32 if len(haystack) < 2**31 else np.int64  # half the memory to fill and read
        index = np.full(span, -1, dtype=small)
        index[haystack] = np.arange(len(haystack), dtype=small)
        at = index[needles]
        hit = at >= 0
        return np.where(hit, at, 0).astype(np.int64), hit
    at = np.minimum(np.searchsorted(haystack, needles), len(haystack) - 1)
    hit = haystack[at] == needles
    return np.where(hit, at, 0), hit


def summed_at(docs: np.ndarray, parts: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per document of the sorted `docs`, the sum of the values the parts give it (each part: sorted
    documents among `docs`, a value for each).

    Where `docs` are dense, the values are added into an array over their numbers and read back
    once, rather than each part's documents looked up among `docs` (a third of the time for three
    parts of 800k documents).
    """
    out = np.zeros(len(docs))
    parts = [(d, v) for d, v in parts if len(d)]
    if not parts:
        return out
    span = _dense_span(docs, parts[0][0])
    if not span:
        for d, v in parts:
            out[positions_in(docs, d)[0]] += v
        return out
    total = np.zeros(span)
    for d, v in parts:
        total[d] += v  # a part's documents are distinct
    return total[docs]


def member(docs: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of the `docs` are among the sorted `wanted`."""
    if not len(wanted) or not len(docs):
        return np.zeros(len(docs), dtype=bool)
    span = _dense_span(wanted, docs)
    if span:
        there = np.zeros(span, dtype=bool)
        there[wanted] = True
        return there[docs]
    at = np.minimum(np.searchsorted(wanted, docs), len(wanted) - 1)
    return wanted[at] == docs


DENSE_MIN = 4096  # below this many documents in all, a binary search is cheaper than a dense array
DENSE_SHARE = 64  # … and when the documents are sparser than one in this many of the numbers they span


def _dense_span(sorted_docs: np.ndarray, others: np.ndarray) -> int:
    """The length of a dense array over both (0 when binary search is the cheaper way)."""
    n = len(sorted_docs) + len(others)
    if n < DENSE_MIN:
        return 0
    span = int(max(sorted_docs[-1], others.max())) + 1
    return span if n * DENSE_SHARE >= span else 0
