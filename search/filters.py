"""Filter values as users type them → the values the index holds (aliases, typos, pinyin)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from corpus.extract.gazetteer import lookup
from search.engine.base import Engine
from search.request import SearchRequest

ENTITY_FACETS = ("reporter", "district", "source")
LABELS = {"reporter": "记者", "district": "区县", "source": "来源"}


@dataclass
class Resolution:
    """The request with canonical filter values, and what was changed or not found."""

    request: SearchRequest
    resolved: dict[str, dict] = field(default_factory=dict)
    unknown: dict[str, dict] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    fixes: list[dict] = field(default_factory=list)  # for each unknown value, close matches to swap in


def resolve_filters(engine: Engine, req: SearchRequest) -> Resolution:
    """Replace unknown reporter/district/source values by their best entity match, and say so."""
    filters = {k: list(v) for k, v in req.filters.items()}
    out = Resolution(request=replace(req, filters=filters))
    for facet in ENTITY_FACETS:
        values = []
        for value in filters.get(facet, []):
            canonical, how = explain_value(engine, facet, value)
            if canonical and canonical != value:
                message = correction_message(facet, value, canonical, how, "按「{to}」筛选")
                out.resolved.setdefault(facet, {"input": value, "value": canonical, "how": how, "message": message})
                out.notices.append(message)
            elif canonical is None:
                close = [m.name for m in engine.entities.close_matches(facet, value)]
                out.unknown.setdefault(facet, {"input": value, "suggestions": close})
                hint = f"，您是否要找：{'、'.join(close)}" if close else ""
                out.notices.append(f"没有找到{LABELS[facet]}“{value}”{hint}")
                canonical = value
            values.append(canonical)
        if values:
            filters[facet] = list(dict.fromkeys(values))
    out.fixes = filter_fixes(req, out.unknown)
    return out


def canonical_value(engine: Engine, facet: str, value: str) -> str | None:
    """The value as the index files it: as typed when it is known, via the gazetteer, or the closest entity."""
    return explain_value(engine, facet, value)[0]


def explain_value(engine: Engine, facet: str, value: str) -> tuple[str | None, str]:
    """(the value as the index files it or None, how it was found: exact, alias, pinyin, fuzzy …)."""
    if engine.has_value(facet, value):
        return value, "exact"
    if facet == "district":
        district = lookup(value)
        if district:
            return district.name, "alias"
    match = engine.entities.resolve(facet, value)
    return (match.name, match.how) if match else (None, "unknown")


def correction_message(facet: str, typed: str, canonical: str, how: str, then: str = "显示「{to}」") -> str:
    """What a page says when it shows another name than the one typed, in words that fit how it was found.

    >>> correction_message("reporter", "余振芳", "佘振芳", "fuzzy")
    '未找到记者「余振芳」，显示「佘振芳」'
    >>> correction_message("district", "江津", "江津区", "alias", "按「{to}」筛选")
    '区县「江津」即「江津区」，按「江津区」筛选'
    """
    label, rest = LABELS.get(facet, facet), then.format(to=canonical)
    if how in ("exact", "alias"):
        return f"{label}「{typed}」即「{canonical}」，{rest}"
    if how in ("pinyin", "initials"):
        return f"拼音「{typed}」识别为{label}「{canonical}」，{rest}"
    return f"未找到{label}「{typed}」，{rest}"


def filter_fixes(req: SearchRequest, unknown: dict) -> list[dict]:
    """For each unknown filter value, its close matches and the filter values with one swapped in."""
    fixes = []
    for field, info in unknown.items():
        values = req.filters.get(field, [])
        for name in info["suggestions"]:
            swapped = [name if v == info["input"] else v for v in values]
            fixes.append({"field": field, "input": info["input"], "name": name,
                          "values": list(dict.fromkeys(swapped))})
    return fixes
