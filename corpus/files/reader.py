"""Find corpus files and read each into Article records (the indexer's entry point).

A file that can't be used at all raises `CorpusError` with its path and the
reason; anything less (a broken JSONL line, a few bad bytes) becomes a warning
in the `ReadResult` and the rest of the file is kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corpus.files.decoding import DecodeError, decode_bytes
from corpus.files.jsonl import parse_jsonl
from corpus.files.meta import load_meta
from corpus.ids import assign_ids
from corpus.model import Article
from corpus.pages.parse import parse_page

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
    """The articles of one file and what was wrong with parts of it."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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


def read_file(path: Path, source_key: str) -> ReadResult:
    """Read one corpus file into articles; raise `CorpusError` if the file is unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(path, "file not found") from None
    except IsADirectoryError:
        raise CorpusError(path, "is a directory") from None
    except OSError as exc:
        raise CorpusError(path, f"unreadable ({exc.strerror or exc})") from None
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise CorpusError(path, str(exc)) from None
    result = ReadResult(warnings=list(decoded.warnings))
    if path.suffix.lower() == ".jsonl":
        articles, warnings = parse_jsonl(decoded.text, source_key)
        result.warnings.extend(warnings)
        if not articles and warnings:
            raise CorpusError(path, f"no usable lines ({warnings[0]})")
    else:
        meta = load_meta(path, result.warnings)
        try:
            articles = parse_page(decoded.text, source_key, meta)
        except Exception as exc:  # a parser bug must cost one file, never the whole reindex
            raise CorpusError(path, f"page could not be parsed ({type(exc).__name__}: {exc})") from exc
        if not articles:
            result.warnings.append("no articles found on the page")
    assign_ids(articles, source_key)
    result.articles = articles
    return result
