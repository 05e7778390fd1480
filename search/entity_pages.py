"""Reporter and district pages: how much, when, what lately, and with whom.

The page is a newest-first search filtered to the entity (run_search), plus
co-occurring reporters and districts counted over doc values in one bincount.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import numpy as np

from index.docvalues import iso_day
from search.engine import LoadedIndex
from search.filters import LABELS, canonical_value
from search.request import SearchRequest
from search.run import SEARCH_SECONDS, run_search

ENTITY_TYPES = ("reporter", "district")
MAX_NAME_CHARS = 64  # longer "names" are not looked up (fuzzy matching costs grow with length)
RECENT = 10
PEERS = 12


def known_names(index: LoadedIndex, kind: str) -> list[str]:
    """Values of a reporter or district facet that the index holds."""
    return index.facets.dv.multi[kind].vocab


def canonical_name(index: LoadedIndex, kind: str, name: str) -> str | None:
    """The name the index files this entity under: as typed, via gazetteer or fuzzy match, or None."""
    if not 0 < len(name) <= MAX_NAME_CHARS:
        return None
    names = set(known_names(index, kind))
    found = canonical_value(index, kind, name, names)
    return found if found in names else None


def entity_page(index: LoadedIndex, kind: str, name: str, recent: int = RECENT,
                time_limit: float = SEARCH_SECONDS) -> dict | None:
    """Everything a reporter or district page shows, or None when no live article names it."""
    req = SearchRequest(filters={kind: [name]}, sort="newest", size=recent)
    data = run_search(index, req, time_limit=time_limit)
    if not data["total"]:
        return None
    mask = index.facets.mask(kind, [name]) & index.facets.dv.live
    days = index.facets.dv.day[mask]
    days = days[days >= 0]
    entity = index.lexicon.get(kind, name)
    return {
        "type": kind,
        "label": LABELS[kind],
        "name": name,
        "aliases": list(entity.aliases) if entity else [],
        "count": data["total"],
        "first_date": iso_day(days.min()) if len(days) else None,
        "last_date": iso_day(days.max()) if len(days) else None,
        "timeline": {"interval": data["timeline"]["interval"],
                     "buckets": [{**b, "url": "/search" + b["url"]} for b in data["timeline"]["buckets"]]},
        "recent": data["hits"],
        "cooccurring": {other: peers(index, mask, kind, name, other) for other in ENTITY_TYPES},
        "sources": [{"value": b["value"], "count": b["count"], "url": _search_url((kind, name), ("source", b["value"]))}
                    for b in data["facets"]["source"]],
        "links": entity_links(kind, name),
    }


def peers(index: LoadedIndex, mask: np.ndarray, kind: str, name: str, other: str,
          limit: int = PEERS) -> list[dict]:
    """Reporters or districts named in the same articles, most shared articles first."""
    buckets = index.facets.counts(other, mask, [])
    out = []
    for b in buckets:
        if other == kind and b.value == name:
            continue
        out.append({"type": other, "name": b.value, "count": b.count,
                    "url": f"/{other}/{quote(b.value, safe='')}",
                    "search_url": _search_url((kind, name), (other, b.value))})
    return out[:limit]


def entity_links(kind: str, name: str) -> dict:
    """This page as HTML and JSON, and the entity's full search, feed and export."""
    path = quote(name, safe="")
    query = urlencode([(kind, name), ("sort", "newest")])
    return {"html": f"/{kind}/{path}", "json": f"/api/{kind}/{path}", "search": f"/search?{query}",
            "atom": f"/feed.atom?{query}", "csv": f"/export.csv?{query}"}


def _search_url(*pairs: tuple[str, str]) -> str:
    return "/search?" + urlencode(list(pairs))
