"""Position values decoded in bulk equal what Whoosh's Positions format decodes one by one."""

from __future__ import annotations

import pickle
import random

from whoosh.formats import Positions

from search.engine.postings import decode_positions


def test_bulk_decoding_matches_whooshs_decoder_at_every_integer_width():
    fmt = Positions()
    rng = random.Random(7)
    edges = [0, 1, 255, 256, 65535, 65536, 2**31 - 1]
    lists = [[p] for p in edges] + [sorted(rng.sample(range(200_000), k)) for k in (1, 1, 2, 3, 9, 64, 65, 300)]
    lists += [[3, 300, 70_000, 70_001], [0, 0], [5, 5, 5]]  # ints of every width in one list; repeats
    lists += [[rng.randrange(300)] for _ in range(200)] + [[rng.randrange(70_000, 200_000)] for _ in range(50)]
    values = [fmt.encode(positions) for positions in lists]

    offsets, flat = decode_positions(values, fmt)

    assert [flat[offsets[i]:offsets[i + 1]].tolist() for i in range(len(values))] == \
           [fmt.decode_positions(v) for v in values] == lists


def test_values_in_another_layout_are_decoded_by_the_format():
    fmt = Positions()
    odd = b"\x00\x00\x00\x02" + pickle.dumps([4, 6], 4)  # not protocol 2: the format's decoder reads it
    values = [fmt.encode([1, 2]), odd, fmt.encode([7])]
    offsets, flat = decode_positions(values, fmt)
    assert [flat[offsets[i]:offsets[i + 1]].tolist() for i in range(3)] == [[1, 2], [4, 10], [7]]


def test_no_values_decode_to_nothing():
    offsets, flat = decode_positions([], Positions())
    assert offsets.tolist() == [0] and flat.tolist() == []
