"""Posting lists of one index generation, read from the segments' memory-mapped postings files.

`get` decodes a term's whole list (cached by size: common terms recur across
queries); `within` decodes only the blocks that may hold given documents —
how a query checks its common words against the few candidates its rarest
word left — and is never cached. Positions are decoded only for the postings
a phrase check still needs. Deleted documents stay in the lists (as in
Lucene); the doc values' live mask removes them, so deletions never change
how a list is read.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from index.format.codec import postings_path
from index.format.reader import FieldReader, TermEntry
from index.format.segment_file import SegmentPostings
from search.engine.budget import Deadline
from search.engine.matches import member

CACHE_POSTINGS = 30_000_000  # postings kept decoded per generation (~16 bytes each: ~480 MB at most)
MAX_ENTRIES = 200_000  # dictionary lookups remembered per generation


@dataclass
class Part:
    """A term's postings from one segment: where they sit in the combined arrays, and their rows there."""

    reader: FieldReader
    entry: TermEntry
    start: int  # first index in Postings.docs
    rows: np.ndarray  # posting rows within the segment's list
    starts: np.ndarray | None = None  # per row, where its positions start in the term's run (whole lists)


@dataclass
class Postings:
    """One term in one field: global document numbers (ascending), frequencies, and what decodes positions."""

    docs: np.ndarray
    freqs: np.ndarray
    df: int  # documents holding the term in the whole generation (even when only some are decoded)
    parts: list[Part] = field(default_factory=list)
    cut: bool = False  # some segments were left unread: the time budget ran out (never cached)

    def __len__(self) -> int:
        return len(self.docs)

    def positions(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into rows, position) of every position of the postings at `rows` (ascending)."""
        owners, positions = [], []
        for part in self.parts:
            end = part.start + len(part.rows)
            a, b = np.searchsorted(rows, [part.start, end])
            if a == b:
                continue
            at = rows[a:b] - part.start
            starts = None if part.starts is None else (self.freqs[rows[a:b]], part.starts[at])
            owner, pos = part.reader.positions(part.entry, part.rows[at], starts=starts)
            owners.append(owner + a)
            positions.append(pos)
        if not owners:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(owners), np.concatenate(positions)


def empty_postings() -> Postings:
    """A term no segment holds."""
    return Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0)


class PostingsCache:
    """Reads the posting lists of one generation's segments; caches whole lists (thread-safe)."""

    def __init__(self, storage, leaves: list[tuple[object, int]], doc_count: int):
        """:param leaves: (Whoosh segment, first document number) of every segment."""
        self.segments = [(SegmentPostings(postings_path(storage, seg)), offset, seg.doc_count_all())
                         for seg, offset in leaves]
        self.doc_count = doc_count
        self._cache: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._found: OrderedDict[tuple[str, str], list] = OrderedDict()  # dictionary entries looked up
        self._size = 0
        self._lock = threading.Lock()
        self.reads = 0  # lists or blocks decoded (tests check that cached lists aren't read again)

    def close(self) -> None:
        """Unmap every segment's postings file."""
        for postings, _, _ in self.segments:
            postings.close()
        self.segments = []

    def _entries(self, field_name: str, text: str) -> list:
        """(reader, entry, first document, documents) of every segment holding the term (remembered)."""
        key = (field_name, text)
        with self._lock:
            found = self._found.get(key)
        if found is not None:
            return found
        term, found = text.encode("utf-8"), []
        for postings, offset, count in self.segments:
            reader = postings.fields.get(field_name)
            entry = reader.find(term) if reader is not None else None
            if entry is not None:
                found.append((reader, entry, offset, count))
        with self._lock:
            self._found[key] = found
            if len(self._found) > MAX_ENTRIES:
                self._found.popitem(last=False)
        return found

    def frequency(self, field_name: str, text: str) -> int:
        """How many documents contain `text` in the field (from the dictionaries; nothing decoded)."""
        return sum(e.df for _, e, _, _ in self._entries(field_name, text))

    def get(self, field_name: str, text: str, deadline: Deadline | None = None) -> Postings:
        """The term's whole list (cached)."""
        key = (field_name, text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        postings = self._read(field_name, text, None, deadline)
        if postings.cut:
            return postings  # part of the list: good for the search that ran out of time, not for the next
        with self._lock:
            self._cache[key] = postings
            self._size += len(postings)
            while self._size > CACHE_POSTINGS and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._size -= len(old)
        return postings

    def within(self, field_name: str, text: str, docs: np.ndarray, deadline: Deadline | None = None) -> Postings:
        """The term's postings for the sorted documents `docs` only.

        A cached list, or what this search already read of the term for the same or more
        documents, is reused rather than read again. A list no longer than `docs` is read whole
        and cached: about every block of it holds one of them.
        """
        key = (field_name, text)
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return _select(hit, docs)
        if len(docs) >= self.frequency(field_name, text):
            return _select(self.get(field_name, text, deadline), docs)
        earlier = deadline.reads.get(key) if deadline is not None else None
        if earlier is not None and (earlier[1] is None or member(docs, earlier[1]).all()):
            return _select(earlier[0], docs)
        postings = self._read(field_name, text, docs, deadline)
        if deadline is not None and not postings.cut:
            deadline.reads[key] = (postings, docs)
        return postings

    def _read(self, field_name: str, text: str, wanted: np.ndarray | None, deadline: Deadline | None) -> Postings:
        docs, freqs, parts, df, at, cut = [], [], [], 0, 0, False
        for reader, entry, offset, count in self._entries(field_name, text):
            df += entry.df
            if deadline is not None and deadline.expired():
                cut = True
                continue  # counted, not read: the search says it was cut short
            d, f, rows = _segment_postings(reader, entry, offset, count, wanted)
            self.reads += 1
            if len(d):
                # A whole list's frequencies give every posting's first position in one running sum.
                starts = np.cumsum(f) - f if wanted is None and entry.npos else None
                parts.append(Part(reader, entry, at, rows, starts))
                docs.append(d)
                freqs.append(f)
                at += len(d)
        if not docs:
            out = empty_postings()
            out.df, out.cut = df, cut
            return out
        return Postings(np.concatenate(docs), np.concatenate(freqs), df, parts, cut)

    def expand(self, field_name: str, prefix: str) -> list[str]:
        """Every term of the field starting with `prefix`."""
        found: dict[str, None] = {}
        for postings, _, _ in self.segments:
            reader = postings.fields.get(field_name)
            if reader is not None:
                for name in reader.names_with_prefix(prefix.encode("utf-8")):
                    found[name.decode("utf-8")] = None
        return list(found)

    def shrunk(self) -> str | None:
        """The name of a segment postings file cut short since it was mapped, or None."""
        for postings, _, _ in self.segments:
            if not postings.intact():
                return os.path.basename(postings.path)
        return None

    def read_any(self) -> None:
        """Decode one list of every segment (a health check of the files)."""
        for postings, _, _ in self.segments:
            reader = postings.fields.get("body_bi") or next(iter(postings.fields.values()), None)
            if reader is not None and reader.size:
                entry = reader.entry(0)
                reader.docs(entry)
                reader.freqs(entry)


def _segment_postings(reader: FieldReader, entry: TermEntry, offset: int, count: int,
                      wanted: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(global docs, freqs, rows) of one segment's list: whole, or the blocks that may hold `wanted`."""
    exc = reader.exceptions(entry)
    if wanted is None:
        return reader.docs(entry, exc) + offset, reader.freqs(entry, exc), np.arange(entry.df)
    a, b = np.searchsorted(wanted, [offset, offset + count])
    local = wanted[a:b] - offset
    blocks = reader.blocks_holding(entry, local)
    if not len(blocks):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    docs, rows = reader.block_docs(entry, blocks, exc)
    keep = member(docs, local)
    rows = rows[keep]
    freqs = reader.freqs_at(entry, rows, exc) if len(rows) else np.zeros(0, np.int64)
    return docs[keep] + offset, freqs, rows


def _select(p: Postings, docs: np.ndarray) -> Postings:
    """A cached list restricted to the sorted documents `docs`."""
    keep = np.flatnonzero(member(p.docs, docs))
    parts = []
    for part in p.parts:
        end = part.start + len(part.rows)
        a, b = np.searchsorted(keep, [part.start, end])
        if a < b:
            at = keep[a:b] - part.start
            parts.append(Part(part.reader, part.entry, int(a), part.rows[at],
                              None if part.starts is None else part.starts[at]))
    return Postings(p.docs[keep], p.freqs[keep], p.df, parts, p.cut)
