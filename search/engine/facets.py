"""Facet counts, filter masks and the timeline, computed over doc-value arrays.

Multi-select semantics: OR inside a facet, AND across facets, and each facet
counted with every *other* facet's selection applied, so a user can widen it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.docvalues import EPOCH, DocValues, MultiValues, page_sort_key
from index.format.coding import ranges
from search.engine.base import Bucket, Span

# The print-order key packs (day, page rank, reading order) into one float64, exact below 2**53.
_RANK_BITS = _ORDER_BITS = 16
_LAST = (1 << 16) - 1  # an unknown page or order sorts after the known ones


def month_keys(dv: DocValues) -> tuple[np.ndarray, np.ndarray]:
    """Per-document month number (year*12 + month-1) and year, -1 when undated."""
    days = dv.day.astype("datetime64[D]")
    undated = dv.day < 0
    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    months = np.where(undated, -1, months + 1970 * 12)
    years = np.where(undated, -1, months // 12)
    return months.astype(np.int32), years.astype(np.int32)


# Below one listed document per this many further values, looking each one up in them is cheaper
# than reading the mask at all of them (1M articles, 478k second reporters: 30k documents took 6.3 ms
# looked up, 2.1 ms through the mask; 2k documents 0.8 and 1.3 ms).
LOOKUP_SHARE = 128


@dataclass
class Subset:
    """Documents as a boolean mask, also listed by number: its members, or its non-members when fewer.

    Counting over the shorter list costs in proportion to min(matches, non-matches), not the
    archive: a rare word's 2,000 matches, or the 800,000 of a boilerplate phrase, are both cheap.
    """

    mask: np.ndarray
    listed: np.ndarray  # document numbers: the members, or (inverted) every other document
    inverted: bool

    @classmethod
    def of(cls, mask: np.ndarray) -> "Subset":
        """The subset of a boolean mask over every document number."""
        if np.count_nonzero(mask) <= len(mask) // 2:
            return cls(mask, np.flatnonzero(mask), False)
        return cls(mask, np.flatnonzero(~mask), True)


class FacetIndex:
    """Doc values plus derived per-document month/year keys, built once per generation."""

    def __init__(self, dv: DocValues):
        self.dv = dv
        self.month, self.year = month_keys(dv)
        vocabs = {name: vocab for name, (_, vocab) in dv.single.items()}
        vocabs.update({name: mv.vocab for name, mv in dv.multi.items()})
        self.ids = {name: {v: i for i, v in enumerate(vocab)} for name, vocab in vocabs.items()}
        self.page_rank = _page_ranks(dv)
        # Per facet a value code for every document (0: none); a multi-valued facet's first value
        # here, and its documents' further values (a second reporter) as (document, value) pairs.
        self._codes = {name: ((vals + 1).astype(np.int32), len(vocab)) for name, (vals, vocab) in dv.single.items()}
        self._key_low = {}
        for name, keys in (("year", self.year), ("month", self.month)):
            dated = keys[keys >= 0]
            low, high = (int(dated.min()), int(dated.max())) if len(dated) else (0, -1)
            self._key_low[name] = low
            self._codes[name] = (np.where(keys >= 0, keys - low + 1, 0).astype(np.int32), max(0, high - low + 1))
        self._further = {}
        for name, mv in dv.multi.items():
            self._codes[name], self._further[name] = _first_and_further(mv, dv.size)
        self._totals = {name: self._code_counts(name, None) for name in self._codes}

    def has_value(self, name: str, value: str) -> bool:
        """Whether `value` is one of the facet's values."""
        return value in self.ids.get(name, ())

    def _values(self, name: str) -> tuple[np.ndarray | None, list[str] | None]:
        if name in self.dv.single:
            return self.dv.single[name]
        return None, None

    def mask(self, name: str, selected: list[str]) -> np.ndarray:
        """Documents carrying any of the selected values of one facet."""
        if name in self.dv.multi:
            mv = self.dv.multi[name]
            ids = [self.ids[name][v] for v in selected if v in self.ids[name]]
            out = np.zeros(self.dv.size, dtype=bool)
            out[mv.doc[np.isin(mv.val, ids)]] = True
            return out
        if name in ("year", "month"):
            keys = self.year if name == "year" else self.month
            wanted = [k for k in map(_parse_key, selected) if k is not None]
            return np.isin(keys, wanted)
        vals, _ = self._values(name)
        ids = [self.ids[name][v] for v in selected if v in self.ids[name]]
        return np.isin(vals, ids)

    def counts(self, name: str, docs: Subset, limit: int | None) -> list[Bucket]:
        """Buckets of one facet over the documents `docs`, at most `limit`.

        Most frequent first (ties in the order values were first seen); years and months newest first.
        """
        counts = self._subset_counts(name, docs)
        found = np.flatnonzero(counts)
        if name in ("year", "month"):
            low = self._key_low[name]
            buckets = [Bucket(_key_label(name, low + i), int(counts[i])) for i in found[::-1].tolist()]
            return buckets[:limit] if limit else buckets
        labels = self.dv.multi[name].vocab if name in self.dv.multi else self.dv.single[name][1]
        top = found[np.argsort(-counts[found], kind="stable")]
        if limit:
            top = top[:limit]
        return [Bucket(labels[i], int(counts[i])) for i in top.tolist()]

    def _subset_counts(self, name: str, docs: Subset) -> np.ndarray:
        """Per value id of the facet (years and months: key − lowest key), its documents in `docs`."""
        counts = self._code_counts(name, docs.listed)
        if docs.inverted:
            counts = self._totals[name] - counts
        if name in self._further:
            counts = counts + self._further_counts(name, docs)
        return counts

    def _code_counts(self, name: str, docs: np.ndarray | None) -> np.ndarray:
        """Per value id, how many of the documents `docs` (None: all of them) have it as their code."""
        codes, size = self._codes[name]
        return np.bincount(codes if docs is None else codes[docs], minlength=size + 1)[1:]

    def _further_counts(self, name: str, docs: Subset) -> np.ndarray:
        """Per value id, how many of the documents `docs` carry it besides their first value."""
        doc, val, size = self._further[name]
        if not docs.inverted and len(docs.listed) * LOOKUP_SHARE < len(doc):
            low, high = np.searchsorted(doc, docs.listed), np.searchsorted(doc, docs.listed, side="right")
            return np.bincount(val[ranges(low, high - low)], minlength=size)
        return np.bincount(val[docs.mask[doc]], minlength=size)

    def print_key(self, docs: np.ndarray) -> np.ndarray:
        """Order of the documents `docs` in the printed paper: day, then page (版), then reading order.

        Undated documents come last (inf); ties (the same place, or no place known) fall to the
        caller's tie-break by document number, which is the order the corpus listed them.
        """
        day = self.dv.day[docs].astype(np.float64)
        order = np.where(self.dv.order[docs] < 0, _LAST, np.minimum(self.dv.order[docs], _LAST))
        place = self.page_rank[docs].astype(np.float64) * (1 << _ORDER_BITS) + order
        return np.where(day < 0, np.inf, day * float(1 << (_RANK_BITS + _ORDER_BITS)) + place)

    def day_counts(self, docs: np.ndarray) -> dict[int, int]:
        """Matches per day number over the boolean mask `docs` (undated ones left out)."""
        return _key_counts(self.dv.day[docs])

    def spans(self, name: str, docs: np.ndarray) -> list[Span]:
        """Every value of a facet among the masked documents: count, first and last dated day; most first."""
        if name in self.dv.multi:
            mv = self.dv.multi[name]
            keep = docs[mv.doc]
            vals, days, labels = mv.val[keep], self.dv.day[mv.doc[keep]], mv.vocab
        else:
            column, labels = self._values(name)
            if column is None:
                return []
            vals, days = column[docs], self.dv.day[docs]
            vals, days = vals[vals >= 0], days[vals >= 0]
        counts = np.bincount(vals, minlength=len(labels))
        dated = days >= 0
        first = np.full(len(labels), np.iinfo(np.int32).max, dtype=np.int64)
        last = np.full(len(labels), -1, dtype=np.int64)
        np.minimum.at(first, vals[dated], days[dated])
        np.maximum.at(last, vals[dated], days[dated])
        found = np.flatnonzero(counts)
        top = found[np.argsort(-counts[found], kind="stable")]
        return [Span(labels[i], int(counts[i]), int(first[i]) if last[i] >= 0 else None,
                     int(last[i]) if last[i] >= 0 else None) for i in top.tolist()]

    def month_counts(self, docs: Subset) -> dict[int, int]:
        """Matches per month key (year*12 + month-1) over the documents `docs`."""
        counts = self._subset_counts("month", docs)
        found = np.flatnonzero(counts)
        return dict(zip((found + self._key_low["month"]).tolist(), counts[found].tolist()))

    def date_mask(self, low: int | None, high: int | None) -> np.ndarray | None:
        """Documents dated within [low, high] (day numbers), or None for no bound."""
        if low is None and high is None:
            return None
        out = self.dv.day >= (low if low is not None else 0)
        if high is not None:
            out &= self.dv.day <= high
        return out


