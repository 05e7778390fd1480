"""The Article record every layer passes around (see DESIGN.md, "The Article record")."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

KINDS = ("article", "photo", "brief")


@dataclass
class Reporter:
    """A credited person and the role printed beside the name (记者, 实习生, 摄影 …)."""

    name: str
    role: str = "记者"


@dataclass
class Origin:
    """Where an article came from: file, page, character offsets in the decoded file."""

    path: str
    page: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Article:
    """One article, caption or brief, as a reader of the page sees it."""

    id: str
    title: str = ""
    body: str = ""
    subtitle: str = ""
    kicker: str = ""
    date: str | None = None  # ISO yyyy-mm-dd
    date_source: str | None = None  # dateline | issue | inferred
    reporters: list[Reporter] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    source: str | None = None
    kind: str = "article"
    continuation: bool = False
    origin: Origin = field(default_factory=lambda: Origin(path=""))

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (the `manage.py parse` and API shape).

        Written out rather than `dataclasses.asdict`, whose deep copies cost more than
        the rest of indexing an article's stored record.
        """
        return {k: _plain(v) for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        """Rebuild an Article from `to_dict` output or a CMS export line."""
        data = dict(data)
        data["reporters"] = [
            Reporter(**r) if isinstance(r, dict) else Reporter(name=str(r))
            for r in data.get("reporters") or []
        ]
        origin = data.get("origin") or {}
        data["origin"] = (Origin(**{"path": "", **origin}) if isinstance(origin, dict)
                          else Origin(path=str(origin)))
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


def _plain(value):
    """A field value as plain JSON data: dataclasses as dicts, containers copied."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return {k: _plain(v) for k, v in vars(value).items()}  # Reporter, Origin


def article_id(source_key: str, content: str) -> str:
    """Stable id from the file's identity and the article's own text, never a counter.

    Hashing content (not position) keeps permalinks alive when a page is
    re-segmented and articles before this one gain or lose a paragraph.
    """
    digest = hashlib.blake2b(f"{source_key}\x00{content}".encode("utf-8"), digest_size=8)
    return digest.hexdigest()
