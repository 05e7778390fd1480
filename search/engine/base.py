"""The engine interface: everything above it (run_search, the page data, web/) goes through it.

An engine holds a whole archive and answers `retrieve` — the matches of a
parsed query under filters and a date range, one page of them in order, the
total, facet buckets and month counts — plus the few other things pages need
(an article by id, related articles, facet values, statistics, a health
check). The query language, snippets, entity offers, corrections and URLs
live above it, so another engine (a sharded one, say) can stand in its place
by implementing these methods; see the README, "Another engine".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

from search.engine.budget import Deadline
from search.query import ParsedQuery

FACETS = ("reporter", "district", "source", "kind", "year", "month")
BROWSE_FACETS = ("page", "section")  # the printed page (版) and its name: filters and counts for browsing
SORTS = ("relevance", "newest", "oldest", "print")  # print: oldest day first, then page (版), then reading order


@dataclass
class Retrieval:
    """What to retrieve: matches of `query` (None: every live article) within filters and dates, one page."""

    query: ParsedQuery | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet → values: OR within, AND across
    day_from: int | None = None  # inclusive bounds, days since 1970-01-01
    day_to: int | None = None
    sort: str = "relevance"
    offset: int = 0
    size: int = 10
    after: str | None = None  # a cursor from an earlier page; replaces `offset`
    facets: tuple[str, ...] = FACETS  # facets to count, each with the *other* facets' filters applied
    facet_limit: int | None = 30  # buckets per facet, most frequent first; None: every value
    timeline: bool = True  # count matches per month
    days: bool = False  # count matches per day (calendars)
    spans: tuple[str, ...] = ()  # facets whose every value gets its count and first and last dated match


@dataclass
class Bucket:
    """One facet value and how many matches carry it."""

    value: str
    count: int


@dataclass
class Span:
    """One facet value: how many matches carry it, and the days of the earliest and latest dated one."""

    value: str
    count: int
    first_day: int | None
    last_day: int | None


@dataclass
class Hit:
    """One retrieved article: its stored record, score and the cursor that continues after it."""

    record: dict
    score: float
    cursor: str


@dataclass
class Retrieved:
    """The answer to a Retrieval.

    When the time budget cut the search short, `complete` is False and the
    total, facets and months count only what was found in time; when a part
    of the archive did not answer at all, `partial` says which.
    """

    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[Bucket]] = field(default_factory=dict)
    months: dict[int, int] = field(default_factory=dict)  # year*12 + month-1 → matches
    days: dict[int, int] = field(default_factory=dict)  # day (since 1970-01-01) → matches, when asked
    spans: dict[str, list[Span]] = field(default_factory=dict)  # facet → every value's span, when asked
    first_day: int | None = None  # earliest and latest dated match
    last_day: int | None = None
    complete: bool = True
    more: bool = False  # matches remain after this page
    # Parts of the archive that did not answer (a sharded engine), None when every part did:
    # {"missing": [{"shard", "articles", "from", "to", "reason"}, …], "shards": n, "articles_missing": n}
    partial: dict | None = None


@dataclass
class Streamed:
    """A whole result set: how many, whether matching finished in time, and the records, read lazily.

    Iterating yields every record in order; the engine reads them in batches,
    so memory stays bounded however many there are.
    """

    total: int
    complete: bool
    records: Iterator[dict]

    def __iter__(self) -> Iterator[dict]:
        return self.records


class Engine(ABC):
    """An archive that answers searches; the Whoosh engine and the sharded engine implement it."""

    @property
    @abstractmethod
    def version(self) -> str:
        """An identifier that changes whenever the archive's content does (for caches and ETags)."""

    @property
    @abstractmethod
    def doc_count(self) -> int:
        """Live articles."""

    @abstractmethod
    def retrieve(self, r: Retrieval, deadline: Deadline) -> Retrieved:
        """Matches, one page of them, total, facet buckets and month counts."""

    @abstractmethod
    def stream(self, r: Retrieval, deadline: Deadline) -> Streamed:
        """Every match's stored record in the retrieval's order (offset and size ignored, `after` honoured).

        Matching draws on `deadline`; reading the records does not (an export may take minutes),
        and keeps working when a reindex replaces the archive meanwhile.
        """

    @abstractmethod
    def record(self, article_id: str) -> dict | None:
        """The stored article with this id (or with this id among its aliases), or None."""

    @abstractmethod
    def related(self, record: dict, limit: int, deadline: Deadline) -> list[dict]:
        """Up to `limit` other articles most like this one, best first."""

    @abstractmethod
    def has_value(self, facet: str, value: str) -> bool:
        """Whether some article is filed under this value of a reporter, district or source facet."""

    @abstractmethod
    def document_frequency(self, text: str) -> int:
        """About how many articles contain this word (for choosing which words a query can drop)."""

    @property
    @abstractmethod
    def lexicon(self):
        """The entity lexicon (index.lexicon.Lexicon) built with the index."""

    @property
    @abstractmethod
    def entities(self):
        """Fuzzy entity matching over the lexicon (search.entities.fuzzy.EntityMatcher)."""

    @abstractmethod
    def stats(self) -> dict:
        """Size, counts and build time of the archive."""

    @abstractmethod
    def check(self) -> None:
        """Read a posting list and a stored article; raise IndexMissing if the archive is damaged."""
