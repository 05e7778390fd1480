"""Facet counts, filter masks and the timeline, computed over doc-value arrays.

Multi-select semantics: OR inside a facet, AND across facets, and each facet
counted with every *other* facet's selection applied, so a user can widen it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.docvalues import EPOCH, DocValues

FACETS = ("reporter", "district", "source", "kind", "year", "month")
TOP_BUCKETS = 30


@dataclass
class Bucket:
    """One facet value and how many matching articles carry it."""

    value: str
    count: int
    selected: bool = False


def month_keys(dv: DocValues) -> tuple[np.ndarray, np.ndarray]:
    """Per-document month number (year*12 + month-1) and year, -1 when undated."""
    days = dv.day.astype("datetime64[D]")
    undated = dv.day < 0
    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    months = np.where(undated, -1, months + 1970 * 12)
    years = np.where(undated, -1, months // 12)
    return months.astype(np.int32), years.astype(np.int32)


class FacetIndex:
    """Doc values plus derived per-document month/year keys, built once per generation."""

    def __init__(self, dv: DocValues):
        self.dv = dv
        self.month, self.year = month_keys(dv)

    def _values(self, name: str) -> tuple[np.ndarray | None, list[str] | None]:
        if name in self.dv.single:
            return self.dv.single[name]
        return None, None

    def mask(self, name: str, selected: list[str]) -> np.ndarray:
        """Documents carrying any of the selected values of one facet."""
        if name in self.dv.multi:
            mv = self.dv.multi[name]
            ids = [i for i, v in enumerate(mv.vocab) if v in set(selected)]
            out = np.zeros(self.dv.size, dtype=bool)
            out[mv.doc[np.isin(mv.val, ids)]] = True
            return out
        if name in ("year", "month"):
            keys = self.year if name == "year" else self.month
            wanted = [k for k in map(_parse_key, selected) if k is not None]
            return np.isin(keys, wanted)
        vals, vocab = self._values(name)
        ids = [i for i, v in enumerate(vocab) if v in set(selected)]
        return np.isin(vals, ids)

    def counts(self, name: str, docs: np.ndarray, selected: list[str]) -> list[Bucket]:
        """Buckets of one facet over the documents in the boolean mask `docs`."""
        if name in self.dv.multi:
            mv = self.dv.multi[name]
            counts = np.bincount(mv.val[docs[mv.doc]], minlength=len(mv.vocab))
            labels = mv.vocab
        elif name in ("year", "month"):
            keys = (self.year if name == "year" else self.month)[docs]
            keys = keys[keys >= 0]
            uniq, cnt = np.unique(keys, return_counts=True)
            buckets = [Bucket(_key_label(name, int(k)), int(c)) for k, c in zip(uniq, cnt)]
            buckets.sort(key=lambda b: b.value, reverse=True)
            return _mark(buckets[:TOP_BUCKETS * 2], selected)
        else:
            vals, labels = self._values(name)
            v = vals[docs]
            counts = np.bincount(v[v >= 0], minlength=len(labels))
        top = np.argsort(-counts, kind="stable")[:TOP_BUCKETS]
        buckets = [Bucket(labels[i], int(counts[i])) for i in top if counts[i] > 0]
        return _mark(buckets, selected)

    def date_mask(self, low: int | None, high: int | None) -> np.ndarray | None:
        """Documents dated within [low, high] (day numbers), or None for no bound."""
        if low is None and high is None:
            return None
        out = self.dv.day >= (low if low is not None else 0)
        if high is not None:
            out &= self.dv.day <= high
        return out


def _mark(buckets: list[Bucket], selected: list[str]) -> list[Bucket]:
    present = {b.value for b in buckets}
    # A selected value always shows, even at zero, so it can be unticked.
    buckets += [Bucket(v, 0) for v in selected if v not in present]
    for b in buckets:
        b.selected = b.value in selected
    return buckets


def _key_label(name: str, key: int) -> str:
    return str(key) if name == "year" else f"{key // 12:04d}-{key % 12 + 1:02d}"


def _parse_key(text: str) -> int | None:
    try:
        if len(text) == 4:
            return int(text)
        year, month = text.split("-")[:2]
        return int(year) * 12 + int(month) - 1
    except ValueError:
        return None


@dataclass
class TimelineBucket:
    """Matching articles in one month or year."""

    key: str  # 2025-09 or 2025
    count: int
    date_from: str
    date_to: str


def timeline(facets: FacetIndex, docs: np.ndarray) -> tuple[str, list[TimelineBucket]]:
    """Counts per month, or per year when the matches span more than four years."""
    months = facets.month[docs]
    months = months[months >= 0]
    if not len(months):
        return "month", []
    lo, hi = int(months.min()), int(months.max())
    if hi - lo >= 48:
        years = months // 12
        uniq, cnt = np.unique(years, return_counts=True)
        counts = dict(zip(uniq.tolist(), cnt.tolist()))
        return "year", [TimelineBucket(str(y), counts.get(y, 0), f"{y}", f"{y}")
                        for y in range(lo // 12, hi // 12 + 1)]
    counts = np.bincount(months - lo, minlength=hi - lo + 1)
    out = []
    for i, c in enumerate(counts.tolist()):
        label = _key_label("month", lo + i)
        out.append(TimelineBucket(label, c, label, label))
    return "month", out


def day_of(d) -> int:
    """Day number (as in doc values) of a datetime.date."""
    return d.toordinal() - EPOCH
