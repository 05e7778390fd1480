"""Facet and month counts over match sets of every density, against counting the documents one by one."""

from collections import Counter

import numpy as np
import pytest

from index.docvalues import DocValuesBuilder, concat
from search.engine.facets import FacetIndex, Subset

SOURCES = ["重庆日报", "重庆晨报", "新渝报"]
REPORTERS = ["张三", "李四", "王五", "赵六", "钱七"]


def _documents(n: int, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    docs = []
    for i in range(n):
        reporters = list(rng.choice(REPORTERS, size=int(rng.integers(0, 4)), replace=False))
        docs.append({"live": bool(rng.random() > 0.1), "source": SOURCES[int(rng.integers(0, 3))],
                     "reporters": reporters, "date": f"2025-{int(rng.integers(1, 13)):02d}-01"
                     if rng.random() > 0.2 else None})
    return docs


@pytest.fixture(scope="module")
def archive():
    """Two segments' doc values joined, with deleted documents and articles of several reporters."""
    docs = _documents(3000, seed=7)
    parts = []
    for chunk in (docs[:1700], docs[1700:]):
        b = DocValuesBuilder(len(chunk))
        for i, d in enumerate(chunk):
            if d["live"]:
                b.add(i, {"source": d["source"], "reporters": d["reporters"], "date": d["date"]}, {})
        parts.append(b.build())
    return docs, FacetIndex(concat(parts))


@pytest.mark.parametrize("share", [0.0, 0.001, 0.05, 0.3, 0.6, 0.97, 1.0])
def test_counts_equal_counting_each_matching_article(archive, share):
    docs, facets = archive
    rng = np.random.default_rng(int(share * 1000))
    mask = (rng.random(len(docs)) < share) & np.array([d["live"] for d in docs])
    subset = Subset.of(mask)
    matched = [d for d, m in zip(docs, mask) if m]
    reporters = Counter(r for d in matched for r in d["reporters"])
    sources = Counter(d["source"] for d in matched)
    months = Counter(int(d["date"][:4]) * 12 + int(d["date"][5:7]) - 1 for d in matched if d["date"])
    assert {b.value: b.count for b in facets.counts("reporter", subset, None)} == reporters
    assert {b.value: b.count for b in facets.counts("source", subset, None)} == sources
    assert facets.month_counts(subset) == months
    got_months = facets.counts("month", subset, None)
    assert [b.value for b in got_months] == sorted((f"{k // 12}-{k % 12 + 1:02d}" for k in months), reverse=True)


def test_a_subset_lists_the_shorter_side():
    mask = np.zeros(10, dtype=bool)
    mask[[1, 2]] = True
    assert Subset.of(mask).listed.tolist() == [1, 2] and not Subset.of(mask).inverted
    assert Subset.of(~mask).listed.tolist() == [1, 2] and Subset.of(~mask).inverted
