"""One export record (a JSON object) → an Article: loose field types coerced, nothing dropped.

Fields the schema names are coerced into shape (`authors` is read like
`reporters`); every other field is kept verbatim in `extra`, so the API can
return it. Where a record lacks reporters, districts or a date, the same
extraction as on a printed page runs on its text: the dateline and credits
in the body name the reporters, the text the districts, the dateline the date.
"""

from __future__ import annotations

from corpus.extract.facts import text_facts
from corpus.files.meta import page_label, parse_iso_date
from corpus.ids import given_id, record_id
from corpus.model import DATE_SOURCES, KINDS, Article, json_safe

_TEXT_FIELDS = ("title", "body", "subtitle", "kicker", "source", "section")
_NAMED = {"id", "title", "body", "subtitle", "kicker", "date", "date_source", "reporters", "authors",
          "districts", "source", "kind", "continuation", "url", "page", "section", "order", "origin",
          "aliases", "extra"}


def record_article(record: dict, source_key: str, line_no: int,
                   warnings: list[str]) -> tuple[Article, str | None]:
    """The Article of one record and the id the record gave itself (None when it had none)."""
    own = given_id(record.get("id"))
    data = {key: _text(record.get(key)) for key in _TEXT_FIELDS}
    article = Article(id=record_id(record.get("id"), source_key, line_no), **{
        k: v for k, v in data.items() if k not in ("source", "section")})
    article.source = data["source"] or None
    article.section = data["section"] or None
    article.kind = record.get("kind") if record.get("kind") in KINDS else "article"
    article.continuation = bool(record.get("continuation"))
    article.url = _text(record.get("url")) or None
    page = record.get("page")
    if page is None and isinstance(record.get("origin"), dict):
        page = record["origin"].get("page")  # the shape earlier versions exported
    article.page = page_label(page) or _text(page) or None
    order = record.get("order")
    article.order = order if isinstance(order, int) and not isinstance(order, bool) and order > 0 else None
    article.aliases = [str(a) for a in record.get("aliases") or [] if isinstance(a, (str, int)) and a != ""] \
        if isinstance(record.get("aliases"), list) else []
    article.extra = _extra(record)
    reporters = reporters_of(record.get("reporters")) + reporters_of(record.get("authors"))
    article.reporters = _unique(reporters)
    _date(article, record, warnings, line_no)
    districts = record.get("districts")
    article.districts = [districts.strip()] if isinstance(districts, str) and districts.strip() else [
        str(d).strip() for d in districts if d and str(d).strip()] if isinstance(districts, list) else []
    _fill_from_text(article, record)
    return article, own


def _text(value: object) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()


def _extra(record: dict) -> dict:
    """Fields the schema doesn't name, verbatim (JSON-safe), plus any `extra` object the record had."""
    extra = dict(record["extra"]) if isinstance(record.get("extra"), dict) else {}
    extra.update({str(k): json_safe(v) for k, v in record.items() if k not in _NAMED})
    return extra


def reporters_of(value: object) -> list[dict]:
    """Reporters may be printed names (`"佘振芳"`, `"王尊、陈军"`) or {name, role} objects."""
    if isinstance(value, (str, dict)):
        value = [value]
    result = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            result += [{"name": n, "role": "记者"} for n in _split_names(item)]
        elif isinstance(item, dict) and _text(item.get("name")):
            result.append({"name": _text(item["name"]), "role": _text(item.get("role")) or "记者"})
    return result


def _split_names(text: str) -> list[str]:
    """`王尊、陈军` / `王尊 陈军` / `王尊/陈军` → two names."""
    for sep in ("、", "，", ",", "/", "；", ";"):
        text = text.replace(sep, " ")
    return [name for name in text.split() if name]


def _unique(reporters: list[dict]):
    from corpus.model import Reporter

    seen, result = set(), []
    for r in reporters:
        if r["name"] not in seen:
            seen.add(r["name"])
            result.append(Reporter(r["name"], r["role"]))
    return result


def _date(article: Article, record: dict, warnings: list[str], line_no: int) -> None:
    value = record.get("date")
    if value is None or value == "":
        return
    day = parse_iso_date(str(value)[:10])
    if day is None:
        warnings.append(f"line {line_no}: bad date {value!r} ignored")
        return
    article.date = day.isoformat()
    source = record.get("date_source")
    article.date_source = source if source in DATE_SOURCES else None


def _fill_from_text(article: Article, record: dict) -> None:
    """Reporters, districts, date and source from the text, for the fields the record lacks."""
    want_reporters = not article.reporters and not record.get("reporters") and not record.get("authors")
    want_districts = record.get("districts") is None
    want_date = article.date is None
    if not (want_reporters or want_districts or want_date or not article.source):
        return
    facts = text_facts(article.body, article.title, districts=want_districts, dates=want_date)
    if want_reporters:
        article.reporters = facts.reporters
    if want_districts:
        article.districts = facts.districts
    if want_date and facts.date:
        article.date, article.date_source = facts.date, facts.date_source
    if not article.source:
        article.source = facts.source
