"""One score for how close a typed string is to an entity spelling, mixing characters, sound and shape.

The score is a weighted edit distance over characters: inserting or deleting
a character costs 1, replacing one costs 1 − char_similarity, and the total is
turned into 0–100 by dividing by the longer length. Character similarity is
the best of three readings of the pair:

- the same character: 1;
- the same sound (a shared toneless pinyin reading): 0.85, or 0.6 for sounds
  only Chongqing speech merges (n/l, in/ing …);
- the same look: up to 0.85, scaled from `char_shape_similarity`.

Why these weights: a replaced character must always cost something (at most
0.85), so a homophone or look-alike never ties with the exact name and exact
characters always rank first; sound and shape weigh the same because a
newsroom sees both mistakes equally (typing by pinyin gives homophones, OCR
and reading a scanned page give look-alikes); the dialect merge is weaker
because in Mandarin it is a real difference. Shape scores below 0.25 are
noise (the median random pair scores 0.19) and count as 0; from 0.25 to 0.75
they scale linearly, and 0.75 and above (余/佘 0.78) counts as fully alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from search.entities.shapes import char_shape_similarity
from search.entities.sounds import DIALECT_SOUND, char_sound_similarity

SOUND_WEIGHT = 0.85
DIALECT_WEIGHT = 0.6
SHAPE_WEIGHT = 0.85
SHAPE_FLOOR = 0.25  # shape similarity at or below this is what unrelated characters score
SHAPE_FULL = 0.75  # at or above this, characters are as alike as 余 and 佘


@dataclass(frozen=True)
class Similarity:
    """A 0–100 score, what made two strings alike, and how many differences sound doesn't explain."""

    score: float
    how: str  # "exact" | "sound" | "shape" | "fuzzy"
    edits: int = 0  # look-alike or unrelated replacements, insertions, deletions


def shape_weight(raw: float) -> float:
    """Map a raw character shape similarity to its weight in the string score.

    >>> shape_weight(0.19), shape_weight(0.5), shape_weight(0.78)
    (0.0, 0.425, 0.85)
    """
    scaled = (raw - SHAPE_FLOOR) / (SHAPE_FULL - SHAPE_FLOOR)
    return round(SHAPE_WEIGHT * min(1.0, max(0.0, scaled)), 6)


@lru_cache(maxsize=262144)
def char_similarity(a: str, b: str) -> tuple[float, str]:
    """How interchangeable two characters are (0–1) and why: "same", "sound", "shape" or "none".

    >>> char_similarity('江', '江'), char_similarity('旗', '綦'), char_similarity('余', '佘')
    ((1.0, 'same'), (0.85, 'sound'), (0.85, 'shape'))
    >>> char_similarity('江', '张')
    (0.0, 'none')
    """
    if a == b:
        return 1.0, "same"
    sound = char_sound_similarity(a, b)
    sound = SOUND_WEIGHT if sound == 1.0 else DIALECT_WEIGHT if sound == DIALECT_SOUND else 0.0
    shape = shape_weight(char_shape_similarity(a, b))
    if max(sound, shape) == 0.0:
        return 0.0, "none"
    return (sound, "sound") if sound >= shape else (shape, "shape")


def name_similarity(typed: str, spelling: str) -> Similarity:
    """0–100 closeness of a typed string to a spelling, and what made them alike.

    >>> name_similarity('佘振芳', '佘振芳')
    Similarity(score=100.0, how='exact', edits=0)
    >>> name_similarity('余振芳', '佘振芳')
    Similarity(score=95.0, how='shape', edits=1)
    >>> name_similarity('旗江', '綦江')
    Similarity(score=92.5, how='sound', edits=0)
    >>> name_similarity('张三丰', '佘振芳').score
    0.0
    """
    if typed == spelling:
        return Similarity(100.0, "exact")
    longest = max(len(typed), len(spelling))
    if not longest:
        return Similarity(0.0, "fuzzy")
    cost, kinds = _alignment(typed, spelling)
    score = round(100.0 * max(0.0, 1.0 - cost / longest), 1)
    return Similarity(score, _how(kinds), sum(k != "sound" for k in kinds))


def _alignment(a: str, b: str) -> tuple[float, list[str]]:
    """Weighted Levenshtein distance and the kinds of the replacements on the cheapest path."""
    rows, cols = len(a) + 1, len(b) + 1
    dist = [[0.0] * cols for _ in range(rows)]
    for i in range(rows):
        dist[i][0] = float(i)
    for j in range(cols):
        dist[0][j] = float(j)
    for i in range(1, rows):
        for j in range(1, cols):
            sub = 1.0 - char_similarity(a[i - 1], b[j - 1])[0]
            dist[i][j] = min(dist[i - 1][j] + 1.0, dist[i][j - 1] + 1.0, dist[i - 1][j - 1] + sub)
    return dist[-1][-1], _path_kinds(a, b, dist)


def _path_kinds(a: str, b: str, dist: list[list[float]]) -> list[str]:
    """Walk back along the cheapest path: "sound"/"shape"/"none" per replacement, "gap" per indel."""
    kinds, i, j = [], len(a), len(b)
    while i and j:
        sim, kind = char_similarity(a[i - 1], b[j - 1])
        if abs(dist[i][j] - (dist[i - 1][j - 1] + 1.0 - sim)) < 1e-9:
            if kind != "same":
                kinds.append(kind)
            i, j = i - 1, j - 1
        elif abs(dist[i][j] - (dist[i - 1][j] + 1.0)) < 1e-9:
            kinds.append("gap")
            i -= 1
        else:
            kinds.append("gap")
            j -= 1
    kinds += ["gap"] * (i + j)
    return kinds


def _how(kinds: list[str]) -> str:
    """Name the evidence: sound or shape when every difference is one, else fuzzy."""
    if not kinds:
        return "exact"
    if all(k == "sound" for k in kinds):
        return "sound"
    if all(k == "shape" for k in kinds):
        return "shape"
    return "fuzzy"


def pinyin_similarity(typed: str, key: str) -> float:
    """0–100 closeness of typed pinyin to a spelling's pinyin key (plain Indel ratio).

    >>> pinyin_similarity('jiangjing', 'jiangjin')
    94.1
    """
    return round(fuzz.ratio(typed, key, processor=None), 1)
