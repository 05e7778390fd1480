"""One field's posting lists, encoded for numpy: packed gaps, frequencies and positions, a skip table.

Per term: document-number gaps, frequencies (minus one) and positions (the
first of each posting absolute, the rest gaps) are each one packed run
(coding.py); a term of more than BLOCK postings also has a skip table — the
last document of every block of BLOCK postings and where its positions
start — so a search can decode only the blocks that hold the documents it
still cares about. The term dictionary, sorted by an 8-byte hash of the
term, gives each term's statistics and offsets; the runs (and the exception
and skip tables) follow the dictionary's order in their sections, so the
terms of a hash range — what a merge reads at a time — lie in one stretch of
each section, and every offset column ascends. Everything is encoded for all
terms at once. A build's task segments, which its merge encodes again, are
written quicker: every run of a kind (documents, frequencies, positions) at
the one width that holds all its values, no exceptions, no padding between
runs (still this format: a view of one width reads them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.format.coding import choose_widths, ranges, widest

BLOCK = 128
CODE_WIDTH = np.array([0, 1, 2, 4])  # flags hold a 2-bit code per run: docs, freqs, positions
EXCEPTIONS_FLAG = 0x40
# The term dictionary's columns (one value per term, in hash order; `name` has one more) and their types.
COLUMNS = (("hash", "<u8"), ("name", "<u4"), ("df", "<u4"), ("npos", "<u4"), ("flags", "<u1"),
           ("docs", "<u4"), ("freqs", "<u4"), ("pos", "<u4"), ("exc", "<u4"), ("skip", "<u4"))
SECTIONS = ("docs", "freqs", "pos", "exc", "skip", "names")
MAX_SECTION = 2**32 - 1  # offsets are u4: a segment must stay below this many bytes per section


# The dictionary's hash: a polynomial over the term's bytes, its length mixed in, then a
# splitmix64 finish. Written twice: in numpy for a segment's terms at once, in Python for one.
_P, _LEN, _M1, _M2 = 0x100000001B3, 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_MASK = (1 << 64) - 1


def term_hash(term: bytes) -> int:
    """The 8-byte hash that orders the term dictionary (what `term_hashes` gives for one term).

    >>> term_hash("保税".encode()) == int(term_hashes(TermNames.of(["保税".encode()]))[0])
    True
    """
    h = 0
    for byte in term:
        h = (h * _P + byte) & _MASK
    h = (h + len(term) * _LEN) & _MASK
    h = ((h ^ (h >> 30)) * _M1) & _MASK
    h = ((h ^ (h >> 27)) * _M2) & _MASK
    return h ^ (h >> 31)


def term_hashes(names: "TermNames") -> np.ndarray:
    """`term_hash` of every term, vectorised (uint64 arithmetic wraps like the masks above)."""
    lengths = np.diff(names.offsets)
    longest = int(lengths.max()) if len(lengths) else 0
    steps = np.full(max(longest, 1), _P, dtype=np.uint64)
    steps[0] = 1
    with np.errstate(over="ignore"):
        powers = np.cumprod(steps, dtype=np.uint64)  # P**0, P**1, … modulo 2**64
    ends = names.offsets[1:]
    to_end = np.repeat(ends, lengths) - 1 - np.arange(len(names.blob))
    with np.errstate(over="ignore"):
        weighted = names.blob.astype(np.uint64) * powers[to_end]
        running = np.concatenate(([np.uint64(0)], np.cumsum(weighted, dtype=np.uint64)))
        h = running[ends] - running[names.offsets[:-1]] + lengths.astype(np.uint64) * np.uint64(_LEN)
        h = (h ^ (h >> np.uint64(30))) * np.uint64(_M1)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(_M2)
    return h ^ (h >> np.uint64(31))


@dataclass
class TermNames:
    """A field's terms as one byte array and where each starts (`offsets` has one more: the end)."""

    blob: np.ndarray  # uint8
    offsets: np.ndarray  # int64

    @classmethod
    def of(cls, texts: list[bytes]) -> "TermNames":
        """The names of a list of terms."""
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        return cls(np.frombuffer(b"".join(texts), dtype=np.uint8), np.concatenate(([0], np.cumsum(lengths))))

    def taken(self, order: np.ndarray) -> "TermNames":
        """The names in the given order."""
        lengths = np.diff(self.offsets)[order]
        return TermNames(self.blob[ranges(self.offsets[:-1][order], lengths)],
                         np.concatenate(([0], np.cumsum(lengths))))


@dataclass
class EncodedField:
    """A field's dictionary columns (hash order) and its sections' bytes (or, from a merge, the
    segment_file.FileRanges holding them)."""

    columns: dict[str, np.ndarray]
    sections: dict[str, bytes | list]


