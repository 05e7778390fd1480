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
    """Decode a corpus file: BOM, then strict UTF-8, then GB18030, then the least-bad repair."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _finish(data, encoding)
    if looks_binary(data):
        raise DecodeError("binary file (control bytes, not text)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _clean(Decoded(data.decode(encoding), encoding))
        except UnicodeDecodeError:
            pass
    # Neither decodes cleanly: pick the one with fewer broken characters.
    best = min(("utf-8", "gb18030"), key=lambda enc: data.decode(enc, "replace").count(_REPLACEMENT))
    return _finish(data, best)


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
