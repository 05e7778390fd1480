"""Reading one field's postings from a memory-mapped segment file: whole lists, chosen blocks, positions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.format.coding import gathered, patch, ranges, restarted_cumsum, runs, unpacked
from index.format.fields import BLOCK, CODE_WIDTH, EXCEPTIONS_FLAG, TermNames, term_hash

KINDS = ("docs", "freqs", "pos")


@dataclass
class Lists:
    """Consecutive terms of a dictionary with all their postings decoded (see FieldReader.lists)."""

    hashes: np.ndarray  # per term
    names: TermNames
    df: np.ndarray  # per term: its postings are the next df rows of docs and freqs
    docs: np.ndarray  # per posting: segment-local document numbers, ascending within a term
    freqs: np.ndarray
    # Per posting its freqs[i] positions as stored: the first absolute, the others gaps (positional
    # fields). A merge passes them through as they are; `positions` adds them up.
    position_gaps: np.ndarray | None

    def positions(self) -> np.ndarray | None:
        """Per posting its freqs[i] positions, ascending (None for a field without positions)."""
        return None if self.position_gaps is None else restarted_cumsum(self.position_gaps, self.freqs)


@dataclass(frozen=True)
class TermEntry:
    """Where one term's runs are, and their widths."""

    df: int
    npos: int
    widths: tuple[int, int, int]  # docs, freqs, positions
    docs: int  # absolute offsets in the file
    freqs: int
    pos: int
    exc: int | None
    skip: int | None


