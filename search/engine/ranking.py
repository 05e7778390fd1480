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

TYPED = 2.0  # a string typed as one (unspaced), found verbatim in the body: what the user typed, exactly
TITLE_TYPED = 1.0  # and this much more when it stands in the title
TOGETHER = 0.5  # words typed apart (or two neighbours) found side by side: the longest such string; others
TITLE_TOGETHER = 0.5  # in proportion to their length. Side by side may be chance, so it weighs less.
MAX_TOGETHER = 3.0  # the factor from strings found verbatim is at most 1 + this
STUB_CHARS = 80  # a body shorter than this is a stub (a headline repeated, "本台播发…")
STUB_FACTOR = 0.4
RECENT_DAYS = 365  # for 今年, 最近 …: articles of the last year before the newest one rank up to …
RECENT_WEIGHT = 0.5  # … this much higher, linearly less with age
# A relaxed query's score is multiplied by (share of the query's words a document holds, each word
# weighted by its idf) to this power: documents with more of the words, and the rarer ones, first.
COVERAGE_POWER = 2


def adjust(evaluator, parsed: ParsedQuery, result: Matches, deadline: Deadline) -> Matches:
    """`result` with each score multiplied by its together, stub and recency factors."""
    if not len(result):
        return result
    bonus = together_bonus(evaluator, parsed.typed, result.docs, deadline, TYPED, TITLE_TYPED)
    bonus += together_bonus(evaluator, parsed.together, result.docs, deadline, TOGETHER, TITLE_TOGETHER)
    factor = 1.0 + np.minimum(bonus, MAX_TOGETHER)
    factor *= np.where(evaluator.lengths["body_bi"][result.docs] < STUB_CHARS, STUB_FACTOR, 1.0)
    if parsed.recent:
        factor *= recency(evaluator.days, result.docs, evaluator.stats.newest_day)
    return Matches(result.docs, result.scores * factor)


def together_bonus(evaluator, strings: list[str], docs: np.ndarray, deadline: Deadline, body_weight: float,
                   title_weight: float) -> np.ndarray:
    """Per document, the bonus for the strings it holds verbatim (longer ones weigh more; the title counts again)."""
    bonus = np.zeros(len(docs))
    if not strings:
        return bonus
    longest = max(len(s) for s in strings)
    for text in strings:
        if deadline.expired():
            break
        weight = len(text) / longest
        for field, w in (("body", body_weight), ("title", title_weight)):
            found = evaluator.verbatim(text, (field,), deadline, within=docs)
            if found is not None and len(found):
                at, hit = positions_in(docs, found.docs)
                bonus[at[hit]] += w * weight
    return bonus


def recency(days: np.ndarray, docs: np.ndarray, newest: int) -> np.ndarray:
    """Per document, 1 + RECENT_WEIGHT for the newest articles, falling to 1 over RECENT_DAYS (and undated)."""
    d = days[docs].astype(np.float64)
    fresh = np.clip(1.0 - (newest - d) / RECENT_DAYS, 0.0, 1.0)
    return 1.0 + RECENT_WEIGHT * np.where(d >= 0, fresh, 0.0)
