"""Fuzzy entity matching: autocomplete, misspelt filter values, entities in a query, corrections.

Users type names wrong in three ways: by sound (旗江 for 綦江, pinyin input
picks a homophone), by shape (余振芳 for 佘振芳, misreading a scan), or in
pinyin (jiangjin, spb). `EntityMatcher` precomputes every spelling's keys
once (search/entities/spellings.py) and scores candidates with
search/entities/similarity.py, so each call costs a few milliseconds.

Scores (0–100) and how they rank, best first:

| how | score | tier |
|---|---|---|
| exact (the name) / alias | 100 / 98 | 0 |
| pinyin (full pinyin = spelling's) / prefix (of a name or alias) / initials | 95 / 90 / 90 | 1 |
| pinyin prefix / initials prefix | 85 / 80 | 1 |
| sound / shape / fuzzy (string similarity, see similarity.py) | < 100 | 2 |

Results are ordered by tier, then score, then article count, so a homophone
or look-alike never outranks the characters the user actually typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from index.lexicon import TYPES, Entity
from index.normalize import normalize
from corpus.segmenter import WORDS, stock
from search.entities.similarity import Similarity, name_similarity, pinyin_similarity
from search.entities.sounds import full_pinyin, has_cjk, is_pinyin_query, pinyin_key, syllables
from search.entities.shapes import shape_key
from search.entities.spellings import Spelling, SpellingIndex, make_spelling, normalize_spelling

TIERS = {"exact": 0, "alias": 0, "pinyin": 1, "prefix": 1, "initials": 1, "sound": 2, "shape": 2, "fuzzy": 2}
EXACT, ALIAS, PINYIN, PREFIX, INITIALS, PINYIN_PREFIX, INITIALS_PREFIX = 100, 98, 95, 90, 90, 85, 80

PINYIN_FUZZ = 0.95  # a pinyin typo ranks below the exact pinyin (95)
PREFIX_FUZZ = 0.95  # a near-miss of a name's start ranks below a near-miss of the whole name
CANDIDATES = 40  # spellings each pre-filter column hands to the exact scorer
PREFILTER_CUTOFF = 30
MAX_NAME_LENGTH = 24  # longer strings are sentences, not names: no recognition or fuzzy scoring
PERSON_TYPES = ("reporter", "person")
FILTER_FIELDS = ("reporter", "district", "source")
OPERATORS = ("OR", "AND", "NOT")
# `-reporter:"余振芳"` → head `-reporter:"`, core `余振芳`, tail `"`
_TOKEN = re.compile(r'(?P<head>[-"]*(?:(?P<field>[A-Za-z_]+):)?"?)(?P<core>.*?)(?P<tail>"*)')


@dataclass(frozen=True)
class _Mode:
    """How forgiving a fuzzy lookup is."""

    threshold: float  # least similarity score (similarity.py) of a Chinese match
    pinyin_threshold: float  # least Indel ratio of typed pinyin to a spelling's pinyin
    prefixes: bool  # also compare with the start of longer spellings (autocomplete)
    strict: bool  # allow few differences that sound doesn't explain (see `_allowed_edits`)


# 72 lets one look-alike or homophone through in a two-character name (江律 → 江津
# scores 77) but not one unrelated character (50); pinyin typos: jiangjing → jiangjin is 94.
# Resolving and correcting rewrite the user's words, so they are strict; lists only offer.
RESOLVE = _Mode(threshold=72, pinyin_threshold=85, prefixes=False, strict=True)
CORRECT = RESOLVE
SUGGEST = _Mode(threshold=60, pinyin_threshold=75, prefixes=True, strict=False)
CLOSE = _Mode(threshold=50, pinyin_threshold=70, prefixes=False, strict=False)


@dataclass
class Match:
    """An entity a query string matched, how well, and why."""

    type: str
    name: str
    count: int
    score: float  # 0–100
    how: str  # "exact" | "prefix" | "alias" | "pinyin" | "initials" | "sound" | "shape" | "fuzzy"
    matched: str  # the spelling that matched (an alias, a short name …)


class _Found:
    """The best match per entity so far, and the final ranking."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.best: dict[int, tuple[int, float, Spelling, str]] = {}

    def __len__(self) -> int:
        return len(self.best)

    def offer(self, spelling: Spelling, score: float, how: str) -> None:
        """Keep this match if it beats the entity's best one so far."""
        tier = TIERS[how]
        old = self.best.get(spelling.entity)
        if old is None or (tier, -score) < (old[0], -old[1]):
            self.best[spelling.entity] = (tier, score, spelling, how)

    def ranked(self, limit: int) -> list[Match]:
        """Best first: tier, then score, then article count (entity order is by count)."""
        order = sorted(self.best.items(), key=lambda item: (item[1][0], -round(item[1][1]), item[0]))
        return [self._match(entity, *rest) for entity, (_, *rest) in order[:limit]]

    def _match(self, entity: int, score: float, spelling: Spelling, how: str) -> Match:
        e = self.entities[entity]
        return Match(e.type, e.name, e.count, score, how, spelling.text)


