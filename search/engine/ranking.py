"""Ranking beyond BM25F: strings typed together found together, stubs below full articles, recency.

A string typed as one (unspaced), or two words typed side by side, found
verbatim adds its own BM25F — how often it occurs, title and body weighed
together, length-normalised — as a phrase clause does in Lucene: an article
about it, which repeats it, gains much; a long one where the two words
happen to stand side by side once in an unrelated sentence gains little.
Stubs and recency multiply the score by a bounded factor.
"""

from __future__ import annotations

import numpy as np

from search.engine.budget import Deadline
from search.engine.matches import Matches, Pending, positions_in
from search.query import ParsedQuery

TYPED = 1.0  # the whole typed string found verbatim: its BM25F counts once more
TOGETHER = 0.5  # words typed apart (or two neighbours) found side by side: the longest such string; others
# in proportion to their length. Side by side may be chance, so it weighs less.
STUB_CHARS = 80  # a body shorter than this is a stub (a headline repeated, "本台播发…")
STUB_FACTOR = 0.4
RECENT_DAYS = 365  # for 今年, 最近 …: articles of the last year before the newest one rank up to …
RECENT_WEIGHT = 0.5  # … this much higher, linearly less with age
# A relaxed query's score is multiplied by the share of the query's words a document holds, each word
# weighted by its idf (to this power; 1 is the coordination factor of Lucene's classic similarity):
# documents with more of the words, and the rarer ones, first. Squared, the share let a long article
# holding every common word of a long question outrank one about its rarer words.
COVERAGE_POWER = 1


def adjust(evaluator, parsed: ParsedQuery, result: Matches, deadline: Deadline,
           scale: np.ndarray | None = None) -> Matches:
    """`result` scored (+ typed strings' scores) × stub and recency factors × `scale`.

    The typed strings' scores are left pending: a position check in every match is the
    costliest step of a query of common words, and only the ranks of a page depend on it.
    """
    if not len(result):
        return result
    factor = np.where(evaluator.lengths["body_bi"][result.docs] < STUB_CHARS, STUB_FACTOR, 1.0)
    if parsed.recent:
        factor *= recency(evaluator.days, result.docs, evaluator.stats.newest_day)
    if scale is not None:
        factor *= scale
    weighed = _weighed(parsed.typed, TYPED) + _weighed(parsed.together, TOGETHER)
    if not weighed:
        return Matches(result.docs, result.scores * factor)
    most = sum(w * evaluator.verbatim_ceiling(text) for text, w in weighed)

    def add(rows: np.ndarray) -> np.ndarray:
        order = np.argsort(rows, kind="stable")  # the phrase check reads documents in ascending order
        gains = np.empty(len(rows))
        gains[order] = factor[rows[order]] * phrase_scores(evaluator, weighed, result.docs[rows[order]], deadline)
        return gains

    return Matches(result.docs, result.scores * factor, Pending(most * factor, add))


def _weighed(strings: list[str], weight: float) -> list[tuple[str, float]]:
    """Each string with its weight: the longest the full `weight`, the others in proportion to their length."""
    longest = max((len(s) for s in strings), default=1)
    return [(s, weight * len(s) / longest) for s in strings]


def phrase_scores(evaluator, weighed: list[tuple[str, float]], docs: np.ndarray, deadline: Deadline) -> np.ndarray:
    """Per document (sorted), the weighted BM25F of the strings it holds verbatim."""
    bonus = np.zeros(len(docs))
    for text, weight in weighed:
        if deadline.expired():
            break
        found = evaluator.verbatim(text, ("title", "body"), deadline, within=docs)
        if found is not None and len(found):
            at, hit = positions_in(docs, found.docs)
            bonus[at[hit]] += weight * found.scores[hit]
    return bonus


def recency(days: np.ndarray, docs: np.ndarray, newest: int) -> np.ndarray:
    """Per document, 1 + RECENT_WEIGHT for the newest articles, falling to 1 over RECENT_DAYS (and undated)."""
    d = days[docs].astype(np.float64)
    fresh = np.clip(1.0 - (newest - d) / RECENT_DAYS, 0.0, 1.0)
    return 1.0 + RECENT_WEIGHT * np.where(d >= 0, fresh, 0.0)
