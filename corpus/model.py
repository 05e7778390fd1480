"""The Article record every layer passes around (see DESIGN.md, "The Article record")."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

KINDS = ("article", "photo", "brief")
DATE_SOURCES = ("dateline", "issue", "inferred")


@dataclass
class Reporter:
    """A credited person and the role printed beside the name (记者, 实习生, 摄影 …)."""

    name: str
    role: str = "记者"


@dataclass
class Origin:
    """Where an article came from: file (its source key) and character offsets in the decoded file."""

    path: str
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
    url: str | None = None  # the original online item
    page: str | None = None  # the printed page (版) as printed: "3", "A03"
    section: str | None = None  # page or column name (版名/栏目): 要闻, 区县新闻
    order: int | None = None  # 1-based reading order of the item in its page or file
    extra: dict = field(default_factory=dict)  # a record's other fields, verbatim (JSON-safe)
    aliases: list[str] = field(default_factory=list)  # earlier ids of this article (old permalinks)
    origin: Origin = field(default_factory=lambda: Origin(path=""))

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (the `manage.py parse` and API shape).

        Written out rather than `dataclasses.asdict`, whose deep copies cost more than
        the rest of indexing an article's stored record.
        """
        return {k: _plain(v) for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        """Rebuild an Article from `to_dict` output, an older stored shape, or a CMS export line."""
        data = dict(data)
        data["reporters"] = [
            Reporter(**{k: v for k, v in r.items() if k in ("name", "role")}) if isinstance(r, dict)
            else Reporter(name=str(r))
            for r in data.get("reporters") or []
        ]
        origin = data.get("origin") or {}
        if isinstance(origin, dict):
            # Older records kept the printed page in origin.page (an int).
            if data.get("page") is None and origin.get("page") is not None:
                data["page"] = str(origin["page"])
            data["origin"] = Origin(path=str(origin.get("path") or ""), start=origin.get("start"),
                                    end=origin.get("end"))
        else:
            data["origin"] = Origin(path=str(origin))
        data["extra"] = data.get("extra") if isinstance(data.get("extra"), dict) else {}
        data["aliases"] = [str(a) for a in data.get("aliases") or [] if a]
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


def json_safe(value: object) -> object:
    """The value if JSON can carry it unchanged, else its JSON-compatible form (str as a last resort)."""
    try:
        return json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError):
        return str(value)


def article_id(source_key: str, content: str) -> str:
    """The content-hash id earlier versions gave; kept only to fill `aliases` (old permalinks)."""
    digest = hashlib.blake2b(f"{source_key}\x00{content}".encode("utf-8"), digest_size=8)
    return digest.hexdigest()
