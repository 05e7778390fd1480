"""Process-wide memory settings for the large numpy arrays of a build and of searches."""

from __future__ import annotations


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
