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

from search.engine.base import Bucket, Retrieval
from search.engine.evaluate import Matches
from search.engine.facets import FacetIndex


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
    first_day: int | None
    last_day: int | None
    more: bool


def collect(facets: FacetIndex, matches: Matches | None, r: Retrieval, version: str) -> Collected:
    """Apply filters and dates to `matches` (None: every live document), order, page and count."""
    dv = facets.dv
    base = dv.live.copy()
    if matches is not None:
        matched = np.zeros(dv.size, dtype=bool)
        matched[matches.docs] = True
        base &= matched
    dated = facets.date_mask(r.day_from, r.day_to)
    if dated is not None:
        base &= dated
    masks = {name: facets.mask(name, values) for name, values in r.filters.items() if values}
    final = base.copy()
    for m in masks.values():
        final &= m
    order, keys = _ordered(facets, matches, final, r.sort)
    start = _start(order, keys, r, version)
    page = order[start:start + r.size]
    buckets = {name: facets.counts(name, _others(base, masks, name), r.facet_limit) for name in r.facets}
    months = facets.month_counts(final) if r.timeline else {}
    days = dv.day[final]
    days = days[days >= 0]
    return Collected(
        docs=page.tolist(), scores=_scores(matches, page), total=int(len(order)),
        cursors=[_cursor(version, r.sort, keys[0][i], keys[1][i]) for i in range(start, start + len(page))],
        facets=buckets, months=months, more=start + len(page) < len(order),
        first_day=int(days.min()) if len(days) else None, last_day=int(days.max()) if len(days) else None)


def _others(base: np.ndarray, masks: dict[str, np.ndarray], name: str) -> np.ndarray:
    """The matches with every facet's filter applied except `name`'s own."""
    out = base.copy()
    for other, m in masks.items():
        if other != name:
            out &= m
    return out


def _ordered(facets: FacetIndex, matches: Matches | None, final: np.ndarray, sort: str):
    """Matching document numbers in result order, and the (primary, secondary) keys that order them."""
    if sort == "relevance" and matches is not None:
        keep = final[matches.docs]
        docs, scores = matches.docs[keep], matches.scores[keep]
        idx = np.lexsort((docs, -scores))
        return docs[idx], (-scores[idx], docs[idx])
    docs = np.flatnonzero(final)
    day = facets.dv.day[docs].astype(np.int64)
    # Undated articles come last in either direction.
    key = np.where(day < 0, np.iinfo(np.int64).max, day if sort == "oldest" else -day)
    idx = np.lexsort((docs, key))
    return docs[idx], (key[idx], docs[idx])


def _scores(matches: Matches | None, page: np.ndarray) -> list[float]:
    if matches is None or not len(page):
        return [0.0] * len(page)
    return matches.scores[np.searchsorted(matches.docs, page)].tolist()


def _cursor(version: str, sort: str, primary, docnum) -> str:
    raw = json.dumps([version, sort, float(primary), int(docnum)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _start(order: np.ndarray, keys, r: Retrieval, version: str) -> int:
    """Where the page starts: `offset`, or just after the hit an `after` cursor names."""
    if not r.after:
        return r.offset
    try:
        raw = base64.urlsafe_b64decode(r.after + "=" * (-len(r.after) % 4))
        got_version, sort, primary, docnum = json.loads(raw)
        primary, docnum = float(primary), int(docnum)
    except (ValueError, TypeError):
        raise BadCursor("cursor is not valid") from None
    if got_version != version or sort != r.sort:
        raise BadCursor("the cursor belongs to another version of the index or another sort order")
    first, second = keys
    return int(np.count_nonzero((first < primary) | ((first == primary) & (second <= docnum))))
