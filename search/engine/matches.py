"""Matching document numbers with their scores, and the set operations queries combine them with.

Document numbers are sorted arrays; combining two is a binary search of one
in the other or a merge of two sorted runs — never a general sort.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Matches:
    """Matching document numbers (ascending, unique) and their scores."""

    docs: np.ndarray
    scores: np.ndarray

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

    def minus(self, other: "Matches") -> "Matches":
        """These documents except `other`'s."""
        _, hit = positions_in(other.docs, self.docs)
        return Matches(self.docs[~hit], self.scores[~hit])


def positions_in(haystack: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each needle, its index in the sorted `haystack` and whether it is there."""
    if not len(haystack):
        return np.zeros(len(needles), dtype=np.int64), np.zeros(len(needles), dtype=bool)
    at = np.minimum(np.searchsorted(haystack, needles), len(haystack) - 1)
    return at, haystack[at] == needles
