"""The entity lexicon: reporters, districts, sources and frequent names, built at reindex time.

It is stored as JSON next to the index. search/entities/fuzzy.py matches queries
against it (autocomplete, misspelt filters, corrections), and its `words()`
feed jieba's user dictionary so that names stay single tokens.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus.extract.gazetteer import DISTRICTS, lookup
from corpus.model import Article
from corpus.segmenter import stock

TYPES = ("reporter", "district", "source", "org", "place", "person")
# Types whose names are safe as jieba user words; jieba's own person/place guesses are too noisy.
DICTIONARY_TYPES = ("reporter", "district", "source", "org")

# jieba part-of-speech flag → entity type (nrfg/nrt are jieba's foreign/transliterated names).
TEXT_FLAGS = {"nt": "org", "ns": "place", "nr": "person", "nrfg": "person", "nrt": "person"}
TAG_CHARS = 150  # POS tagging is slow: tag the title and this much of the body only
MIN_ARTICLES = 2  # a name jieba saw in one article only is more often a mis-tag than a name
MAX_TEXT_NAMES = 5000
# Tagging costs ~0.15 ms an article (the title and opening only): on a large corpus tag an even
# sample of this many articles and scale the counts (frequent names are what matter).
TAG_SAMPLE = 10_000
FILENAME = "lexicon.json"  # its name inside an index directory
FORMAT = "yuwen-lexicon"
VERSION = 1

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class Entity:
    """A named thing users search for, with the other spellings that mean it."""

    type: str  # "reporter" | "district" | "source" | "org" | "place" | "person"
    name: str  # canonical spelling
    aliases: tuple[str, ...] = ()
    count: int = 0  # number of articles

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name followed by its aliases."""
        return (self.name, *self.aliases)


@dataclass
class Lexicon:
    """All entities of one index, loadable by the search side."""

    entities: list[Entity] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def of_type(self, type_: str) -> list[Entity]:
        """Entities of one type, most articles first."""
        return sorted((e for e in self.entities if e.type == type_), key=lambda e: -e.count)

    def get(self, type_: str, name: str) -> Entity | None:
        """The entity of this type with this canonical name, or None."""
        return next((e for e in self.entities if e.type == type_ and e.name == name), None)

    def words(self) -> list[str]:
        """Names and aliases for a jieba user dictionary (reporters, districts, sources, orgs)."""
        words = {s for e in self.entities if e.type in DICTIONARY_TYPES for s in e.spellings}
        return sorted(w for w in words if len(w) >= 2)

    def save(self, path: str | os.PathLike) -> None:
        """Write the lexicon as UTF-8 JSON, atomically (readers never see half a file)."""
        path = Path(path)
        data = {"format": FORMAT, "version": VERSION, "entities": [_entity_json(e) for e in self.entities]}
        # Not mkstemp: its files are 0600, and a server running as another user than the build could
        # not read the lexicon. Created exclusively with 0666, the umask decides, as for every index file.
        tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=0)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Lexicon":
        """Read a lexicon written by `save`."""
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} file")
        return cls([_entity_from_json(d) for d in data["entities"]])


def _entity_json(entity: Entity) -> dict:
    data = asdict(entity)
    data["aliases"] = list(entity.aliases)
    return data


def _entity_from_json(data: dict) -> Entity:
    return Entity(
        type=data["type"],
        name=data["name"],
        aliases=tuple(data.get("aliases") or ()),
        count=int(data.get("count") or 0),
    )


