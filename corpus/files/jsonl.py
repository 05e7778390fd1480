"""CMS exports: one record per JSONL line, streamed, tolerant of broken lines and mixed encodings.

The file is read line by line, so a 2 GB export needs memory for one record
at a time (plus the articles made of it), never for the whole file.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import BinaryIO

from corpus.files.decoding import decode_line
from corpus.files.limits import NO_DEADLINE, Deadline
from corpus.files.records import record_article
from corpus.ids import assign_record_ids
from corpus.model import Article, Origin

# JSON may escape half of a UTF-16 pair ("\ud83d" alone): such a string can't be encoded as UTF-8
# for the index or a web page.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\[uU][dD][89a-fA-F]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CHUNK = 1 << 20


def read_jsonl(fh: BinaryIO, source_key: str, line_bytes: int, deadline: Deadline = NO_DEADLINE,
               first_line: int = 1) -> tuple[list[Article], list[str]]:
    """Articles from the good lines of an open binary file and one warning per bad line.

    :param first_line: the number of the file's line the reading starts at (a file read in ranges).
    """
    articles: list[Article] = []
    given: list[str | None] = []
    warnings: list[str] = []
    offset = 0
    for line_no, raw in enumerate(_lines(fh, line_bytes), start=first_line):
        deadline.check()
        if raw is None:
            warnings.append(f"line {line_no}: longer than {line_bytes} bytes, skipped")
            continue
        if line_no == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        line, _, broken = decode_line(raw.rstrip(b"\r\n"))
        start, offset = offset, offset + len(line) + 1
        if broken:
            warnings.append(f"line {line_no}: {broken} undecodable byte sequence(s) replaced")
        made = _article(line, line_no, source_key, warnings)
        if made is not None:
            article, own = made
            article.origin = Origin(path=source_key, start=start, end=start + len(line))
            article.order = line_no if article.order is None else article.order  # reading order: the line
            articles.append(article)
            given.append(own)
    assign_record_ids(articles, given, source_key)
    return articles, warnings


def parse_jsonl(text: str, source_key: str) -> tuple[list[Article], list[str]]:
    """The same for text already in memory (tests, small exports)."""
    import io

    return read_jsonl(io.BytesIO(text.encode("utf-8", "surrogatepass")), source_key, len(text) * 4 + 1)


def _lines(fh: BinaryIO, limit: int):
    """Raw lines (with their newline); None for a line over `limit` bytes, which is skipped unread."""
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(_CHUNK)
            yield None
            continue
        yield raw


def _article(line: str, line_no: int, source_key: str, warnings: list[str]):
    """(Article, its own id or None) of one line, or None with a warning."""
    if not line.strip():
        return None
    line, removed = _CONTROL.subn("", line)
    if removed:
        warnings.append(f"line {line_no}: {removed} control character(s) removed")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        warnings.append(f"line {line_no}: not valid JSON ({exc.msg})")
        return None
    except RecursionError:
        warnings.append(f"line {line_no}: not valid JSON (nested too deeply)")
        return None
    found: list[bool] = []
    if _ESCAPED_SURROGATE.search(line):  # only a `\ud83d`-style escape can make one: skip the walk otherwise
        record = _without_surrogates(record, found)
    if found:
        warnings.append(f"line {line_no}: broken characters (lone UTF-16 surrogates) replaced with U+FFFD")
    problem = _problem(record)
    if problem:
        warnings.append(f"line {line_no}: {problem}")
        return None
    return record_article(record, source_key, line_no, warnings)


def _without_surrogates(value, found: list[bool]):
    """The decoded JSON value with lone surrogates replaced; `found` gets an entry if there were any."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            found.append(True)
            return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, list):
        return [_without_surrogates(v, found) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k, found): _without_surrogates(v, found) for k, v in value.items()}
    return value


def _problem(record: object) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if not any(isinstance(record.get(k), str) and record[k].strip() for k in ("title", "body")):
        return "neither title nor body"
    return None
