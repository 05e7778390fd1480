"""Ranking beyond BM25F: strings typed together found together, stubs below full articles, recency.

Each adjustment multiplies a document's score by a bounded factor, so it can
reorder articles of similar relevance but never lift a passing mention far
above an article about the query: two words that merely happen to stand side
by side in an unrelated sentence earn at most TOGETHER.
"""

from __future__ import annotations

import numpy as np

from search.engine.budget import Deadline
from search.engine.matches import Matches, positions_in
from search.query import ParsedQuery

TOGETHER = 0.5  # the longest typed string found verbatim in the body; shorter ones (pairs) in proportion
TITLE_TOGETHER = 0.5  # and as much again when it stands in the title
MAX_TOGETHER = 1.0  # the factor from strings found together is at most 1 + this
STUB_CHARS = 80  # a body shorter than this is a stub (a headline repeated, "本台播发…")
STUB_FACTOR = 0.6
RECENT_DAYS = 365  # for 今年, 最近 …: articles of the last year before the newest one rank up to …
RECENT_WEIGHT = 0.5  # … this much higher, linearly less with age
# A relaxed query's score is multiplied by (share of the query's words a document holds, each word
# weighted by its idf) to this power: documents with more of the words, and the rarer ones, first.
COVERAGE_POWER = 2


def adjust(evaluator, parsed: ParsedQuery, result: Matches, deadline: Deadline) -> Matches:
    """`result` with each score multiplied by its together, stub and recency factors."""
    if not len(result):
        return result
    factor = 1.0 + together_bonus(evaluator, parsed.together, result.docs, deadline)
    factor *= np.where(evaluator.lengths["body_bi"][result.docs] < STUB_CHARS, STUB_FACTOR, 1.0)
    if parsed.recent:
        factor *= recency(evaluator.days, result.docs, evaluator.stats.newest_day)
    return Matches(result.docs, result.scores * factor)


def together_bonus(evaluator, strings: list[str], docs: np.ndarray, deadline: Deadline) -> np.ndarray:
    """Per document, the bonus for the typed strings it holds verbatim (title counts again)."""
    bonus = np.zeros(len(docs))
    if not strings:
        return bonus
    longest = max(len(s) for s in strings)
    for text in strings:
        if deadline.expired():
            break
        weight = len(text) / longest
        for field, w in (("body", TOGETHER), ("title", TITLE_TOGETHER)):
            found = evaluator.verbatim(text, (field,), deadline, within=docs)
            if found is not None and len(found):
                at, hit = positions_in(docs, found.docs)
                bonus[at[hit]] += w * weight
    return np.minimum(bonus, MAX_TOGETHER)


def recency(days: np.ndarray, docs: np.ndarray, newest: int) -> np.ndarray:
    """Per document, 1 + RECENT_WEIGHT for the newest articles, falling to 1 over RECENT_DAYS (and undated)."""
    d = days[docs].astype(np.float64)
    fresh = np.clip(1.0 - (newest - d) / RECENT_DAYS, 0.0, 1.0)
    return 1.0 + RECENT_WEIGHT * np.where(d >= 0, fresh, 0.0)