def _page_ranks(dv: DocValues) -> np.ndarray:
    """Per document, the rank of its printed page among all pages in print order (unknown: last)."""
    pages, labels = dv.single.get("page", (None, []))
    if pages is None:
        return np.full(dv.size, _LAST, dtype=np.int32)
    ordered = sorted(range(len(labels)), key=lambda i: page_sort_key(labels[i]))
    rank = np.empty(len(labels) + 1, dtype=np.int32)
    rank[ordered] = np.minimum(np.arange(len(labels)), _LAST - 1)
    rank[-1] = _LAST  # -1 (no page) indexes the trailing entry
    return rank[pages]


def _first_and_further(mv: MultiValues, size: int):
    """A multi-valued facet as ((each document's first value id + 1, or 0; vocabulary size),
    (documents, value ids, vocabulary size) of the values after each document's first)."""
    order = np.argsort(mv.doc, kind="stable")
    doc, val = mv.doc[order], mv.val[order]
    first = np.ones(len(doc), dtype=bool)
    first[1:] = doc[1:] != doc[:-1]
    codes = np.zeros(size, dtype=np.int32)
    codes[doc[first]] = val[first] + 1
    return (codes, len(mv.vocab)), (doc[~first], val[~first].astype(np.int32), len(mv.vocab))


def _key_counts(keys: np.ndarray) -> dict[int, int]:
    """Count of each non-negative key (a month or year number), by bincount over the range present."""
    keys = keys[keys >= 0]
    if not len(keys):
        return {}
    low = int(keys.min())
    counts = np.bincount(keys - low)
    found = np.flatnonzero(counts)
    return dict(zip((found + low).tolist(), counts[found].tolist()))


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