class EntityMatcher:
    """Matches typed strings against a lexicon's entities by characters, pinyin, sound and shape."""

    def __init__(self, lexicon: Iterable[Entity]) -> None:
        """Precompute every spelling's keys (≈1 s per 50k entities); queries only look up."""
        self.entities = sorted(lexicon, key=lambda e: (-e.count, _type_rank(e.type), e.name))
        spellings = list(self._spellings())
        self._all = SpellingIndex(spellings)
        self._types = {
            t: SpellingIndex([s for s in spellings if self.entities[s.entity].type == t]) for t in TYPES
        }
        self._longest = min(MAX_NAME_LENGTH, max((len(s.text) for s in spellings), default=0))

    def _spellings(self) -> Iterator[Spelling]:
        for position, entity in enumerate(self.entities):
            person = entity.type in PERSON_TYPES
            seen = set()
            for i, text in enumerate(entity.spellings):
                text = normalize_spelling(text)
                if text and text not in seen:
                    seen.add(text)
                    yield make_spelling(text, position, canonical=i == 0, person=person)

    def _indexes(self, types: Iterable[str] | str | None) -> list[SpellingIndex]:
        if types is None:
            return [self._all]
        types = (types,) if isinstance(types, str) else types
        return [self._types[t] for t in dict.fromkeys(types) if t in self._types]

    def suggest(self, q: str, limit: int = 8, types: Iterable[str] | None = None) -> list[Match]:
        """Autocomplete: names and aliases starting with q, pinyin and initials prefixes, then fuzzy."""
        q = normalize_spelling(q)
        if not q or limit <= 0:
            return []
        found = _Found(self.entities)
        indexes = self._indexes(types)
        for index in indexes:
            self._exact(index, q, found)
            for position in index.prefixed("text", q, 3 * limit):
                found.offer(index.spellings[position], PREFIX, "prefix")
            if is_pinyin_query(q):
                self._pinyin(index, pinyin_key(q), found, prefixes=3 * limit)
        if len(found) < limit and len(q) >= 2:
            for index in indexes:
                self._near(index, q, found, SUGGEST)
        return found.ranked(limit)

    def resolve(self, type: str, value: str) -> Match | None:
        """The entity a filter value means: exact name or alias, pinyin, initials, else a close match."""
        q = normalize_spelling(value)
        index = self._types.get(type)
        if not q or index is None:
            return None
        found = _Found(self.entities)
        self._exact(index, q, found)
        if not found and is_pinyin_query(q):
            self._pinyin(index, pinyin_key(q), found, prefixes=0)
        if not found:
            self._near(index, q, found, RESOLVE)
        best = found.ranked(1)
        return best[0] if best else None

    def close_matches(self, type: str, value: str, limit: int = 5) -> list[Match]:
        """Candidates for "no such reporter; did you mean …", best first."""
        q = normalize_spelling(value)
        index = self._types.get(type)
        if not q or index is None:
            return []
        found = _Found(self.entities)
        self._exact(index, q, found)
        for position in index.prefixed("text", q, limit):
            found.offer(index.spellings[position], PREFIX, "prefix")
        if is_pinyin_query(q):
            self._pinyin(index, pinyin_key(q), found, prefixes=limit)
        self._near(index, q, found, CLOSE)
        return found.ranked(limit)

    def recognise(self, text: str) -> list[Match]:
        """Entities named exactly in a query text, longest first without overlaps, in text order."""
        text = normalize(text)
        spans = []  # (start, length, spelling positions)
        for start in range(len(text)):
            for length in range(min(self._longest, len(text) - start), 1, -1):
                positions = self._all.exact("text", text[start : start + length])
                if positions and _whole_word(text, start, length):
                    spans.append((start, length, positions))
        taken: set[int] = set()
        chosen = []
        for start, length, positions in sorted(spans, key=lambda s: (-s[1], s[0])):
            if taken.isdisjoint(range(start, start + length)):
                taken.update(range(start, start + length))
                chosen.append((start, self._recognised(positions)))
        return _unique([match for _, match in sorted(chosen, key=lambda c: c[0])])

    def _recognised(self, positions: list[int]) -> Match:
        """The entity a shared spelling most likely means: canonical, then type order, then count."""
        spellings = [self._all.spellings[p] for p in positions]
        best = min(
            spellings,
            key=lambda s: (not s.canonical, _type_rank(self.entities[s.entity].type), s.entity),
        )
        entity = self.entities[best.entity]
        score, how = _exact_score(best)
        return Match(entity.type, entity.name, entity.count, score, how, best.text)

    def correct(self, text: str) -> str | None:
        """The query with near-miss names replaced by the names (余振芳 能源 → 佘振芳 能源), or None."""
        tokens = text.split()
        corrected = [self._correct_token(token) for token in tokens]
        return " ".join(corrected) if corrected != tokens else None

    def _correct_token(self, token: str) -> str:
        parts = _TOKEN.fullmatch(token)
        if token in OPERATORS or parts is None or not parts["core"]:
            return token
        core, field = parts["core"], (parts["field"] or "").lower()
        if field in FILTER_FIELDS:
            match = self.resolve(field, core)
            fixed = match.name if match and match.how not in ("exact", "alias") else None
        else:
            fixed = self._near_miss(core) or self._near_miss_inside(core)
        return f"{parts['head']}{fixed}{parts['tail']}" if fixed else token

    def _near_miss(self, word: str) -> str | None:
        """The lexicon spelling a free-text word is a near miss of, or None."""
        q = normalize_spelling(word)
        if len(q) < 2 or self._all.exact("text", q) or _is_dictionary_word(q):
            return None
        if is_pinyin_query(q):
            # Only whole pinyin names: a fuzzy pinyin match would "correct" English words.
            positions = self._all.exact("pinyin", pinyin_key(q)) if len(q) >= 4 else []
            return self._all.spellings[positions[0]].text if positions else None
        found = _Found(self.entities)
        self._near(self._all, q, found, CORRECT)
        best = found.ranked(1)
        return best[0].matched if best else None

    def _near_miss_inside(self, word: str) -> str | None:
        """Correct names inside an unspaced Chinese token (余振芳能源), using jieba's segmentation."""
        if len(word) <= 4 or not has_cjk(word):
            return None
        pieces = WORDS.cut(normalize_spelling(word))
        fixed = [self._near_miss(p) or p if len(p) >= 2 else p for p in pieces]
        return "".join(fixed) if fixed != pieces else None

    def _exact(self, index: SpellingIndex, q: str, found: _Found) -> None:
        for position in index.exact("text", q):
            found.offer(index.spellings[position], *_exact_score(index.spellings[position]))

    def _pinyin(self, index: SpellingIndex, key: str, found: _Found, prefixes: int) -> None:
        """Full pinyin and initials, exact and (when `prefixes` > 0, up to that many) as prefixes."""
        for position in index.exact("pinyin", key):
            found.offer(index.spellings[position], PINYIN, "pinyin")
        if len(key) >= 2:
            for position in index.exact("initials", key):
                found.offer(index.spellings[position], INITIALS, "initials")
        if prefixes:
            for position in index.prefixed("pinyin", key, prefixes):
                found.offer(index.spellings[position], PINYIN_PREFIX, "pinyin")
            for position in index.prefixed("initials", key, prefixes) if len(key) >= 2 else ():
                found.offer(index.spellings[position], INITIALS_PREFIX, "initials")

    def _near(self, index: SpellingIndex, q: str, found: _Found, mode: _Mode) -> None:
        """Fuzzy matches: typed pinyin against pinyin keys, Chinese against spellings (similarity.py)."""
        if len(q) > MAX_NAME_LENGTH:
            return
        if is_pinyin_query(q):
            key = pinyin_key(q)
            for position in index.nearest("pinyin", key, CANDIDATES, mode.pinyin_threshold):
                spelling = index.spellings[position]
                score = round(PINYIN_FUZZ * pinyin_similarity(key, spelling.pinyin), 1)
                found.offer(spelling, score, "fuzzy")
            return
        for position in self._candidates(index, q, mode.prefixes):
            spelling = index.spellings[position]
            if _similarity_bound(q, spelling.text, mode.prefixes) < mode.threshold:
                continue  # lengths too far apart: no alignment could reach the threshold
            similarity = _best_similarity(q, spelling.text, mode.prefixes)
            if similarity.how == "exact" or similarity.score < mode.threshold:
                continue
            if not mode.strict or similarity.edits <= _allowed_edits(q):
                found.offer(spelling, similarity.score, similarity.how)

    def _candidates(self, index: SpellingIndex, q: str, prefixes: bool) -> set[int]:
        """Spellings worth scoring: close in characters, in pinyin or in four-corner shape digits."""
        key = full_pinyin(syllables(q))
        positions = set(index.nearest("text", q, CANDIDATES, PREFILTER_CUTOFF))
        positions.update(index.nearest("pinyin", key, CANDIDATES, PREFILTER_CUTOFF))
        positions.update(index.nearest("shape", shape_key(q), CANDIDATES, PREFILTER_CUTOFF))
        if prefixes:  # sound-alike starts: 旗江 → 綦江区
            positions.update(index.prefixed("pinyin", key, CANDIDATES))
        return positions


