"""Matching document numbers with their scores, and the set operations queries combine them with."""

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
        docs, inverse = np.unique(np.concatenate([self.docs, other.docs]), return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate([self.scores, other.scores]), minlength=len(docs))
        return Matches(docs, scores)

    def intersect(self, other: "Matches") -> "Matches":
        """Documents of both; scores summed."""
        docs, i, j = np.intersect1d(self.docs, other.docs, assume_unique=True, return_indices=True)
        return Matches(docs, self.scores[i] + other.scores[j])

    def boosted_by(self, other: "Matches", extra: float = 0.0) -> "Matches":
        """These documents, plus `other`'s scores (and `extra`) where it matches them too."""
        _, i, j = np.intersect1d(self.docs, other.docs, assume_unique=True, return_indices=True)
        scores = self.scores.astype(np.float64)  # a copy; empty bincounts come back as int
        scores[i] += other.scores[j] + extra
        return Matches(self.docs, scores)

    def scaled_where(self, docs: np.ndarray, factor: float) -> "Matches":
        """These documents with the scores of those also in `docs` multiplied by `factor`."""
        hit = np.isin(self.docs, docs, assume_unique=True)
        scores = self.scores.astype(np.float64)
        scores[hit] *= factor
        return Matches(self.docs, scores)

    def minus(self, other: "Matches") -> "Matches":
        """These documents except `other`'s."""
        keep = ~np.isin(self.docs, other.docs, assume_unique=True)
        return Matches(self.docs[keep], self.scores[keep])