class LexiconBuilder:
    """Accumulates entity counts article by article during a reindex; `build()` makes the Lexicon."""

    def __init__(
        self,
        tag_text: bool = True,
        min_articles: int = MIN_ARTICLES,
        max_text_names: int = MAX_TEXT_NAMES,
        expected: int = 0,
    ) -> None:
        """:param tag_text: find org/place/person names in the text with jieba (slow-ish).
        :param expected: articles that will be added; above TAG_SAMPLE only a sample is tagged."""
        self.tag_text = tag_text
        self.stride = max(1, expected // TAG_SAMPLE)
        self.min_articles = min_articles
        self.max_text_names = max_text_names
        self.reporters: Counter[str] = Counter()
        self.districts: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()
        self.text_names: Counter[tuple[str, str]] = Counter()  # (type, name) → articles
        self.articles = 0

    def add(self, article: Article) -> None:
        """Count the article's reporters, districts, source and (optionally) names in its text."""
        self.articles += 1
        self.reporters.update({r.name.strip() for r in article.reporters if r.name.strip()})
        self.districts.update(_district_names(article.districts))
        if article.source and article.source.strip():
            self.sources[article.source.strip()] += 1
        if self.tag_text and self.articles % self.stride == 0:
            self.text_names.update(dict.fromkeys(tagged_names(article), self.stride))
            self._prune()

    def add_all(self, articles: Iterable[Article]) -> "LexiconBuilder":
        """Add every article; returns self for chaining."""
        for article in articles:
            self.add(article)
        return self

    @classmethod
    def merged(cls, builders: list["LexiconBuilder"]) -> "LexiconBuilder":
        """One builder holding the counts of several (the parts of a parallel build)."""
        total = cls()
        total.stride = max((b.stride for b in builders), default=1)  # the same in every part
        for b in builders:
            total.articles += b.articles
            total.reporters.update(b.reporters)
            total.districts.update(b.districts)
            total.sources.update(b.sources)
            total.text_names.update(b.text_names)
        return total

    def subtract(self, article: Article) -> None:
        """Take an article's reporters, districts and source out of the counts (it was deleted).

        Names found in the text are a sample's estimate and stay as they are.
        """
        self.articles -= 1
        self.reporters.subtract({r.name.strip() for r in article.reporters if r.name.strip()})
        self.districts.subtract(_district_names(article.districts))
        if article.source and article.source.strip():
            self.sources[article.source.strip()] -= 1
        for counter in (self.reporters, self.districts, self.sources):
            for name in [n for n, c in counter.items() if c <= 0]:
                del counter[name]

    def to_json(self) -> dict:
        """The counts, so that an incremental reindex can carry them on."""
        return {"stride": self.stride, "articles": self.articles, "reporters": dict(self.reporters),
                "districts": dict(self.districts), "sources": dict(self.sources),
                "text_names": [[t, n, c] for (t, n), c in self.text_names.items()]}

    @classmethod
    def from_json(cls, data: dict) -> "LexiconBuilder":
        """The builder `to_json` saved."""
        out = cls()
        out.stride, out.articles = int(data.get("stride", 1)), int(data.get("articles", 0))
        out.reporters, out.districts = Counter(data.get("reporters", {})), Counter(data.get("districts", {}))
        out.sources = Counter(data.get("sources", {}))
        out.text_names = Counter({(t, n): c for t, n, c in data.get("text_names", [])})
        return out

    def build(self) -> Lexicon:
        """The lexicon: every gazetteer district, then reporters, sources and frequent text names."""
        entities = [
            Entity("district", d.name, _district_aliases(d), self.districts[d.name]) for d in DISTRICTS
        ]
        entities += [Entity("reporter", n, (), c) for n, c in _by_count(self.reporters)]
        entities += [Entity("source", n, (), c) for n, c in _by_count(self.sources)]
        entities += self._text_entities(taken=_spellings(entities))
        return Lexicon(entities)

    def _text_entities(self, taken: set[str]) -> list[Entity]:
        """Names from the text seen in enough articles, minus those already known another way."""
        ranked = sorted(self.text_names.items(), key=lambda item: (-item[1], item[0]))
        kept: dict[str, Entity] = {}  # name → entity: a name tagged two ways keeps its commoner type
        for (type_, name), count in ranked:
            if count >= self.min_articles * self.stride and name not in taken and name not in kept:
                kept[name] = Entity(type_, name, (), count)
        return list(kept.values())[: self.max_text_names]

    def _prune(self) -> None:
        # Keep memory bounded on big corpora: forget one-off names once the table is
        # far larger than the lexicon can use (an approximate, lossy count).
        if len(self.text_names) > 50 * self.max_text_names:
            self.text_names = Counter({k: c for k, c in self.text_names.items() if c > 1})


def tagged_names(article: Article) -> set[tuple[str, str]]:
    """(type, name) pairs jieba tags as org/place/person in the title and opening of the body."""
    text = f"{article.title}\n{article.body[:TAG_CHARS]}"
    names = set()
    # jieba's stock dictionary, not the analyzer's: that one holds lexicon words without tags,
    # and tagged "x" they would drop out of the next lexicon.
    for word, flag in stock().tag(text):
        type_ = TEXT_FLAGS.get(flag)
        name = word.strip()
        if type_ and len(name) >= 2 and _CJK.search(name):
            names.add((type_, name))
    return names


def _district_names(names: Iterable[str]) -> set[str]:
    """Official names of the districts an article is tagged with (aliases mapped, unknowns dropped)."""
    found = (lookup(n) for n in names if n)
    return {d.name for d in found if d is not None}


def _district_aliases(district) -> tuple[str, ...]:
    """Short name and aliases, without repeating the official name."""
    seen = [district.short, *district.aliases]
    return tuple(dict.fromkeys(s for s in seen if s and s != district.name))


def _by_count(counter: Counter[str]) -> list[tuple[str, int]]:
    """Most articles first, then by name, so the file is stable between reindexes."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _spellings(entities: Iterable[Entity]) -> set[str]:
    return {s for e in entities for s in e.spellings}
