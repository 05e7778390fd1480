"""Process-wide memory settings for the large numpy arrays of a build and of searches."""

from __future__ import annotations

import ctypes
import sys

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_ABOVE = 32 << 20  # glibc's largest mmap threshold: bigger blocks are always mapped afresh
TRIM_ABOVE = (1 << 31) - 1  # mallopt takes an int


def for_large_arrays() -> None:
    """The settings below, for a process (and the workers it forks) that makes and drops large arrays."""
    small_pages()
    keep_freed_memory()


def small_pages() -> None:
    """Stop numpy from advising huge pages for its large arrays (it does by default on Linux).

    Where the kernel compacts memory to find a free 2 MB page, or a virtual machine's host backs
    guest memory only when first touched, a fresh huge page costs milliseconds to fault in: a
    build, which sorts arrays of tens of millions of rows, ran a third slower with the advice on.
    Ordinary 4 KB pages fault in quickly, and these arrays are read sequentially.
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # another numpy: keep its default
        return
    _set_madvise_hugepage(False)


def keep_freed_memory() -> None:
    """Let glibc reuse freed blocks of up to 32 MB instead of handing them back to the kernel.

    By default a block of a few MB (a segment's sorted postings, a query's decoded list) is
    mapped when allocated and unmapped when freed, and the heap is trimmed behind it, so the
    next one faults in every page afresh: a 100k-article build spent a fifth of its CPU time
    in the kernel (1.6M page faults); with these settings 0.4M and 11 % faster. The peak is
    unchanged: freed memory is kept for reuse, no more is allocated. No-op outside glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_ABOVE)
    mallopt(M_TRIM_THRESHOLD, TRIM_ABOVE)
