"""Every spelling of every entity with its precomputed keys, and the lookups a query needs.

Everything that depends only on the lexicon (normalised text, pinyin,
initials, shape digits, sorted arrays for prefix search) is computed once
here when the matcher is built; a query only looks things up.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from index.normalize import normalize
from search.entities.shapes import shape_key
from search.entities.sounds import full_pinyin, has_cjk, initials, syllables

_SPACE = re.compile(r"\s+")
_END = "\U0010ffff"  # sorts after every character: key ≤ x < key+_END ⇔ x starts with key


def normalize_spelling(text: str) -> str:
    """Spelling or query as compared: NFKC, lower case, simplified, no spaces inside Chinese.

    >>> normalize_spelling(' 江津 區 '), normalize_spelling('Jiang  Jin')
    ('江津区', 'jiang jin')
    """
    text = normalize(text).strip()
    return _SPACE.sub("", text) if has_cjk(text) else _SPACE.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Spelling:
    """One way of writing an entity, with the keys queries are compared against."""

    text: str  # normalised spelling: 江津
    entity: int  # position in the matcher's entity list (most articles first)
    canonical: bool  # the entity's own name rather than an alias
    pinyin: str  # jiangjin
    initials: str  # jj
    shape: str  # four-corner digits, five per character


def make_spelling(text: str, entity: int, canonical: bool, person: bool) -> Spelling:
    """Compute a spelling's keys (the only place pinyin and shapes of the lexicon are computed)."""
    items = syllables(text, person=person) if has_cjk(text) else text.split()
    return Spelling(text, entity, canonical, full_pinyin(items), initials(items), shape_key(text))


class SpellingIndex:
    """Spellings of some entities, searchable by exact key, key prefix and edit distance.

    Spellings must come ordered by their entity's article count, most first, so
    that "first found" means "most written about" wherever ties are broken.
    """

    FIELDS = ("text", "pinyin", "initials")

    def __init__(self, spellings: Sequence[Spelling]) -> None:
        self.spellings = list(spellings)
        self.texts = [s.text for s in self.spellings]
        self.pinyins = [s.pinyin for s in self.spellings]
        self.shapes = [s.shape for s in self.spellings]
        self._exact = {f: _group(getattr(s, f) for s in self.spellings) for f in self.FIELDS}
        self._sorted = {f: _sorted_keys(getattr(s, f) for s in self.spellings) for f in self.FIELDS}

    def __len__(self) -> int:
        return len(self.spellings)

    def exact(self, field: str, key: str) -> list[int]:
        """Positions of spellings whose `field` equals `key`."""
        return self._exact[field].get(key, []) if key else []

    def prefixed(self, field: str, key: str, limit: int) -> list[int]:
        """Positions of spellings whose `field` starts with `key`: the `limit` of most-cited entities."""
        if not key:
            return []
        keys, ids = self._sorted[field]
        lo, hi = bisect_left(keys, key), bisect_left(keys, key + _END)
        return heapq.nsmallest(limit, ids[lo:hi])  # lower position = more articles

    def nearest(self, column: str, key: str, limit: int, cutoff: float) -> list[int]:
        """Positions of the `limit` spellings closest to `key` in a column (rapidfuzz, Indel ratio)."""
        if not key or not self.spellings:
            return []
        choices = {"text": self.texts, "pinyin": self.pinyins, "shape": self.shapes}[column]
        found = process.extract(
            key, choices, scorer=fuzz.ratio, processor=None, limit=limit, score_cutoff=cutoff
        )
        return [position for _, _, position in found]


def _group(keys: Iterable[str]) -> dict[str, list[int]]:
    """key → positions holding it, in position order."""
    groups: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key:
            groups.setdefault(key, []).append(position)
    return groups


def _sorted_keys(keys: Iterable[str]) -> tuple[list[str], list[int]]:
    """Keys in sort order, with the position each came from, for prefix ranges by bisection."""
    pairs = sorted((key, position) for position, key in enumerate(keys) if key)
    return [k for k, _ in pairs], [p for _, p in pairs]
