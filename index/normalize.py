"""Text normalisation shared by indexing, querying and highlighting.

Full-width → half-width (NFKC), Latin lower-cased, traditional → simplified
(OpenCC), so that `重慶`, `１９９８年` and `PM2.5` find `重庆`, `1998年`, `pm2.5`.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

import opencc

_local = threading.local()


def _converter() -> opencc.OpenCC:
    # One converter per thread: the C++ object is cheap and need not be shared.
    conv = getattr(_local, "t2s", None)
    if conv is None:
        conv = _local.t2s = opencc.OpenCC("t2s")
    return conv


# Control characters become spaces: they separate words (and some segmenters crash on a NUL).
_CONTROLS = {c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}
# Full-width ASCII forms and the ideographic space, as NFKC maps them: almost every character
# NFKC changes in Chinese news, translated in C so that full NFKC runs only where more is left.
_WIDE = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def normalize(text: str) -> str:
    """NFKC, lower-case, control characters to spaces, traditional to simplified characters.

    >>> normalize("重慶 ＰＭ２．５ １９９８年")
    '重庆 pm2.5 1998年'
    >>> normalize("三\\x00江")
    '三 江'
    """
    if not text:
        return ""
    text = text.translate(_WIDE)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.lower().translate(_CONTROLS)
    if text.isascii():
        return text
    try:
        return _converter().convert(text)
    except UnicodeEncodeError:  # lone surrogates (e.g. from a command line's undecodable bytes)
        return _converter().convert(text.encode("utf-8", "replace").decode("utf-8"))


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """Normalise one character on its own, for mapping matches back to the original text.

    >>> fold_char("慶"), fold_char("Ａ")
    ('庆', 'a')
    """
    folded = normalize(char)
    return folded if len(folded) == 1 else char.lower()


class _FoldTable(dict):
    """code point → folded character, filled on first sight (str.translate looks up known ones in C)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Character-by-character `normalize`, keeping offsets aligned with `text`.

    >>> fold("重慶ＡＩ")
    '重庆ai'
    """
    return text.translate(_FOLD)
