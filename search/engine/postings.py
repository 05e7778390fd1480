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

CACHE_POSTINGS = 2_000_000  # postings kept in memory per generation (~60 bytes each with positions)


@dataclass
class Postings:
    """One term in one field: global document numbers (ascending), weights, raw position values."""

    docs: np.ndarray
    weights: np.ndarray
    values: list | None  # encoded positions per posting (bigram fields), else None

    def __len__(self) -> int:
        return len(self.docs)


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), [])

# Whoosh's Positions format encodes a posting as a 4-byte count and the pickled (protocol 2)
# list of position deltas: `PROTO 2, EMPTY_LIST, BINPUT 0`, then one int and `APPEND`, or `MARK`,
# the ints and `APPENDS`; then `STOP`. Each int is BININT1 (K, 1 byte), BININT2 (M, 2 bytes) or
# BININT (J, 4 bytes). decode_positions reads that layout with numpy, all postings at once.
_HEADER = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)
_K, _M, _J, _MARK, _APPEND, _APPENDS, _STOP = (ord(c) for c in "KMJ(ae.")
BULK_MAX_POSITIONS = 64  # postings with more positions go through Whoosh's own decoder


def decode_positions(values: list[bytes], fmt) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and flat positions of encoded position values: posting i's are flat[offsets[i]:offsets[i+1]].

    Values not in the expected layout (or with very many positions) are
    decoded by the format itself, one by one.
    """
    n = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    buf = np.frombuffer(b"".join(values) + bytes(16), dtype=np.uint8)  # padded: reads past an end are safe
    counts = (buf[starts[:, None] + np.arange(4)].astype(np.int64) << np.array([24, 16, 8, 0])).sum(axis=1)
    ok = (lengths >= 13) & (counts >= 1) & (counts <= BULK_MAX_POSITIONS)
    ok &= (buf[starts[:, None] + 4 + np.arange(5)] == _HEADER).all(axis=1) if n else ok
    several = counts > 1
    ok &= ~several | (buf[starts + 9] == _MARK)
    offsets = np.concatenate(([0], np.cumsum(np.where(ok, counts, 0)))).astype(np.int64)
    deltas = np.zeros(int(offsets[-1]), dtype=np.int64)
    ptr = starts + 9 + several
    for k in range(int(counts[ok].max(initial=0))):
        act = np.flatnonzero(ok & (counts > k))
        p = ptr[act]
        op = buf[p]
        b = [buf[p + i].astype(np.int64) for i in range(1, 5)]
        value = np.where(op == _K, b[0], np.where(op == _M, b[0] | b[1] << 8,
                                                  (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24).astype(np.int32)))
        ok[act[~np.isin(op, (_K, _M, _J))]] = False
        deltas[offsets[act] + k] = value
        ptr[act] = p + np.where(op == _K, 2, np.where(op == _M, 3, 5))
    ok &= (ptr == ends - 2) & (buf[ends - 2] == np.where(several, _APPENDS, _APPEND)) & (buf[ends - 1] == _STOP)
    first = np.repeat(offsets[:-1], np.diff(offsets))
    running = np.cumsum(deltas)
    positions = running - np.concatenate(([0], running))[first]  # each posting's deltas summed up
    if ok.all():
        return offsets, positions
    return _with_others(values, fmt, ok, offsets, positions)


def _with_others(values, fmt, ok, offsets, positions) -> tuple[np.ndarray, np.ndarray]:
    """Add the postings decode_positions could not read in bulk, decoded by the format one by one."""
    others = {i: fmt.decode_positions(values[i]) for i in np.flatnonzero(~ok).tolist()}
    counts = np.diff(offsets)
    for i, found in others.items():
        counts[i] = len(found)
    final = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    flat = np.empty(int(final[-1]), dtype=np.int64)
    good = np.flatnonzero(ok)
    sizes = counts[good]
    within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    flat[np.repeat(final[good], sizes) + within] = positions[np.repeat(offsets[good], sizes) + within]
    for i, found in others.items():
        flat[final[i]:final[i + 1]] = found
    return final, flat


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
        return Postings(np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32),
                        values if want_values else None)

    def frequency(self, field: str, text: str) -> int:
        """How many documents contain `text` in `field` (from the term tables, no postings read)."""
        with self._lock:
            hit = self._cache.get((field, text))
        if hit is not None:
            return len(hit)
        with self._read_lock:
            return sum(reader.doc_frequency(field, text) for reader, _ in self.leaves)

    def read_any(self) -> None:
        """Read the first posting list of the body field from disk (a health check of the files)."""
        with self._read_lock:
            for reader, _ in self.leaves:
                for btext in reader.expand_prefix("body", ""):
                    _read_leaf(reader, "body", btext, False)
                    return

    def expand(self, field: str, prefix: str) -> list[str]:
        """Every term of `field` starting with `prefix`."""
        seen: dict[str, None] = {}
        with self._read_lock:
            for reader, _ in self.leaves:
                for btext in reader.expand_prefix(field, prefix):
                    seen[btext.decode("utf-8") if isinstance(btext, bytes) else btext] = None
        return list(seen)
