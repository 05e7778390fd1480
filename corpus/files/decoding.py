"""Bytes → clean text: guess UTF-8 / GB18030, refuse binaries, strip control characters.

Archive files come from many eras of tooling: UTF-8 with and without BOM,
GBK exports from old Windows CMSes, and now and then a PDF or image that was
saved with a .txt name. We keep every file that is mostly text, and say what
we had to repair.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# Bytes that never occur in text files; a file full of them is a binary.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 27)) | frozenset(range(28, 32))
_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_REPLACEMENT = "\ufffd"
# More broken characters than this share of the text means we guessed wrong, or it is no text.
_MAX_REPLACED = 0.02


class DecodeError(ValueError):
    """The bytes are not usable text; the message says why."""


@dataclass
class Decoded:
    """Decoded, normalised text plus what was repaired on the way."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def looks_binary(data: bytes) -> bool:
    """True for images, PDFs, archives and other files that are not text at all."""
    if data.startswith(_MAGIC):
        return True
    sample = data[:65536]
    odd = sum(1 for b in sample if b in _BINARY_BYTES)
    # One stray NUL in a long text is extraction noise; many of them is a binary.
    return odd > max(2, len(sample) // 200)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a corpus file: BOM, then strict UTF-8, then line by line (GB18030 lines, mixed files)."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom) and encoding == "utf-16":
            return _finish(data, encoding)
    if looks_binary(data):
        raise DecodeError("binary file (control bytes, not text)")
    try:
        return _clean(Decoded(data.decode("utf-8-sig"), "utf-8"))
    except UnicodeDecodeError:
        pass
    return _clean(_by_lines(data))


def _by_lines(data: bytes) -> Decoded:
    """Each line in the encoding it decodes in: old exports mix GBK lines into UTF-8 files.

    A line valid in both goes with the file's majority; a line valid in
    neither keeps the reading with fewer broken characters, and its number is
    reported. Mostly broken text means a wrong guess or no text at all.
    """
    raws = data.split(b"\n")
    raws[0] = raws[0].removeprefix(codecs.BOM_UTF8)
    votes = {"utf-8": 0, "gb18030": 0}
    for raw in raws:
        ok = [enc for enc in votes if _strict(raw, enc) is not None]
        if len(ok) == 1:
            votes[ok[0]] += 1
    major = "gb18030" if votes["gb18030"] > votes["utf-8"] else "utf-8"
    texts, bad_lines, bad, used = [], [], 0, set()
    for n, raw in enumerate(raws, start=1):
        text, encoding, broken = decode_line(raw, major)
        texts.append(text)
        if raw.strip(b" \t\r") and any(b > 127 for b in raw):
            used.add(encoding)
        if broken:
            bad += broken
            bad_lines.append(n)
    text = "\n".join(texts)
    encoding = "+".join(sorted(used)) or major
    if bad > max(3, len(text) * _MAX_REPLACED):
        raise DecodeError(f"undecodable: {bad} invalid characters as {encoding}")
    decoded = Decoded(text, encoding)
    if bad:
        decoded.warnings.append(f"{bad} undecodable byte sequence(s) replaced ({encoding}) on "
                                f"line{'s' if len(bad_lines) > 1 else ''} {_numbers(bad_lines)}")
    if len(used) > 1:
        decoded.warnings.append(f"mixed encodings: {_numbers(_lines_in(raws, 'gb18030', major))} "
                                "read as GB18030, the rest as UTF-8")
    return decoded


def decode_line(raw: bytes, prefer: str = "utf-8") -> tuple[str, str, int]:
    """(text, encoding, broken characters) of one line: strict UTF-8, strict GB18030, else the lesser evil."""
    encodings = (prefer, "gb18030" if prefer == "utf-8" else "utf-8")
    for encoding in encodings:
        text = _strict(raw, encoding)
        if text is not None:
            return text, encoding, 0
    readings = [(raw.decode(enc, "replace"), enc) for enc in ("utf-8", "gb18030")]
    text, encoding = min(readings, key=lambda r: r[0].count(_REPLACEMENT))
    return text, encoding, text.count(_REPLACEMENT)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _lines_in(raws: list[bytes], encoding: str, major: str) -> list[int]:
    return [n for n, raw in enumerate(raws, start=1) if any(b > 127 for b in raw)
            and decode_line(raw, major)[1] == encoding]


def _numbers(numbers: list[int], shown: int = 10) -> str:
    """`3, 7, 12` — or the first ten and how many more."""
    text = ", ".join(str(n) for n in numbers[:shown])
    return text + (f" and {len(numbers) - shown} more" if len(numbers) > shown else "")


def _finish(data: bytes, encoding: str) -> Decoded:
    """Decode with replacement, refusing text that is mostly broken."""
    text = data.decode(encoding, errors="replace")
    bad = text.count(_REPLACEMENT)
    decoded = Decoded(text, encoding)
    if bad:
        if bad > max(3, len(text) * _MAX_REPLACED):
            raise DecodeError(f"undecodable: {bad} invalid characters as {encoding}")
        decoded.warnings.append(f"{bad} undecodable byte sequence(s) replaced ({encoding})")
    return _clean(decoded)


def _clean(decoded: Decoded) -> Decoded:
    """Normalise newlines and drop control characters other than \\n and \\t."""
    text = decoded.text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdftotext separates pages with a form feed; keep it as a paragraph break.
    text = text.replace("\f", "\n\n")
    text, removed = _CONTROL.subn("", text)
    if removed:
        decoded.warnings.append(f"{removed} control character(s) removed")
    if not text.strip():
        raise DecodeError("empty file")
    decoded.text = text
    return decoded