class FieldReader:
    """One field of one segment: its term dictionary and the sections its runs live in."""

    def __init__(self, buf: np.ndarray, columns: dict[str, np.ndarray], bases: dict[str, int],
                 sizes: dict[str, int], drop_pages: Callable[[], object] = lambda: None):
        self.buf, self.col, self.bases, self.sizes = buf, columns, bases, sizes
        self.drop_pages = drop_pages  # unmap the pages read so far (the page cache keeps them)
        self.size = len(columns["hash"])

    def find(self, term: bytes) -> TermEntry | None:
        """The term's entry, or None when the field doesn't hold it."""
        h = np.uint64(term_hash(term))
        i = int(np.searchsorted(self.col["hash"], h))
        while i < self.size and self.col["hash"][i] == h:
            if self.name(i) == term:
                return self.entry(i)
            i += 1
        return None

    def name(self, i: int) -> bytes:
        """The bytes of term number `i` (dictionary order)."""
        a, b = int(self.col["name"][i]), int(self.col["name"][i + 1])
        return self.buf[self.bases["names"] + a: self.bases["names"] + b].tobytes()

    def entry(self, i: int) -> TermEntry:
        """The entry of term number `i`."""
        c, b = self.col, self.bases
        flags = int(c["flags"][i])
        widths = tuple(int(CODE_WIDTH[(flags >> (2 * k)) & 3]) for k in range(3))
        df = int(c["df"][i])
        return TermEntry(df, int(c["npos"][i]), widths, b["docs"] + int(c["docs"][i]),
                         b["freqs"] + int(c["freqs"][i]), b["pos"] + int(c["pos"][i]),
                         b["exc"] + int(c["exc"][i]) if flags & EXCEPTIONS_FLAG else None,
                         b["skip"] + int(c["skip"][i]) if df > BLOCK else None)

    def names_with_prefix(self, prefix: bytes) -> list[bytes]:
        """Every term starting with `prefix` (a scan of the dictionary; for one-character queries)."""
        starts = self.col["name"][:-1].astype(np.int64) + self.bases["names"]
        long_enough = np.flatnonzero(np.diff(self.col["name"]) >= len(prefix))
        match = np.ones(len(long_enough), dtype=bool)
        for k, byte in enumerate(prefix):
            match &= self.buf[starts[long_enough] + k] == byte
        return [self.name(int(i)) for i in long_enough[match]]

    def hash_range(self, low: int, high: int) -> tuple[int, int]:
        """The dictionary indexes [a, b) of the terms whose hash h has low <= h < high (high up to 2**64)."""
        col = self.col["hash"]
        a = int(np.searchsorted(col, np.uint64(low)))
        b = self.size if high >= 1 << 64 else int(np.searchsorted(col, np.uint64(high)))
        return a, b

    def stretch(self, kind: str, a: int, b: int) -> tuple[int, int]:
        """Where the runs (or names) of terms a…b-1 lie in section `kind`: [start, end) relative to it."""
        col = self.col["name" if kind == "names" else kind]
        end = int(col[b]) if b < len(col) else self.sizes[kind]
        return int(col[a]), end

    def exceptions(self, e: TermEntry) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per run, the (index, value) exceptions of a term."""
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
        if e.exc is None:
            return dict.fromkeys(KINDS, empty)
        counts = np.frombuffer(self.buf, "<u4", count=3, offset=e.exc).astype(np.int64)
        pairs = np.frombuffer(self.buf, "<u4", count=2 * int(counts.sum()), offset=e.exc + 12).astype(np.int64)
        out, at = {}, 0
        for kind, n in zip(KINDS, counts.tolist()):
            out[kind] = (pairs[2 * at: 2 * (at + n): 2], pairs[2 * at + 1: 2 * (at + n): 2])
            at += n
        return out

    def docs(self, e: TermEntry, exc=None) -> np.ndarray:
        """All document numbers of the term (segment-local, ascending)."""
        exc = exc or self.exceptions(e)
        gaps = unpacked(self.buf, e.docs, e.df, e.widths[0], *exc["docs"])
        return np.cumsum(gaps + 1) - 1

    def freqs(self, e: TermEntry, exc=None) -> np.ndarray:
        """All frequencies of the term, in posting order."""
        exc = exc or self.exceptions(e)
        return unpacked(self.buf, e.freqs, e.df, e.widths[1], *exc["freqs"]) + 1

    def freqs_at(self, e: TermEntry, rows: np.ndarray, exc=None) -> np.ndarray:
        """The frequencies of the postings at `rows` (ascending) only."""
        exc = exc or self.exceptions(e)
        return patch(gathered(self.buf, e.freqs, e.widths[1], rows), rows, *exc["freqs"]) + 1

    def skip_table(self, e: TermEntry) -> tuple[np.ndarray, np.ndarray | None]:
        """Per block: its last document, and (positional fields) the positions before it."""
        nb = -(-e.df // BLOCK)
        if e.skip is None:
            return np.array([-1]), np.zeros(1, np.int64)
        last = np.frombuffer(self.buf, "<u4", count=nb, offset=e.skip).astype(np.int64)
        before = (np.frombuffer(self.buf, "<u4", count=nb, offset=e.skip + 4 * nb).astype(np.int64)
                  if e.npos else None)
        return last, before

    def blocks_holding(self, e: TermEntry, wanted: np.ndarray) -> np.ndarray:
        """The blocks that may hold any of the sorted local documents `wanted`."""
        if e.skip is None:
            return np.zeros(1, dtype=np.int64) if len(wanted) else np.zeros(0, dtype=np.int64)
        last, _ = self.skip_table(e)
        if not len(wanted):
            return np.zeros(0, dtype=np.int64)
        # Search the few block ends among the many wanted documents, not each document among them.
        upto = np.searchsorted(wanted, last, side="right")  # wanted documents up to each block's last
        holding = np.diff(upto, prepend=0) > 0
        holding[-1] |= upto[-1] < len(wanted)  # documents past the last block: its block may hold them
        return np.flatnonzero(holding)

    def block_docs(self, e: TermEntry, blocks: np.ndarray, exc=None) -> tuple[np.ndarray, np.ndarray]:
        """(documents, posting rows) of the given blocks, without decoding any other block."""
        if len(blocks) * BLOCK >= e.df // 2:  # most of the list: decoding it whole is cheaper
            if len(blocks) * BLOCK >= e.df:  # every block (they are distinct): no rows to pick
                return self.docs(e, exc), np.arange(e.df)
            rows = _block_rows(blocks, e.df)
            return self.docs(e, exc)[rows], rows
        rows = _block_rows(blocks, e.df)
        exc = exc or self.exceptions(e)
        gaps = patch(gathered(self.buf, e.docs, e.widths[0], rows), rows, *exc["docs"]) + 1
        last, _ = self.skip_table(e)
        base = np.where(blocks > 0, last[np.maximum(blocks - 1, 0)], -1)
        sizes = np.minimum(BLOCK, e.df - blocks * BLOCK)
        return np.repeat(base, sizes) + restarted_cumsum(gaps, sizes), rows

    def positions(self, e: TermEntry, rows: np.ndarray, exc=None,
                  starts: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(index into rows, position) of every position of the postings `rows` (ascending).

        :param starts: the rows' frequencies and where their positions start in the term's
            run, when the caller knows them (else they are decoded from the blocks holding the rows).
        """
        exc = exc or self.exceptions(e)
        freqs, first = starts if starts is not None else self._position_starts(e, rows, exc)
        at = ranges(first, freqs)
        gaps = patch(gathered(self.buf, e.pos, e.widths[2], at), at, *exc["pos"])
        if len(at) == len(rows):  # one position each (most postings): the gap from 0 is the position
            return np.arange(len(rows), dtype=np.int64), gaps
        owner = np.repeat(np.arange(len(rows), dtype=np.int64), freqs)
        return owner, restarted_cumsum(gaps, freqs)

    def _position_starts(self, e: TermEntry, rows: np.ndarray, exc) -> tuple[np.ndarray, np.ndarray]:
        """Frequencies of `rows`, and where each one's positions start in the term's position run."""
        of_row = rows // BLOCK
        first = np.diff(of_row, prepend=-1) != 0  # rows ascend: each block's first row
        blocks = of_row[first]
        block_rows = _block_rows(blocks, e.df)
        f = patch(gathered(self.buf, e.freqs, e.widths[1], block_rows), block_rows, *exc["freqs"]) + 1
        _, before = self.skip_table(e)
        sizes = np.minimum(BLOCK, e.df - blocks * BLOCK)
        within = restarted_cumsum(f, sizes) - f  # positions before, in block
        starts = np.repeat(before[blocks], sizes) + within
        rank = np.cumsum(first) - 1  # each row's block among `blocks`
        pick = (np.cumsum(sizes) - sizes)[rank] + rows - of_row * BLOCK
        return f[pick], starts[pick]


