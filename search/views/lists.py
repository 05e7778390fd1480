"""Whole lists of values: the reporter and district indexes, and every value of one facet of a search.

Values are counted over doc values (one spans pass); reporter names sort by
their pinyin with surname readings (佘 she, 曾 zeng), districts by their
pinyin, and a list can be narrowed by characters, pinyin or initials.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from index.docvalues import iso_day
from search.engine.base import Engine, Retrieval
from search.engine.budget import Deadline
from search.entities.sounds import full_pinyin, has_cjk, initials, syllables
from search.filters import LABELS, resolve_filters
from search.request import SearchRequest, day_bounds
from search.strategy import answer

INDEX_KINDS = ("reporter", "district")
INDEX_PAGE = 300  # names on one page of an index
MAX_MATCH_CHARS = 32
FACET_SECONDS = 5.0  # budget of a facet's whole value list (every value counted, none cut)
_cache: dict[tuple[str, str], list[dict]] = {}  # (archive version, kind) → every entry, in pinyin order
_lock = threading.Lock()


@lru_cache(maxsize=65536)
def sort_key(name: str, person: bool) -> tuple[str, str, str]:
    """(pinyin, initials, name): the order of an index, and what a typed filter is compared with.

    >>> sort_key("佘振芳", True)[:2], sort_key("江津区", False)[:2]
    (('she zhen fang', 'szf'), ('jiang jin qu', 'jjq'))
    """
    items = syllables(name, person=person)
    return " ".join(items), initials(items), name


def matches(name: str, person: bool, typed: str) -> bool:
    """Whether a typed filter finds the name: characters anywhere, or pinyin or initials from the start.

    >>> matches("佘振芳", True, "振"), matches("佘振芳", True, "shezh"), matches("佘振芳", True, "SZF")
    (True, True, True)
    >>> matches("江津区", False, "jj"), matches("江津区", False, "永")
    (True, False)
    """
    typed = typed.strip()
    if not typed or typed in name:
        return True
    if has_cjk(typed):
        return False
    key = full_pinyin(typed.lower().split())
    pinyin, first_letters, _ = sort_key(name, person)
    return pinyin.replace(" ", "").startswith(key) or first_letters.startswith(key)


def _entries(engine: Engine, kind: str) -> list[dict]:
    """Every value of an entity facet with count and dates, in pinyin order (cached per archive version)."""
    key = (engine.version, kind)
    with _lock:
        if key in _cache:
            return _cache[key]
    got = engine.retrieve(Retrieval(size=0, facets=(), timeline=False, spans=(kind,)), Deadline(10))
    person = kind == "reporter"
    entries = [{"name": s.value, "count": s.count, "initial": _initial(sort_key(s.value, person)[0]),
                "first_date": iso_day(s.first_day) if s.first_day is not None else None,
                "last_date": iso_day(s.last_day) if s.last_day is not None else None}
               for s in sorted(got.spans[kind], key=lambda s: sort_key(s.value, person))]
    with _lock:
        for old in [k for k in _cache if k[1] == kind]:
            del _cache[old]
        _cache[key] = entries
    return entries


def index_view(engine: Engine, kind: str, match: str = "", sort: str = "name", page: int = 1) -> dict:
    """One page of the index of all reporters or districts, optionally narrowed by `match`."""
    match = match.strip()[:MAX_MATCH_CHARS]
    entries = [e for e in _entries(engine, kind) if matches(e["name"], kind == "reporter", match)]
    if sort == "count":
        entries = sorted(entries, key=lambda e: -e["count"])
    pages = max(1, -(-len(entries) // INDEX_PAGE))
    page = min(max(1, page), pages)
    shown = entries[(page - 1) * INDEX_PAGE: page * INDEX_PAGE]
    groups: list[dict] = []
    for e in shown:  # by initial letter in name order; one group when sorted by count
        initial = e["initial"] if sort == "name" else ""
        if not groups or groups[-1]["initial"] != initial:
            groups.append({"initial": initial, "entries": []})
        groups[-1]["entries"].append(e)
    return {"type": kind, "label": LABELS[kind], "match": match, "sort": sort, "total": len(entries),
            "page": page, "pages": pages, "groups": groups}


def facet_values_view(engine: Engine, req: SearchRequest, name: str, match: str = "",
                      deadline: Deadline | None = None) -> dict:
    """Every value of one facet for a search (the "more" of a facet list), counted as the results page does
    (matching within `deadline`, else FACET_SECONDS)."""
    resolution = resolve_filters(engine, req)
    req = resolution.request
    day_from, day_to = day_bounds(req)
    base = Retrieval(filters=req.filters, day_from=day_from, day_to=day_to, size=0, facets=(name,),
                     facet_limit=None, timeline=False)
    attempt = answer(engine, req.q, base, deadline or Deadline(FACET_SECONDS), literal=req.literal)
    selected = req.filters.get(name, [])
    match = match.strip()[:MAX_MATCH_CHARS]
    person = name == "reporter"
    values = [{"value": b.value, "count": b.count, "selected": b.value in selected}
              for b in attempt.got.facets.get(name, []) if matches(b.value, person, match)]
    values += [{"value": v, "count": 0, "selected": True} for v in selected
               if v not in {x["value"] for x in values}]
    return {"facet": name, "query": req.q, "ran": attempt.text, "params": req.params(), "match": match,
            "total": attempt.got.total, "buckets": values}


def _initial(pinyin: str) -> str:
    """The letter a name is filed under (`#` for names that don't start with a letter)."""
    first = pinyin[:1].upper()
    return first if "A" <= first <= "Z" else "#"
