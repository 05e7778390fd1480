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

    def positions(self, fmt, i: int) -> list[int]:
        """Decoded positions of the i-th posting."""
        return fmt.decode_positions(self.values[i])


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), [])


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

    def expand(self, field: str, prefix: str) -> list[str]:
        """Every term of `field` starting with `prefix`."""
        seen: dict[str, None] = {}
        with self._read_lock:
            for reader, _ in self.leaves:
                for btext in reader.expand_prefix(field, prefix):
                    seen[btext.decode("utf-8") if isinstance(btext, bytes) else btext] = None
        return list(seen)
