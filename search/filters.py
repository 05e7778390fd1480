"""Filter values as users type them → the values the index holds (aliases, typos, pinyin)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from corpus.extract.gazetteer import lookup
from search.engine import LoadedIndex
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


def resolve_filters(index: LoadedIndex, req: SearchRequest) -> Resolution:
    """Replace unknown reporter/district/source values by their best entity match, and say so."""
    filters = {k: list(v) for k, v in req.filters.items()}
    out = Resolution(request=replace(req, filters=filters))
    for facet in ENTITY_FACETS:
        known = set(index.facets.dv.multi[facet].vocab if facet in index.facets.dv.multi
                    else index.facets.dv.single[facet][1])
        values = []
        for value in filters.get(facet, []):
            canonical = canonical_value(index, facet, value, known)
            if canonical and canonical != value:
                out.resolved.setdefault(facet, {"input": value, "value": canonical})
                out.notices.append(f"{LABELS[facet]}“{value}”按“{canonical}”筛选")
            elif canonical is None:
                close = [m.name for m in index.entities.close_matches(facet, value)]
                out.unknown.setdefault(facet, {"input": value, "suggestions": close})
                hint = f"，您是否要找：{'、'.join(close)}" if close else ""
                out.notices.append(f"没有找到{LABELS[facet]}“{value}”{hint}")
                canonical = value
            values.append(canonical)
        if values:
            filters[facet] = list(dict.fromkeys(values))
    return out


def canonical_value(index: LoadedIndex, facet: str, value: str, known: set[str]) -> str | None:
    """The value as the index files it: as typed when `known`, via the gazetteer, or the closest entity."""
    if value in known:
        return value
    if facet == "district":
        district = lookup(value)
        if district:
            return district.name
    match = index.entities.resolve(facet, value)
    return match.name if match else None


def filter_fixes(req: SearchRequest, unknown: dict) -> list[dict]:
    """For each unknown filter value, links that swap it for a close match."""
    fixes = []
    for field, info in unknown.items():
        values = req.filters.get(field, [])
        for name in info["suggestions"]:
            swapped = [name if v == info["input"] else v for v in values]
            fixes.append({"field": field, "input": info["input"], "name": name,
                          "url": req.url(**{field: list(dict.fromkeys(swapped))})})
    return fixes