def encode_field(names: TermNames, starts: np.ndarray, docs: np.ndarray, freqs: np.ndarray,
                 positions: np.ndarray | None = None, gapped: bool = False, compact: bool = True) -> EncodedField:
    """Encode postings sorted by (term, doc): term t's rows are starts[t]:starts[t+1].

    :param positions: for positional fields, every posting's positions, ascending, posting after posting.
    :param gapped: the positions are given as stored (each posting's first absolute, the others gaps),
        as a merge reads them.
    :param compact: each run at its narrowest width, with exceptions; else the runs of a kind all at
        one width (a quarter less time, about a fifth more bytes: for a segment that a merge encodes
        again anyway).
    """
    starts = np.asarray(starts, dtype=np.int64)
    df = np.diff(starts)
    hashes = term_hashes(names)
    order = np.argsort(hashes, kind="stable")  # the dictionary's order, and the sections'
    # Document numbers, frequencies and positions of one segment fit in 32 bits; the arrays are
    # the size of the segment's postings, and half the width is half the memory traffic.
    docs = np.asarray(docs, dtype=np.int32)
    freqs = np.asarray(freqs, dtype=np.int32)
    first = np.zeros(len(docs), dtype=bool)
    first[starts[:-1][df > 0]] = True
    gaps = _gaps(docs)
    gaps[first] = docs[first] + 1  # a term's first document: from -1
    columns = {"df": df, "npos": np.zeros(len(df), dtype=np.int64)}
    sections, exceptions = {}, []
    runs = [("docs", gaps - 1, starts[:-1], df, False), ("freqs", freqs - 1, starts[:-1], df, True)]
    pos_starts = None
    if positions is not None:
        cum = np.concatenate(([0], np.cumsum(freqs, dtype=np.int64)))
        pos_starts = cum[starts]
        columns["npos"] = np.diff(pos_starts)
        positions = np.asarray(positions, np.int32)
        runs.append(("pos", positions if gapped else _position_gaps(positions, cum), pos_starts[:-1],
                     columns["npos"], False))
    flags = np.zeros(len(df), dtype=np.int64)
    for shift, (name, values, run_starts, counts, zero_ok) in enumerate(runs):
        if compact:
            widths, _ = choose_widths(values, run_starts, allow_zero=zero_ok)
            sections[name], columns[name], exc = _pack(values, run_starts, counts, widths, order)
        else:
            widths = np.full(len(counts), widest(values, allow_zero=zero_ok), dtype=np.int64)
            sections[name], columns[name], exc = _pack_alike(values, run_starts, counts, int(widths[0]), order)
        flags |= np.searchsorted(CODE_WIDTH, widths) << (2 * shift)
        exceptions.append(exc)
    if positions is None:
        sections["pos"], columns["pos"] = b"", np.zeros(len(df), dtype=np.int64)
        exceptions.append((np.zeros(0, np.int64),) * 3)
    sections["exc"], columns["exc"], has_exc = _exception_lists(exceptions, order)
    flags |= np.where(has_exc, EXCEPTIONS_FLAG, 0)
    columns["flags"] = flags
    sections["skip"], columns["skip"] = _skip_tables(docs, starts, cum if positions is not None else None, order)
    return _in_hash_order(names, hashes, order, columns, sections)


def _position_gaps(positions: np.ndarray, cum: np.ndarray) -> np.ndarray:
    """Positions with all but each posting's first replaced by the gap to the one before."""
    gaps = _gaps(positions)
    posting_first = cum[:-1]  # every posting has at least one position
    gaps[posting_first] = positions[posting_first]
    return gaps


def _gaps(values: np.ndarray) -> np.ndarray:
    """Each value minus the one before (the first as it is), in the values' own type."""
    gaps = np.empty_like(values)
    if len(values):
        gaps[0] = values[0]
        np.subtract(values[1:], values[:-1], out=gaps[1:])
    return gaps


