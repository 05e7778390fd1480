"""The coordinator's arithmetic: statistics as one index computes them, cursors, the parts a response names."""

from __future__ import annotations

import numpy as np
import pytest

from search.engine.cluster import merge
from search.engine.collect import BadCursor


def test_average_lengths_equal_numpys_float32_mean_of_the_whole_archive():
    rng = np.random.default_rng(3)
    for n in (1, 7, 1000, 20_000):
        lengths = rng.integers(0, 800, n).astype(np.float32)
        parts = np.array_split(lengths, 4)
        total = sum(float(p.sum(dtype=np.float64)) for p in parts)
        assert merge.average_length(total, n) == float(lengths.mean())


def test_a_cursor_continues_in_its_own_shard_set_and_order_only():
    c = merge.cursor("gen-a", "newest", -20000.0, 2, 17)
    assert merge.read_cursor(c, "gen-a", "newest") == (-20000.0, 2, 17)
    for version, sort in (("gen-b", "newest"), ("gen-a", "oldest")):
        with pytest.raises(BadCursor):
            merge.read_cursor(c, version, sort)
    with pytest.raises(BadCursor):
        merge.read_cursor("not a cursor", "gen-a", "newest")


def test_after_a_place_equal_keys_count_in_later_shards_only():
    place = (-3.5, 1, 40)
    bounds = [merge.read_local(merge.shard_after(place, n, f"shard-{n:03d}", "relevance"), f"shard-{n:03d}")
              for n in range(3)]
    assert bounds == [(-3.5, merge.BEYOND), (-3.5, 40), (-3.5, -1)]


def test_a_missing_shard_is_named_by_its_dates_and_articles():
    shard = {"name": "shard-002", "articles": 120, "first_day": 19358, "last_day": 19722}
    assert merge.missing_part(shard, "timeout") == {"shard": "shard-002", "articles": 120, "reason": "timeout",
                                                     "from": "2023-01-01", "to": "2023-12-31"}
