"""CMS exports: one Article per JSONL line, tolerant of broken lines and loose field types."""

from __future__ import annotations

import json
import re

from corpus.files.meta import parse_iso_date
from corpus.model import KINDS, Article, Origin

_TEXT_FIELDS = ("title", "body", "subtitle", "kicker", "source")
# JSON may escape half of a UTF-16 pair ("\ud83d" alone): such a string can't be encoded as UTF-8
# for the index or a web page.
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_jsonl(text: str, source_key: str) -> tuple[list[Article], list[str]]:
    """Articles from the good lines and one warning per bad line (with its line number)."""
    articles: list[Article] = []
    warnings: list[str] = []
    offset = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"line {line_no}: not valid JSON ({exc.msg})")
            continue
        found: list[bool] = []
        record = _without_surrogates(record, found)
        if found:
            warnings.append(f"line {line_no}: broken characters (lone UTF-16 surrogates) replaced with U+FFFD")
        problem = _problem(record)
        if problem:
            warnings.append(f"line {line_no}: {problem}")
            continue
        article = Article.from_dict(_normalise(record, warnings, line_no))
        page = article.origin.page if type(article.origin.page) is int else None
        article.origin = Origin(path=source_key, page=page, start=start, end=start + len(line))
        articles.append(article)
    return articles, warnings


def _without_surrogates(value, found: list[bool]):
    """The decoded JSON value with lone surrogates replaced; `found` gets an entry if there were any."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            found.append(True)
            return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, list):
        return [_without_surrogates(v, found) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k, found): _without_surrogates(v, found) for k, v in value.items()}
    return value


def _problem(record: object) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if not any(isinstance(record.get(k), str) and record[k].strip() for k in ("title", "body")):
        return "neither title nor body"
    return None


def _normalise(record: dict, warnings: list[str], line_no: int) -> dict:
    """Coerce export quirks into the Article shape; unknown fields are dropped by from_dict."""
    data = dict(record)
    for key in _TEXT_FIELDS:
        value = data.get(key)
        data[key] = "" if value is None else str(value).strip()
    data["source"] = data["source"] or None
    data["id"] = str(data["id"]) if data.get("id") not in (None, "") else ""
    data["reporters"] = _reporters(data.get("reporters"))
    districts = data.get("districts")
    data["districts"] = [districts] if isinstance(districts, str) else [
        str(d) for d in districts or [] if d]
    if data.get("date") is not None:
        day = parse_iso_date(str(data["date"])[:10])
        if day is None:
            warnings.append(f"line {line_no}: bad date {data['date']!r} ignored")
        data["date"] = day.isoformat() if day else None
    if data.get("date") is None:
        data["date_source"] = None
    if data.get("kind") not in KINDS:
        data["kind"] = "article"
    data["continuation"] = bool(data.get("continuation"))
    if not isinstance(data.get("origin"), dict):
        data["origin"] = {}
    data["origin"] = {"path": "", "page": data["origin"].get("page")}
    return data


def _reporters(value: object) -> list[dict]:
    """Reporters may be printed names or {name, role} objects; keep only the two fields."""
    if isinstance(value, (str, dict)):
        value = [value]
    result = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str) and item.strip():
            result.append({"name": item.strip()})
        elif isinstance(item, dict) and str(item.get("name") or "").strip():
            entry = {"name": str(item["name"]).strip()}
            if item.get("role"):
                entry["role"] = str(item["role"]).strip()
            result.append(entry)
    return result