def _u4(buf: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The little-endian u4 values at byte offsets `at`."""
    return gathered(buf, at, 4, np.zeros(len(at), dtype=np.int64))


def _block_rows(blocks: np.ndarray, df: int) -> np.ndarray:
    """Posting rows of the given blocks, ascending."""
    return ranges(blocks * BLOCK, np.minimum(BLOCK, df - blocks * BLOCK))


STRETCHED = ("docs", "freqs", "pos", "exc")  # the sections a merge reads, besides the names
_READ_COLUMNS = ("hash", "df", "npos", "flags", *STRETCHED)


def lists_of(sources: list[tuple[FieldReader, int]], low: int, high: int, drop_pages: bool = False) -> Lists:
    """The terms whose hash h has low <= h < high in each (reader, its first document), decoded
    together, documents shifted by their reader's first document: what a merge reads at a time.
    Terms come in hash order, a term's sources one after another in their order.

    A hash range's runs lie in one stretch of each section, so only those stretches are copied
    out of the files, into one buffer decoded in one pass: numpy's fixed cost per call is paid
    once a range, not once a source (a merge reads a hundred sources a range).

    :param drop_pages: unmap each source's pages once its stretches are copied (the kernel maps
        a file in large folios, megabytes for a few bytes read: a hundred sources would hold
        hundreds of megabytes mapped).
    """
    taken = [_copied(r, first, low, high, drop_pages) for r, first in sources]
    taken = [t for t in taken if t is not None]
    if not taken:
        return Lists(np.zeros(0, np.uint64), TermNames(np.zeros(0, np.uint8), np.zeros(1, np.int64)),
                     *(np.zeros(0, np.int64) for _ in range(3)), None)
    buf, at = _joined(taken)
    column = {col: np.concatenate([t.columns[col] for t in taken]) for col in ("hash", "df", "npos", "flags")}
    # Each source's terms ascend by hash: a stable sort by hash puts every term's occurrences next
    # to each other, sources in document order (merges then join lists without reordering postings).
    order = np.argsort(column["hash"], kind="stable")
    # the names lie one after another at the buffer's end
    names = TermNames(buf, np.append(at["names"], len(buf) - _SLACK)).taken(order)
    df, npos, flags = column["df"][order], column["npos"][order], column["flags"][order]
    at = {kind: offsets[order] for kind, offsets in at.items()}
    widths = [CODE_WIDTH[(flags >> (2 * k)) & 3] for k in range(3)]
    exc = _exception_rows(buf, flags, at["exc"])
    docs = _runs(buf, at["docs"], widths[0], df, exc[0]) + 1
    freqs = _runs(buf, at["freqs"], widths[1], df, exc[1]) + 1
    gaps = None
    if npos.any():  # a positional field: every posting has a position (32 bits: half the traffic)
        gaps = _runs(buf, at["pos"], widths[2], npos, exc[2], np.int32)
    first = np.repeat([t.first for t in taken], [len(t.columns["df"]) for t in taken])[order]
    docs = restarted_cumsum(docs, df) - 1 + np.repeat(first, df)
    return Lists(column["hash"][order], names, df, docs, freqs, gaps)


@dataclass
class _Copied:
    """One source's share of a hash range: its first document, its dictionary columns, each kind's stretch."""

    first: int
    columns: dict[str, np.ndarray]
    stretches: list[tuple[int, np.ndarray]]  # per kind of _KINDS: where it starts in its section, its bytes


_KINDS = (*STRETCHED, "names")
_SLACK = 8  # bytes after the last value: a gather may read a value's whole width


def _copied(r: FieldReader, first: int, low: int, high: int, drop_pages: bool) -> _Copied | None:
    """The source's columns and stretches of the hash range, copied out of its mapping (None: no term)."""
    a, b = r.hash_range(low, high)
    out = None
    if b > a:
        columns = {col: r.col[col][a:b].astype(np.uint64 if col == "hash" else np.int64)
                   for col in (*_READ_COLUMNS, "name")}
        stretches = []
        for kind in _KINDS:
            lo, hi = r.stretch(kind, a, b)
            stretches.append((lo, r.buf[r.bases[kind] + lo: r.bases[kind] + hi].copy()))
        out = _Copied(first, columns, stretches)
    if drop_pages:  # nothing of the mapping is read after this
        r.drop_pages()
    return out


