"""Set operations on sorted document numbers, dense and sparse, against their one-by-one definitions."""

import numpy as np
import pytest

from search.engine.matches import member, positions_in, summed_at


def _sorted_sample(rng, span: int, n: int) -> np.ndarray:
    return np.sort(rng.choice(span, size=min(n, span), replace=False)).astype(np.int64)


# (span of document numbers, documents): sparse ones take binary searches, dense ones arrays over the span
SHAPES = [(1_000_000, 50), (1_000_000, 3_000), (20_000, 15_000), (10_000, 9_999), (300_000, 200_000)]


@pytest.mark.parametrize("span,n", SHAPES)
def test_positions_and_membership_match_looking_each_document_up(span, n):
    rng = np.random.default_rng(n)
    haystack = _sorted_sample(rng, span, n)
    needles = np.sort(np.concatenate([rng.choice(haystack, size=n // 3), _sorted_sample(rng, span, n // 2)]))
    where = {d: i for i, d in enumerate(haystack.tolist())}
    at, hit = positions_in(haystack, needles)
    assert hit.tolist() == [d in where for d in needles.tolist()]
    assert at[hit].tolist() == [where[d] for d in needles.tolist() if d in where]
    assert member(needles, haystack).tolist() == hit.tolist()


@pytest.mark.parametrize("span,n", SHAPES)
def test_summed_at_adds_each_parts_values_to_its_documents(span, n):
    rng = np.random.default_rng(n + 1)
    docs = _sorted_sample(rng, span, n)
    parts = [(np.sort(rng.choice(docs, size=k, replace=False)), rng.random(k)) for k in (n // 2, n // 5, n, 0)]
    expected = dict.fromkeys(docs.tolist(), 0.0)
    for d, v in parts:
        for doc, value in zip(d.tolist(), v.tolist()):
            expected[doc] += value
    assert np.allclose(summed_at(docs, parts), [expected[d] for d in docs.tolist()])


def test_summed_at_without_parts_is_zero():
    assert summed_at(np.array([3, 8]), []).tolist() == [0.0, 0.0]
    assert summed_at(np.array([3, 8]), [(np.zeros(0, np.int64), np.zeros(0))]).tolist() == [0.0, 0.0]
