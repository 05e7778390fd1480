"""Position values decoded in bulk equal what Whoosh's Positions format decodes one by one."""

from __future__ import annotations

import random

from whoosh.formats import Positions

from search.postings import decode_positions


def test_bulk_decoding_matches_whooshs_decoder_at_every_integer_width():
    fmt = Positions()
    rng = random.Random(7)
    edges = [0, 1, 255, 256, 65535, 65536, 2**31 - 1]
    lists = [[p] for p in edges] + [sorted(rng.sample(range(200_000), k)) for k in (1, 1, 2, 3, 9)]
    lists += [[rng.randrange(300)] for _ in range(200)] + [[rng.randrange(70_000, 200_000)] for _ in range(50)]
    values = [fmt.encode(positions) for positions in lists]

    offsets, flat = decode_positions(values, fmt)

    assert [flat[offsets[i]:offsets[i + 1]].tolist() for i in range(len(values))] == \
           [fmt.decode_positions(v) for v in values] == lists


def test_no_values_decode_to_nothing():
    offsets, flat = decode_positions([], Positions())
    assert offsets.tolist() == [0] and flat.tolist() == []