def _joined(taken: list[_Copied]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The sources' stretches in one buffer, kind after kind (the names last, contiguous), and every
    term's offsets into it per kind."""
    pieces, at = [], 0
    offsets: dict[str, list[np.ndarray]] = {kind: [] for kind in _KINDS}
    for k, kind in enumerate(_KINDS):
        for t in taken:
            lo, data = t.stretches[k]
            offsets[kind].append(t.columns["name" if kind == "names" else kind] + (at - lo))
            pieces.append(data)
            at += len(data)
            if at % 8 and kind != "names":  # a stretch keeps its alignment: runs of a width stay whole values apart
                pieces.append(np.zeros(-at % 8, dtype=np.uint8))
                at += -at % 8
    buf = np.concatenate(pieces + [np.zeros(_SLACK, dtype=np.uint8)])
    return buf, {kind: np.concatenate(v) for kind, v in offsets.items()}


def _runs(buf: np.ndarray, at: np.ndarray, widths: np.ndarray, counts: np.ndarray, exc,
          dtype=np.int64) -> np.ndarray:
    """The runs at byte offsets `at` of `buf`, concatenated, exceptions patched."""
    values = runs(buf, at, widths, counts, dtype)
    term, index, value = exc
    values[(np.cumsum(counts) - counts)[term] + index] = value
    return values


def _exception_rows(buf: np.ndarray, flags: np.ndarray, at: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """Per kind (docs, freqs, positions): (term, index in its run, value) of the exceptions of these terms."""
    terms = np.flatnonzero(flags & EXCEPTIONS_FLAG)
    at = at[terms]
    counts = np.stack([_u4(buf, at + 4 * k) for k in range(3)], axis=1)
    total = counts.sum(axis=1)
    owner = np.repeat(np.arange(len(terms)), total)
    j = np.arange(len(owner)) - np.repeat(np.cumsum(total) - total, total)
    pair = np.repeat(at + 12, total) + 8 * j
    index, value = _u4(buf, pair), _u4(buf, pair + 4)
    bounds = np.cumsum(counts, axis=1)[owner]  # the kinds' pairs follow one another
    kind = (j >= bounds[:, 0]).astype(np.int64) + (j >= bounds[:, 1])
    return [(terms[owner[kind == k]], index[kind == k], value[kind == k]) for k in range(3)]
