"""Text normalisation shared by indexing, querying and highlighting.

Full-width → half-width (NFKC), Latin lower-cased, traditional → simplified
(OpenCC), so that `重慶`, `１９９８年` and `PM2.5` find `重庆`, `1998年`, `pm2.5`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import numpy as np
import opencc

_local = threading.local()


def _converter() -> opencc.OpenCC:
    # One converter per thread: the C++ object is cheap and need not be shared.
    conv = getattr(_local, "t2s", None)
    if conv is None:
        conv = _local.t2s = opencc.OpenCC("t2s")
    return conv


# Control characters become spaces: they separate words (and some segmenters crash on a NUL).
CONTROLS = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]
# Full-width ASCII forms and the ideographic space, as NFKC maps them: almost every character NFKC
# changes in Chinese news. Both are mapped through one table (numpy), so that full NFKC runs only
# where more is left; str.translate with a dict costs ~0.4 µs a character on Chinese text.
_TABLE = np.arange(0x10001, dtype=np.uint32)  # the last entry: where astral characters are clipped to
_TABLE[0xFF01:0xFF5F] -= 0xFEE0
_TABLE[[0x3000, *CONTROLS]] = 0x20
_TABLE[0xD800:0xE000] = ord("?")  # lone surrogates (a command line's undecodable bytes): not encodable
_ASTRAL = 0x10000


def normalize(text: str) -> str:
    """NFKC, lower-case, control characters to spaces, traditional to simplified characters.

    >>> normalize("重慶 ＰＭ２．５ １９９８年")
    '重庆 pm2.5 1998年'
    >>> normalize("三\\x00江")
    '三 江'
    """
    return normalized(text)[0]


def normalized(text: str) -> tuple[str, bool]:
    """`normalize(text)`, and whether it mapped the text character for character — then every
    prefix of the text normalises to the same prefix of the result (a body's opening, say).

    >>> normalized("ＰＭ２．５"), normalized("重慶")
    (('pm2.5', True), ('重庆', False))
    """
    if not text:
        return "", True
    if _to_map().search(text) is None and unicodedata.is_normalized("NFKC", text):
        # Nothing for the table or OpenCC (most titles and queries): lower-casing is all there is.
        lowered = text.lower()
        return lowered, len(lowered) == len(text) and _SIGMA not in text
    return _table_normalized(text)


def _table_normalized(text: str) -> tuple[str, bool]:
    """`normalized` through the table (numpy), NFKC and OpenCC: for text holding what they change."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mapped = _TABLE.take(codes, mode="clip")
    astral = mapped == _ASTRAL
    if np.count_nonzero(astral):  # (cheaper than .any() on short arrays)
        mapped[astral] = codes[astral]
    text = mapped.tobytes().decode("utf-32-le", "surrogatepass")
    nfkc = unicodedata.is_normalized("NFKC", text)
    if not nfkc:
        text = unicodedata.normalize("NFKC", text)
    lowered = text.lower()
    if lowered.isascii():
        return lowered, nfkc
    # Lower-casing maps character by character but for a few that grow and a final sigma.
    aligned = nfkc and len(lowered) == len(text) and _SIGMA not in text
    # The usual case: NFKC changed nothing, so the characters are `mapped`'s, lower-cased.
    traditional = (np.count_nonzero(_traditional_lowered().take(mapped, mode="clip")) > 0 if nfkc
                   else _has_traditional(lowered))
    if not traditional:
        return lowered, aligned
    try:
        return _converter().convert(lowered), False
    except UnicodeEncodeError:  # lone surrogates (e.g. from a command line's undecodable bytes)
        return _converter().convert(lowered.encode("utf-8", "replace").decode("utf-8")), False


_SIGMA = "\u03a3"


def _has_traditional(text: str) -> bool:
    """Whether OpenCC could change the text: a character it converts on its own, or any astral one.

    OpenCC's phrases only ever change text holding such a character, so on the ~99% of
    simplified news that has none its ~0.2 µs a character is skipped.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.count_nonzero(_traditional().take(codes, mode="clip")) > 0


@lru_cache(maxsize=1)
def _traditional() -> np.ndarray:
    """Per BMP code point (and one more, True, for all astral ones): whether t2s converts it alone."""
    codes = np.arange(0x80, 0x10000)
    codes = codes[((codes < 0xD800) | (codes > 0xDFFF)) & (codes != 0x0A)]
    converted = _converter().convert("\n".join(map(chr, codes.tolist()))).split("\n")
    table = np.zeros(0x10001, dtype=bool)
    table[_ASTRAL] = True
    if len(converted) != len(codes):  # not one line per character: convert everything, as before
        table[:] = True
        return table
    table[[c for c, out in zip(codes.tolist(), converted) if out != chr(c)]] = True
    return table


@lru_cache(maxsize=1)
def _traditional_lowered() -> np.ndarray:
    """`_traditional` of each code point once lower-cased (`chr(c).lower()` may be longer: any of it)."""
    alone = _traditional()
    table = alone.copy()
    for c in np.flatnonzero(~alone).tolist():
        lowered = chr(c).lower()
        if lowered != chr(c):
            table[c] = bool(alone[[min(ord(x), _ASTRAL) for x in lowered]].any())
    return table


@lru_cache(maxsize=1)
def _to_map() -> re.Pattern:
    """Any character `normalized` maps by its table or may hand to OpenCC (astral ones included).

    A regular expression scans a text in ~7 ns a character and stops at the first one found
    (in Chinese prose, the first full-width comma): below the numpy path's ~7 µs a call.
    """
    special = _traditional_lowered().copy()
    special[:_ASTRAL] |= _TABLE[:_ASTRAL] != np.arange(_ASTRAL)
    codes = np.flatnonzero(special[:_ASTRAL])
    breaks = np.flatnonzero(np.diff(codes) != 1)
    firsts, lasts = np.append(codes[:1], codes[breaks + 1]), np.append(codes[breaks], codes[-1:])
    firsts, lasts = np.append(firsts, _ASTRAL), np.append(lasts, 0x10FFFF)
    return re.compile("[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                                    for a, b in zip(firsts.tolist(), lasts.tolist())) + "]")


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
