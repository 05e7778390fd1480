"""Posting lists read straight from Whoosh's segments into numpy arrays, cached per generation.

Whoosh's matcher trees spend ~50 µs of Python per matching document per
field; reading a term's postings block by block and scoring in numpy is an
order of magnitude cheaper for the common case of thousands of matches.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

CACHE_POSTINGS = 4_000_000  # postings kept in memory per generation (~30 bytes each with positions)


@dataclass
class Postings:
    """One term in one field: global document numbers (ascending), weights, and (bigram fields)
    every posting's positions, flat: posting i's are positions[offsets[i]:offsets[i + 1]]."""

    docs: np.ndarray
    weights: np.ndarray
    offsets: np.ndarray | None = None
    positions: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.docs)


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32),
                 np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))

# Whoosh's Positions format encodes a posting as a 4-byte count and the pickled (protocol 2)
# list of position deltas; a one-position list is `PROTO 2, EMPTY_LIST, BINPUT 0, <int>, APPEND,
# STOP`, the int as BININT1 (K, 1 byte), BININT2 (M, 2 bytes) or BININT (J, 4 bytes).
_ONE = b"\x00\x00\x00\x01\x80\x02]q\x00"
_INT_OPCODES = {13: (ord("K"), "<u1"), 14: (ord("M"), "<u2"), 16: (ord("J"), "<i4")}  # by value length


def decode_positions(values: list[bytes], fmt) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and flat positions of encoded position values.

    Most postings hold one position; those are decoded with numpy by their
    byte layout, the rest through the format's own decoder.
    """
    n = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
    counts = np.ones(n, dtype=np.int64)
    firsts = np.full(n, -1, dtype=np.int64)
    joined = np.frombuffer(b"".join(values), dtype=np.uint8)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if n else np.zeros(0, dtype=np.int64)
    for size, (opcode, dtype) in _INT_OPCODES.items():
        rows = np.flatnonzero(lengths == size)
        if not len(rows):
            continue
        table = joined[starts[rows, None] + np.arange(size)]
        ok = (table[:, :9] == np.frombuffer(_ONE, dtype=np.uint8)).all(axis=1) & (table[:, 9] == opcode) \
            & (table[:, -2] == ord("a")) & (table[:, -1] == ord("."))
        rows, table = rows[ok], table[ok]
        firsts[rows] = np.ascontiguousarray(table[:, 10:size - 2]).view(dtype).ravel()
    others = np.flatnonzero(firsts < 0).tolist()
    decoded = {i: fmt.decode_positions(values[i]) for i in others}
    for i, found in decoded.items():
        counts[i] = len(found)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    flat = np.empty(int(offsets[-1]), dtype=np.int64)
    single = firsts >= 0
    flat[offsets[:-1][single]] = firsts[single]
    for i, found in decoded.items():
        flat[offsets[i]:offsets[i + 1]] = found
    return offsets, flat


def _read_leaf(reader, field: str, btext: bytes, want_values: bool):
    m = reader.postings(field, btext)
    ids, weights, values = [], [], []
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        # whoosh3's block matcher: take whole blocks instead of stepping posting by posting.
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            if want_values:
                m._read_values()
                values.extend(m._values)
            m._next_block()
    else:
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            if want_values:
                values.append(m.value())
            m.next()
    return ids, weights, values


class PostingsCache:
    """Reads and caches posting lists of one searcher's index generation (thread-safe)."""

    def __init__(self, searcher):
        self.searcher = searcher  # owned: closed with the generation
        self.leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.schema = searcher.schema
        self._cache: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()

    def get(self, field: str, text: str) -> Postings:
        """Postings of `text` in `field` (EMPTY when absent)."""
        key = (field, text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        with self._read_lock:  # one reader of the segment files at a time
            postings = self._read(field, text)
        with self._lock:
            self._cache[key] = postings
            self._size += len(postings)
            while self._size > CACHE_POSTINGS and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._size -= len(old)
        return postings

    def _read(self, field: str, text: str) -> Postings:
        btext = self.schema[field].to_bytes(text)
        want_values = self.schema[field].format.supports("positions")
        ids, weights, values = [], [], []
        for reader, offset in self.leaves:
            if (field, btext) not in reader:
                continue
            i, w, v = _read_leaf(reader, field, btext, want_values)
            ids.extend(d + offset for d in i)
            weights.extend(w)
            values.extend(v)
        if not ids:
            return EMPTY
        offsets, positions = decode_positions(values, self.schema[field].format) if want_values else (None, None)
        return Postings(np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32),
                        offsets, positions)

    def expand(self, field: str, prefix: str) -> list[str]:
        """Every term of `field` starting with `prefix`."""
        seen: dict[str, None] = {}
        with self._read_lock:
            for reader, _ in self.leaves:
                for btext in reader.expand_prefix(field, prefix):
                    seen[btext.decode("utf-8") if isinstance(btext, bytes) else btext] = None
        return list(seen)