def _pack(values: np.ndarray, run_starts: np.ndarray, counts: np.ndarray, widths: np.ndarray, order: np.ndarray):
    """A section holding every run at its width, runs in `order`, each run's offset, and the exceptions.

    Every run starts at a multiple of 4 bytes, so the runs of one width lie whole values apart
    wherever they are (coding.runs reads them through one view) and the terms of a dictionary
    range take one stretch of the section.
    """
    size = (counts * widths + 3) // 4 * 4
    offsets = _laid_out(size, order)
    n, w, start = counts[order], widths[order], offsets[order]
    out = np.zeros(int(size.sum()), dtype=np.uint8)
    exc_rows = []
    for width, dtype in ((1, "<u1"), (2, "<u2"), (4, "<u4")):
        chosen = np.flatnonzero(w == width)
        if not len(chosen):
            continue
        rows = ranges(run_starts[order[chosen]], n[chosen])
        run = values[rows]
        if width < 4:  # values past the width: its largest value, and an exception
            marker = (1 << (8 * width)) - 1
            exc_rows.append(rows[run >= marker])
            run = np.minimum(run, marker)
        out.view(dtype)[ranges(start[chosen] // width, n[chosen])] = run
    rows = np.concatenate(exc_rows) if exc_rows else np.zeros(0, dtype=np.int64)
    # Runs start in term order; an empty run shares its start with the next, which owns the row.
    run_of = np.searchsorted(run_starts, rows, side="right") - 1
    exc = (run_of, rows - run_starts[run_of], values[rows])
    return out.tobytes(), offsets, exc


def _pack_alike(values: np.ndarray, run_starts: np.ndarray, counts: np.ndarray, width: int, order: np.ndarray):
    """`_pack` with every run at one width that needs no exception: the runs in `order` are one gather,
    each at a multiple of its width (all that a view of one width needs), the section padded to 4 bytes."""
    out = values[ranges(run_starts[order], counts[order])].astype(f"<u{width}") if width else np.zeros(0, np.uint8)
    data = out.tobytes()
    none = np.zeros(0, dtype=np.int64)
    return data + bytes(-len(data) % 4), _laid_out(counts * width, order), (none, none, none)


def _exception_lists(exceptions: list, order: np.ndarray):
    """Per term with exceptions: [count per kind …, (index, value) pairs kind by kind] as u4, terms in `order`."""
    kinds, terms = len(exceptions), len(order)
    term = np.concatenate([e[0] for e in exceptions]).astype(np.int64)
    kind = np.concatenate([np.full(len(e[0]), k) for k, e in enumerate(exceptions)]).astype(np.int64)
    idx = np.concatenate([e[1] for e in exceptions]).astype(np.int64)
    val = np.concatenate([e[2] for e in exceptions]).astype(np.int64)
    offsets = np.zeros(terms, dtype=np.int64)
    has = np.zeros(terms, dtype=bool)
    if not len(term):
        return b"", offsets, has
    by_term = np.lexsort((idx, kind, term))
    term, kind, idx, val = term[by_term], kind[by_term], idx[by_term], val[by_term]
    per_term = np.bincount(term, minlength=terms)
    has = per_term > 0
    size = np.where(has, kinds + 2 * per_term, 0)
    base = _laid_out(size, order)
    out = np.zeros(int(size.sum()), dtype=np.int64)
    counts = np.bincount(term * kinds + kind, minlength=terms * kinds).reshape(terms, kinds)
    for k in range(kinds):
        out[base[has] + k] = counts[has, k]
    first = np.searchsorted(term, term)  # each exception's rank within its term, kinds in order
    rank = np.arange(len(term)) - first
    out[base[term] + kinds + 2 * rank] = idx
    out[base[term] + kinds + 2 * rank + 1] = val
    return out.astype("<u4").tobytes(), base * 4, has


def _skip_tables(docs: np.ndarray, starts: np.ndarray, cum: np.ndarray | None, order: np.ndarray):
    """Per term of more than BLOCK postings (in `order`): each block's last document, then where its
    positions start.

    :param cum: for positional fields, the number of positions before each posting (and the total).
    """
    df = np.diff(starts)
    long = order[df[order] > BLOCK]
    offsets = np.zeros(len(df), dtype=np.int64)
    if not len(long):
        return b"", offsets
    nb = -(-df[long] // BLOCK)
    per = 2 if cum is not None else 1
    size = per * nb
    base = np.cumsum(size) - size
    offsets[long] = base * 4
    term = np.repeat(np.arange(len(long)), nb)
    block = np.arange(int(nb.sum())) - np.repeat(np.cumsum(nb) - nb, nb)
    begin = starts[long][term] + block * BLOCK
    end = np.minimum(begin + BLOCK, starts[long + 1][term])
    out = np.zeros(int(size.sum()), dtype=np.int64)
    out[base[term] + block] = docs[end - 1]
    if cum is not None:  # the term's positions before each block's first posting
        out[base[term] + nb[term] + block] = cum[begin] - cum[starts[long][term]]
    return out.astype("<u4").tobytes(), offsets


def _laid_out(size: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Where each term's entry starts when the entries (`size` each) follow one another in `order`."""
    in_order = size[order]
    base = np.empty_like(size)
    base[order] = np.cumsum(in_order) - in_order
    return base


def _in_hash_order(names: TermNames, hashes: np.ndarray, order: np.ndarray, columns: dict[str, np.ndarray],
                   sections: dict[str, bytes]) -> EncodedField:
    ordered = names.taken(order)
    out = {"hash": hashes[order], "name": ordered.offsets}
    for name, _ in COLUMNS:
        if name not in out:
            out[name] = columns[name][order]
    sections = dict(sections, names=ordered.blob.tobytes())
    too_big = [k for k, v in sections.items() if len(v) > MAX_SECTION]
    if too_big:
        raise ValueError(f"segment too large: sections {too_big} exceed {MAX_SECTION} bytes")
    typed = {name: out[name].astype(dtype) for name, dtype in COLUMNS}
    return EncodedField(typed, sections)
