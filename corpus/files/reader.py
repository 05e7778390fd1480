"""Find corpus files and read each into Article records (the indexer's entry point).

A file that can't be used at all raises `CorpusError` with its path and the
reason — not a regular file, too large, over its time budget, undecodable,
out of memory, a parser failure — and the build goes on with the rest;
anything less (a broken JSONL line, a few bad bytes) becomes a warning in the
`ReadResult` and the rest of the file is kept.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from corpus.files.decoding import DecodeError, decode_bytes, looks_binary
from corpus.files.jsonl import read_jsonl
from corpus.files.limits import DEFAULT_LIMITS, Deadline, Limits, OverBudget
from corpus.files.meta import load_meta
from corpus.model import Article
from corpus.pages.parse import PageReport, parse_page

SUFFIXES = (".txt", ".jsonl")


class CorpusError(Exception):
    """A corpus file that can't be used at all."""

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class ReadResult:
    """The articles of one file, what was wrong with parts of it, and (pages) where every line went."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    page: PageReport | None = None


def is_corpus_file(path: Path) -> bool:
    """Page texts and JSONL exports; not sidecars, READMEs or hidden files."""
    name = path.name
    if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
        return False
    return not name.upper().startswith("README")


def iter_corpus_files(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, str]]:
    """Yield `(path, source_key)` for every corpus file under the given files and directories.

    The source key is the path relative to the directory given (a file given
    directly: its name), POSIX-style, so ids survive moving the corpus. A path
    that doesn't exist is yielded as is, so that `read_file` reports it.
    """
    for given in paths:
        root = Path(given)
        if not root.is_dir():
            if not root.exists() or is_corpus_file(root):
                yield root, root.name
            continue
        found = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                path = Path(folder, name)
                if is_corpus_file(path):
                    found.append((path.relative_to(root).as_posix(), path))
        for key, path in sorted(found):
            yield path, key


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """Open a regular file for binary reading; raise `CorpusError` for anything else.

    FIFOs, devices and sockets (also behind a symlink, e.g. `/dev/zero` linked
    as `x.txt`) are refused before a byte is read: the open itself doesn't
    block (O_NONBLOCK), and the type is checked on the opened descriptor, so
    the file can't be swapped between the check and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise CorpusError(path, "file not found") from None
    except IsADirectoryError:
        raise CorpusError(path, "is a directory") from None
    except OSError as exc:
        raise CorpusError(path, f"unreadable ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise CorpusError(path, f"not a regular file ({_kind(mode)}), not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: str | os.PathLike) -> os.stat_result:
    """The file's status if it is a regular file (symlinks followed); `CorpusError` otherwise."""
    with open_regular(path) as fh:
        return os.fstat(fh.fileno())


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a file"


def read_file(path: Path, source_key: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read one corpus file into articles; raise `CorpusError` if the file is unusable."""
    path = Path(path)
    deadline = Deadline(limits.seconds)
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if path.suffix.lower() == ".jsonl":
                return _read_jsonl(fh, path, source_key, size, limits, deadline)
            return _read_page(fh, path, source_key, size, limits, deadline)
    except CorpusError:
        raise
    except OverBudget as exc:
        raise CorpusError(path, f"skipped: {exc}") from None
    except MemoryError:
        raise CorpusError(path, "out of memory while reading; skipped") from None
    except OSError as exc:
        raise CorpusError(path, f"unreadable ({exc.strerror or exc})") from None
    except Exception as exc:  # a parser bug must cost one file, never the whole reindex
        raise CorpusError(path, f"could not be parsed ({type(exc).__name__}: {exc})") from exc


def read_range(path: Path, source_key: str, start: int, end: int, first_line: int,
               limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """The articles of the JSONL lines between two byte offsets (line ends) of a file read in ranges."""
    path = Path(path)
    try:
        with open_regular(path) as fh:
            fh.seek(start)
            data = fh.read(end - start)
        articles, warnings = read_jsonl(io.BytesIO(data), source_key, limits.line_bytes,
                                        Deadline(limits.seconds), first_line)
    except CorpusError:
        raise
    except OverBudget as exc:
        raise CorpusError(path, f"lines {first_line}…: skipped: {exc}") from None
    except MemoryError:
        raise CorpusError(path, f"lines {first_line}…: out of memory while reading; skipped") from None
    except OSError as exc:
        raise CorpusError(path, f"unreadable ({exc.strerror or exc})") from None
    except Exception as exc:  # a parser bug must cost one range, never the whole reindex
        raise CorpusError(path, f"lines {first_line}…: could not be parsed ({type(exc).__name__}: {exc})") from exc
    return ReadResult(articles, warnings)


def _too_large(path: Path, size: int, limit: int, what: str) -> None:
    if size > limit:
        raise CorpusError(path, f"too large: {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB "
                                f"limit for {what}")


def _read_jsonl(fh: BinaryIO, path: Path, key: str, size: int, limits: Limits, deadline: Deadline) -> ReadResult:
    _too_large(path, size, limits.jsonl_bytes, "a JSONL file")
    if looks_binary(fh.read(65536)):
        raise CorpusError(path, "binary file (control bytes, not text)")
    fh.seek(0)
    articles, warnings = read_jsonl(fh, key, limits.line_bytes, deadline)
    if not articles:
        raise CorpusError(path, f"no usable lines ({warnings[0]})" if warnings else "empty file")
    return ReadResult(articles, warnings)


def _read_page(fh: BinaryIO, path: Path, key: str, size: int, limits: Limits, deadline: Deadline) -> ReadResult:
    _too_large(path, size, limits.page_bytes, "a page")
    data = fh.read(limits.page_bytes + 1)
    _too_large(path, len(data), limits.page_bytes, "a page")  # grew while we read it
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise CorpusError(path, str(exc)) from None
    del data
    result = ReadResult(warnings=list(decoded.warnings))
    meta = load_meta(path, result.warnings)
    result.articles, result.page = parse_page(decoded.text, key, meta, deadline)
    if not result.articles:
        result.warnings.append("no articles found on the page")
    return result
