"""The corpus cut into indexing tasks of bounded size, and each task's articles read back on its worker.

A task is a list of pieces: whole page files, or byte ranges of a JSONL file
cut at line ends (with the number of the range's first line, so warnings and
line-based ids stay right). No process ever holds the whole corpus: the
parent only plans, each worker reads its own pieces as it indexes them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corpus.files.reader import ReadResult, read_file, read_range

CHUNK_BYTES = 8 << 20  # a JSONL file is read in ranges of about this size
TASK_BYTES = 10 << 20  # corpus bytes per task (one segment, merged later): ~5k news articles, ~400 MB of worker
# memory. Smaller tasks are also faster here (fresh memory is slow to fault in on this VM): a 200k-article
# build took 229 s peaking at 2.3 GB with 40 MB tasks, 208 s / 1.4 GB with 20, 202 s / 0.9 GB with 10.
SCAN_BYTES = 16 << 20


@dataclass(frozen=True)
class Piece:
    """A whole corpus file, or lines `first_line`… of a JSONL file between two byte offsets."""

    key: str
    path: str
    start: int = 0
    end: int | None = None  # None: to the end of the file (and the file is read whole)
    first_line: int = 1


@dataclass
class Task:
    """Pieces indexed together into one segment."""

    pieces: list[Piece] = field(default_factory=list)
    size: int = 0


def plan(files: dict[str, Path], sizes: dict[str, int], workers: int) -> list[Task]:
    """Tasks of at most TASK_BYTES (and at least one per worker when the corpus allows), files in key order."""
    total = sum(sizes.values())
    target = max(1, min(TASK_BYTES, -(-total // max(1, workers))))
    return group(corpus_pieces(files, sizes, min(CHUNK_BYTES, target)), target)


def corpus_pieces(files: dict[str, Path], sizes: dict[str, int], chunk: int) -> Iterator[tuple[Piece, int]]:
    """(piece, bytes) of every file, files in key order: the order a build indexes the corpus in."""
    for key in sorted(files):
        yield from _pieces(key, files[key], sizes[key], chunk)


def group(pieces: Iterable[tuple[Piece, int]], target: int) -> list[Task]:
    """Consecutive pieces gathered into tasks of at most `target` bytes (a bigger piece alone)."""
    tasks: list[Task] = [Task()]
    for piece, size in pieces:
        if tasks[-1].pieces and tasks[-1].size + size > target:
            tasks.append(Task())
        tasks[-1].pieces.append(piece)
        tasks[-1].size += size
    return [t for t in tasks if t.pieces]


def piece_size(piece: Piece) -> int:
    """Bytes of corpus a piece covers."""
    return piece.end - piece.start if piece.end is not None else file_size(Path(piece.path))


def _pieces(key: str, path: Path, size: int, chunk: int) -> Iterator[tuple[Piece, int]]:
    if path.suffix.lower() != ".jsonl" or size <= chunk:
        yield Piece(key, str(path)), size
        return
    with open(path, "rb") as fh:
        if fh.read(2) in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: line ends aren't single bytes
            yield Piece(key, str(path)), size
            return
        for start, end, first_line in _line_ranges(fh, size, chunk):
            yield Piece(key, str(path), start, end, first_line), end - start


def _line_ranges(fh, size: int, chunk: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, first line number) of consecutive ranges of about `chunk` bytes ending at a line end."""
    start, line = 0, 1
    while start < size:
        end = min(size, start + chunk)
        if end < size:
            fh.seek(end)
            tail = fh.read(SCAN_BYTES)
            cut = tail.find(b"\n")
            end = size if cut < 0 else end + cut + 1
        fh.seek(start)
        lines = _count_lines(fh, end - start)
        yield start, end, line
        start, line = end, line + lines


def _count_lines(fh, length: int) -> int:
    count = 0
    while length > 0:
        block = fh.read(min(length, SCAN_BYTES))
        if not block:
            break
        count += block.count(b"\n")
        length -= len(block)
    return count


def read_piece(piece: Piece) -> ReadResult:
    """The articles of one piece (CorpusError when it can't be used at all)."""
    if piece.end is None:
        return read_file(Path(piece.path), piece.key)
    return read_range(Path(piece.path), piece.key, piece.start, piece.end, piece.first_line)


def file_size(path: Path) -> int:
    """The file's size in bytes (0 when it can't be read: reading it reports why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


