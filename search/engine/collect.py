"""Scored matches → the requested page, the total, facet buckets and month counts, over doc values.

Everything here is a numpy pass over per-document arrays: filters are boolean
masks, each facet is counted with the other facets' filters applied (so a user
can widen a selection), and the page is cut from the ranked or dated order.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import numpy as np

from search.engine.base import Bucket, Retrieval, Span
from search.engine.evaluate import Matches
from search.engine.facets import FacetIndex, Subset
from search.engine.matches import Pending


class BadCursor(ValueError):
    """An `after` cursor that is malformed or from another version of the index."""


@dataclass
class Collected:
    """Document numbers of the page, and everything counted over all matches."""

    docs: list[int]
    scores: list[float]
    cursors: list[str]
    total: int
    facets: dict[str, list[Bucket]]
    months: dict[int, int]
    days: dict[int, int]
    spans: dict[str, list[Span]]
    first_day: int | None
    last_day: int | None
    more: bool


def collect(facets: FacetIndex, matches: Matches | None, r: Retrieval, version: str) -> Collected:
    """Apply filters and dates to `matches` (None: every live document), order, page and count."""
    dv = facets.dv
    base, masks, final = _filtered(facets, matches, r)
    docs, primary, gains = _keyed(facets, matches, final, r.sort)
    docs, primary, skipped = _later(docs, primary, r, version, gains)
    page = _top(primary, docs, 0 if r.after else skipped, r.size, gains)
    # Each facet is counted with the other facets' filters: without filters, all over the same set.
    subsets: dict[frozenset, Subset] = {frozenset(masks): Subset.of(final)} if r.facets or r.timeline else {}
    buckets = {}
    for name in r.facets:
        others = frozenset(masks) - {name}
        if others not in subsets:
            subsets[others] = Subset.of(_others(base, masks, name))
        buckets[name] = facets.counts(name, subsets[others], r.facet_limit)
    months = facets.month_counts(subsets[frozenset(masks)]) if r.timeline else {}
    per_day = facets.day_counts(final) if r.days else {}
    spans = {name: facets.spans(name, final) for name in r.spans}
    days = dv.day[final]
    days = days[days >= 0]
    total = int(final.sum())
    return Collected(
        docs=docs[page].tolist(), scores=_scores(matches, docs[page], primary[page], r.sort), total=total,
        cursors=[_cursor(version, r.sort, primary[i], docs[i]) for i in page.tolist()],
        facets=buckets, months=months, days=per_day, spans=spans, more=skipped + len(page) < total,
        first_day=int(days.min()) if len(days) else None, last_day=int(days.max()) if len(days) else None)


def ordered(facets: FacetIndex, matches: Matches | None, r: Retrieval, version: str) -> tuple[np.ndarray, int]:
    """Document numbers of every match in order (after `r.after`, when given), and the total.

    Only numpy arrays: no cursor or Python object per match, so a whole result set costs ~20 bytes
    a match however large it is.
    """
    _, _, final = _filtered(facets, matches, r)
    docs, primary, _ = _keyed(facets, None if matches is None else matches.settled(), final, r.sort)
    total = len(docs)
    docs, primary, _ = _later(docs, primary, r, version)
    return docs[np.lexsort((docs, primary))], total


def _filtered(facets: FacetIndex, matches: Matches | None, r: Retrieval):
    """(matches within the dates, each facet's filter mask, matches passing every filter) as boolean masks."""
    base = facets.dv.live.copy()
    if matches is not None:
        matched = np.zeros(facets.dv.size, dtype=bool)
        matched[matches.docs] = True
        base &= matched
    dated = facets.date_mask(r.day_from, r.day_to)
    if dated is not None:
        base &= dated
    masks = {name: facets.mask(name, values) for name, values in r.filters.items() if values}
    final = base.copy()
    for m in masks.values():
        final &= m
    return base, masks, final


def _later(docs: np.ndarray, primary: np.ndarray, r: Retrieval, version: str, gains: _Gains | None = None):
    """The documents after the retrieval's cursor (all of them without one), and how many were skipped.

    Without a cursor the skipped count is the offset, which `_top` applies itself. Pending
    gains are settled first where they decide which side of the cursor a match falls on.
    """
    after = _after(r, version)
    if after is None:
        return docs, primary, r.offset
    if gains is not None:
        gains.settle(primary, np.flatnonzero((primary - gains.most <= after[0]) & (primary >= after[0])))
    later = (primary > after[0]) | ((primary == after[0]) & (docs > after[1]))
    if gains is not None:
        gains.keep(later)
    return docs[later], primary[later], int(len(docs) - later.sum())


def _others(base: np.ndarray, masks: dict[str, np.ndarray], name: str) -> np.ndarray:
    """The matches with every facet's filter applied except `name`'s own."""
    out = base.copy()
    for other, m in masks.items():
        if other != name:
            out &= m
    return out


def _keyed(facets: FacetIndex, matches: Matches | None, final: np.ndarray, sort: str):
    """Matching document numbers (ascending), the key that orders them (smaller first; ties by document),
    and the gains pending on those keys (None when every key is exact)."""
    if sort == "relevance" and matches is not None:
        keep = final[matches.docs]
        gains = None if matches.pending is None else _Gains(matches.pending, np.flatnonzero(keep))
        return matches.docs[keep], -matches.scores[keep], gains
    docs = np.flatnonzero(final)
    if sort == "print":
        return docs, facets.print_key(docs), None
    day = facets.dv.day[docs].astype(np.float64)
    # Undated articles come last in either direction.
    return docs, np.where(day < 0, np.inf, day if sort == "oldest" else -day), None


class _Gains:
    """Pending score gains of the ranked matches: each key may still fall by up to `most`."""

    def __init__(self, pending: Pending, rows: np.ndarray):
        self.pending, self.rows = pending, rows  # rows: each ranked match's index among the matches
        self.most = pending.most[rows].copy()

    def settle(self, primary: np.ndarray, at: np.ndarray) -> None:
        """Make the keys at these indexes exact."""
        at = at[self.most[at] > 0]
        if len(at):
            primary[at] -= self.pending.add(self.rows[at])
            self.most[at] = 0

    def keep(self, mask: np.ndarray) -> None:
        """Follow the ranked matches being cut to `mask`."""
        self.rows, self.most = self.rows[mask], self.most[mask]


# Matches whose gains are worked out in the first round, ×4 each further round. Reading a few
# scattered matches' postings decodes whole blocks, so a round costs about as much as reading the
# lists whole: few large rounds, and all that is left open when that is at most twice a round.
SETTLE_FIRST = 8192


def _top(primary: np.ndarray, docs: np.ndarray, offset: int, size: int, gains: _Gains | None = None) -> np.ndarray:
    """Indexes of the results offset…offset+size in (primary, document) order, without sorting them all.

    `docs` ascend, so among equal keys the earlier index is the smaller document.
    """
    k = offset + size
    if k <= 0 or not len(docs):
        return np.zeros(0, dtype=np.int64)
    if gains is not None:
        _settle_top(primary, k, gains)
    if k < len(primary):
        kth = np.partition(primary, k - 1)[k - 1]
        better = np.flatnonzero(primary < kth)
        ties = np.flatnonzero(primary == kth)[: k - len(better)]
        chosen = np.concatenate([better, ties])
    else:
        chosen = np.arange(len(primary))
    ordered = chosen[np.lexsort((docs[chosen], primary[chosen]))]
    return ordered[offset:k]


def _settle_top(primary: np.ndarray, k: int, gains: _Gains) -> None:
    """Settle the gains of every match that could be among the first `k`, most promising first.

    Keys only fall, so the k-th smallest key now bounds the final one from above: a match
    whose key can't fall to it is out whatever its gain, and is never checked.
    """
    batch = max(SETTLE_FIRST, k)
    while True:
        kth = np.partition(primary, k - 1)[k - 1] if k < len(primary) else np.inf
        open_ = np.flatnonzero((gains.most > 0) & (primary - gains.most <= kth))
        if not len(open_):
            return
        if len(open_) > 2 * batch:
            open_ = open_[np.argpartition(primary[open_] - gains.most[open_], batch - 1)[:batch]]
        gains.settle(primary, open_)
        batch *= 4


def _scores(matches: Matches | None, page: np.ndarray, keys: np.ndarray, sort: str) -> list[float]:
    """The page's scores: its negated keys when ranked by relevance (exact, settled), else looked up."""
    if matches is None or not len(page):
        return [0.0] * len(page)
    if sort == "relevance":
        return (-keys).tolist()
    rows = np.searchsorted(matches.docs, page)
    scores = matches.scores[rows]
    if matches.pending is not None:
        scores = scores + matches.pending.add(rows)
    return scores.tolist()


def _cursor(version: str, sort: str, primary, docnum) -> str:
    raw = json.dumps([version, sort, float(primary), int(docnum)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _after(r: Retrieval, version: str) -> tuple[float, int] | None:
    """The (key, document) an `after` cursor names, or None without one."""
    if not r.after:
        return None
    try:
        raw = base64.urlsafe_b64decode(r.after + "=" * (-len(r.after) % 4))
        got_version, sort, primary, docnum = json.loads(raw)
        primary, docnum = float(primary), int(docnum)
    except (ValueError, TypeError):
        raise BadCursor("cursor is not valid") from None
    if got_version != version or sort != r.sort:
        raise BadCursor("the cursor belongs to another version of the index or another sort order")
    return primary, docnum