def _best_similarity(q: str, text: str, prefixes: bool) -> Similarity:
    """Similarity to the whole spelling or, for autocomplete, to its start (slightly discounted)."""
    whole = name_similarity(q, text)
    if not prefixes or len(text) <= len(q):
        return whole
    head = name_similarity(q, text[: len(q)])
    if head.how == "exact":  # a true prefix: already offered as one
        return whole
    discounted = round(PREFIX_FUZZ * head.score, 1)
    return Similarity(discounted, head.how, head.edits) if discounted > whole.score else whole


def _similarity_bound(q: str, text: str, prefixes: bool) -> float:
    """The most `_best_similarity` can score: every character beyond the shorter string costs a gap."""
    if prefixes and len(text) > len(q):
        return 100.0
    return 100.0 * (1.0 - abs(len(q) - len(text)) / max(len(q), len(text), 1))


def _exact_score(spelling: Spelling) -> tuple[int, str]:
    """An exact hit on the entity's own name, or on one of its aliases."""
    return (EXACT, "exact") if spelling.canonical else (ALIAS, "alias")


def _is_dictionary_word(word: str) -> bool:
    """True for ordinary words jieba knows (能源, 江河): a query word, not a misspelt name."""
    return stock().knows(word)


def _allowed_edits(q: str) -> int:
    """Differences sound doesn't explain that a rewrite tolerates: one, or one per four characters.

    Without this, a name with two same-radical characters swapped (丁渝伟 → 于渝倩)
    still scores high: shape similarity over-rates characters sharing a radical.
    """
    return max(1, len(q) // 4)


def _type_rank(type_: str) -> int:
    return TYPES.index(type_) if type_ in TYPES else len(TYPES)


def _whole_word(text: str, start: int, length: int) -> bool:
    """Latin spellings must not be cut out of a longer Latin word (cq inside cqnews)."""
    span = text[start : start + length]
    if has_cjk(span):
        return True
    before = text[start - 1 : start]
    after = text[start + length : start + length + 1]
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _unique(matches: list[Match]) -> list[Match]:
    """First match per entity."""
    seen: set[tuple[str, str]] = set()
    return [m for m in matches if (m.type, m.name) not in seen and not seen.add((m.type, m.name))]
