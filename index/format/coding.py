"""Integer arrays packed so that numpy decodes them with a view and a few vectorised operations.

A run of non-negative integers (one term's doc-number gaps, frequencies or
positions) is stored at one byte width — 1, 2 or 4 bytes, whichever is
smallest — with the few values that don't fit replaced by the width's
largest value and listed as exceptions (index, value) after the run
("patched frame of reference"). Decoding a run is `frombuffer`, `astype`
and one scatter for the exceptions; no Python touches a single value.

Encoding works on many runs at once (all the terms of a field): the width
of each run is chosen with `reduceat`, and every run's bytes are scattered
into place in one pass per width.
"""

from __future__ import annotations

import numpy as np

WIDTHS = (0, 1, 2, 4)  # 0: every value is 0, nothing stored
_DTYPES = {1: "<u1", 2: "<u2", 4: "<u4"}
_MARKERS = {1: 0xFF, 2: 0xFFFF}  # a width's largest value: it marks an exception
EXCEPTION_BYTES = 8  # a u4 index and a u4 value


def choose_widths(values: np.ndarray, starts: np.ndarray, allow_zero: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Per run (runs start at `starts`, the last ends at len(values)): its width and its exception count.

    >>> w, e = choose_widths(np.array([1] * 20 + [300, 5, 70000, 0, 0]), np.array([0, 21, 23]), allow_zero=True)
    >>> w.tolist(), e.tolist()
    ([1, 4, 0], [1, 0, 0])
    """
    n = np.diff(np.append(starts, len(values)))
    nonempty = n > 0
    safe = np.where(nonempty, starts, 0)
    big1 = _run_sums(values >= _MARKERS[1], starts, safe, nonempty)
    big2 = _run_sums(values >= _MARKERS[2], starts, safe, nonempty)
    costs = np.stack([n + EXCEPTION_BYTES * big1, 2 * n + EXCEPTION_BYTES * big2, 4 * n])
    choice = np.argmin(costs, axis=0)
    widths = np.array([1, 2, 4])[choice]
    exceptions = np.choose(choice, [big1, big2, np.zeros_like(big1)])
    if allow_zero:
        top = _run_max(values, safe, nonempty)
        zero = top == 0
        widths = np.where(zero, 0, widths)
        exceptions = np.where(zero, 0, exceptions)
    return widths.astype(np.int64), exceptions.astype(np.int64)


def widest(values: np.ndarray, allow_zero: bool = False) -> int:
    """The one width that holds every value without an exception (0: every value is 0, if allowed).

    >>> widest(np.array([3, 254])), widest(np.array([3, 255])), widest(np.array([0, 0]), allow_zero=True)
    (1, 2, 0)
    """
    top = int(values.max()) if len(values) else 0
    return 0 if allow_zero and top == 0 else 1 if top < _MARKERS[1] else 2 if top < _MARKERS[2] else 4


def _run_sums(flags: np.ndarray, starts, safe, nonempty) -> np.ndarray:
    if not len(flags):
        return np.zeros(len(starts), dtype=np.int64)
    sums = np.add.reduceat(flags.view(np.uint8), safe, dtype=np.int32)  # (from bool: a slow cast)
    return np.where(nonempty, sums, 0)


def _run_max(values: np.ndarray, safe, nonempty) -> np.ndarray:
    if not len(values):
        return np.zeros(len(safe), dtype=np.int64)
    return np.where(nonempty, np.maximum.reduceat(values, safe), 0)


def packed(values: np.ndarray, width: int) -> tuple[bytes, np.ndarray, np.ndarray]:
    """One run at `width`: its bytes, and the indexes and values of its exceptions.

    >>> data, idx, val = packed(np.array([3, 256, 7]), 1)
    >>> data, idx.tolist(), val.tolist()
    (b'\\x03\\xff\\x07', [1], [256])
    """
    if width == 0:
        return b"", np.zeros(0, np.int64), np.zeros(0, np.int64)
    if width == 4:
        return values.astype("<u4").tobytes(), np.zeros(0, np.int64), np.zeros(0, np.int64)
    marker = _MARKERS[width]
    idx = np.flatnonzero(values >= marker)
    return np.where(values >= marker, marker, values).astype(_DTYPES[width]).tobytes(), idx, values[idx]


def unpacked(buf, offset: int, count: int, width: int, exc_idx: np.ndarray | None = None,
             exc_val: np.ndarray | None = None) -> np.ndarray:
    """`count` values stored at `offset` of `buf` (bytes or a uint8 array), exceptions patched in.

    >>> data, idx, val = packed(np.array([3, 256, 7]), 1)
    >>> unpacked(data, 0, 3, 1, idx, val).tolist()
    [3, 256, 7]
    """
    if width == 0:
        return np.zeros(count, dtype=np.int64)
    out = np.frombuffer(buf, dtype=_DTYPES[width], count=count, offset=offset).astype(np.int64)
    if exc_idx is not None and len(exc_idx):
        out[exc_idx] = exc_val
    return out


def gathered(buf: np.ndarray, offset: int, width: int, rows: np.ndarray) -> np.ndarray:
    """The values at the given row indexes of a run stored at `offset` (no exceptions patched).

    >>> gathered(np.frombuffer(np.array([5, 6, 7], "<u2").tobytes(), np.uint8), 0, 2, np.array([0, 2])).tolist()
    [5, 7]
    """
    if width == 0:
        return np.zeros(len(rows), dtype=np.int64)
    if np.ndim(offset) == 0 and len(rows):  # one run: a view of it in its own width, gathered once
        view = np.frombuffer(buf, dtype=_DTYPES[width], count=int(rows.max()) + 1, offset=int(offset))
        return view[rows].astype(np.int64)
    base = offset + rows.astype(np.int64) * width
    if width == 1:
        return buf[base].astype(np.int64)
    out = np.zeros(len(rows), dtype=np.int64)
    for k in range(width):  # little-endian bytes, gathered one position at a time
        out |= buf[base + k].astype(np.int64) << (8 * k)
    return out


def patch(values: np.ndarray, rows: np.ndarray, exc_idx: np.ndarray, exc_val: np.ndarray) -> np.ndarray:
    """`values` (read at `rows`, ascending) with the exceptions among those rows patched in."""
    if len(exc_idx):
        at = np.searchsorted(rows, exc_idx)
        hit = at < len(rows)
        hit[hit] = rows[at[hit]] == exc_idx[hit]
        values[at[hit]] = exc_val[hit]
    return values


def runs(buf: np.ndarray, offsets: np.ndarray, widths: np.ndarray, counts: np.ndarray, dtype=np.int64) -> np.ndarray:
    """Many runs at once (run i: counts[i] values at offsets[i], widths[i]), concatenated as `dtype`; no
    exceptions patched.

    The runs of one width lie in one region of a section, whole values apart, so each width is
    one view of that region and one gather.

    >>> buf = np.frombuffer(bytes([7, 9]) + np.array([300, 5], "<u2").tobytes(), np.uint8)
    >>> runs(buf, np.array([0, 2, 0]), np.array([1, 2, 0]), np.array([2, 2, 3])).tolist()
    [7, 9, 300, 5, 0, 0, 0]
    """
    counts, offsets, widths = (np.asarray(a, dtype=np.int64) for a in (counts, offsets, widths))
    starts = np.cumsum(counts) - counts
    out = np.zeros(int(counts.sum()), dtype=dtype)
    busy = counts > 0
    runs_with_values = int(np.count_nonzero(busy))
    for width in (1, 2, 4):
        chosen = np.flatnonzero((widths == width) & busy)
        if not len(chosen):
            continue
        n, at = counts[chosen], offsets[chosen]
        low, high = int(at.min()), int((at + n * width).max())
        view = np.frombuffer(buf, dtype=_DTYPES[width], count=(high - low) // width, offset=low)
        values = view[ranges((at - low) // width, n)]
        if len(chosen) == runs_with_values:  # all of one width (sources written for a merge): they fill `out`
            return values.astype(dtype)
        out[ranges(starts[chosen], n)] = values
    return out


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[i], starts[i] + 1, … (counts[i] of them) for every i, one run after another.

    Made in 32 bits when every value fits (index arrays of millions: half the memory traffic).

    >>> ranges(np.array([10, 0, 5]), np.array([2, 0, 3])).tolist()
    [10, 11, 5, 6, 7]
    """
    counts = np.asarray(counts, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    before = np.cumsum(counts) - counts
    total = int(before[-1] + counts[-1]) if len(counts) else 0
    small = total < 2**31 and (not len(starts) or int((starts + counts).max()) < 2**31)
    dtype = np.int32 if small else np.int64
    return np.repeat((starts - before).astype(dtype), counts) + np.arange(total, dtype=dtype)


def stable_order(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`keys` sorted, and the stable order that sorts them (non-negative keys below 2**32).

    Each key is packed with its row number into one int64 and the packed values sorted: numpy
    sorts plain 64-bit integers with SIMD, ~2.5x faster than a stable argsort. Keys too wide
    for that are sorted by two stable radix sorts of 16-bit halves, low then high.

    >>> keys, order = stable_order(np.array([70000, 3, 70000, 3, 1]))
    >>> keys.tolist(), order.tolist()
    ([1, 3, 3, 70000, 70000], [4, 1, 3, 0, 2])
    """
    keys = np.asarray(keys)
    n = len(keys)
    row_bits = max(n - 1, 1).bit_length()
    if not n or int(keys.max()).bit_length() + row_bits <= 63:
        packed = np.sort(keys.astype(np.int64) << row_bits | np.arange(n, dtype=np.int64))
        return packed >> row_bits, packed & ((1 << row_bits) - 1)
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    order = order[np.argsort((keys >> 16).astype(np.uint16)[order], kind="stable")]
    return keys[order].astype(np.int64), order


def restarted_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Running sums of `values` that start again with each run of `counts` values (gaps back to values).

    >>> restarted_cumsum(np.array([1, 2, 3, 4, 5]), np.array([2, 0, 3])).tolist()
    [1, 3, 3, 7, 12]
    """
    running = np.cumsum(values)
    before = np.concatenate(([0], running))[np.cumsum(counts) - counts]
    return running - np.repeat(before, counts)
