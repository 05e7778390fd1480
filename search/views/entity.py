"""Reporter and district pages: how much, when, what lately, and with whom.

One newest-first retrieval of the entity's articles gives all of it: the count,
the first and last dates, the month counts, the latest articles, and the
reporters, districts and papers named in the same articles (its facets).
"""

from __future__ import annotations

from index.docvalues import iso_day
from search.engine.base import Engine, Retrieval
from search.engine.budget import Deadline
from search.filters import LABELS, canonical_value, correction_message, explain_value
from search.query import Clause, ParsedQuery, Term
from search.request import MAX_VALUE_CHARS
from search.run import SEARCH_SECONDS, present_hit
from search.timeline import timeline

ENTITY_TYPES = ("reporter", "district")
MAX_NAME_CHARS = MAX_VALUE_CHARS  # a name that works as a filter value has its page too
RECENT = 10
PEERS = 12


def canonical_name(engine: Engine, kind: str, name: str) -> str | None:
    """The name the index files this entity under: as typed, via gazetteer or fuzzy match, or None."""
    if not 0 < len(name) <= MAX_NAME_CHARS:
        return None
    found = canonical_value(engine, kind, name)
    return found if found is not None and engine.has_value(kind, found) else None


def name_correction(engine: Engine, kind: str, asked: str, name: str) -> dict | None:
    """How a name typed as `asked` led to `name`'s page, for the page to say so; None if it did not."""
    if not asked or asked == name or not len(asked) <= MAX_NAME_CHARS:
        return None
    canonical, how = explain_value(engine, kind, asked)
    if canonical != name:
        return None
    return {"from": asked, "to": name, "how": how, "message": correction_message(kind, asked, name, how)}


def entity_page(engine: Engine, kind: str, name: str, recent: int = RECENT,
                time_limit: float = SEARCH_SECONDS, deadline: Deadline | None = None) -> dict | None:
    """Everything a reporter or district page shows, or None when no live article names it."""
    # The entity as a query, not a filter: facets are counted with other facets' filters only,
    # and here the reporters named beside a reporter must be counted within his articles.
    query = ParsedQuery([Clause([Term(name, field=kind)])])
    r = Retrieval(query=query, sort="newest", size=recent, facets=("reporter", "district", "source"),
                  facet_limit=PEERS + 1)
    deadline = deadline or Deadline(time_limit)
    got = engine.retrieve(r, deadline)
    if not got.total:
        return None
    entity = engine.lexicon.get(kind, name)
    interval, buckets = timeline(got.months)
    return {
        "type": kind,
        "label": LABELS[kind],
        "name": name,
        "aliases": list(entity.aliases) if entity else [],
        "count": got.total,
        "first_date": iso_day(got.first_day) if got.first_day is not None else None,
        "last_date": iso_day(got.last_day) if got.last_day is not None else None,
        "timeline": {"interval": interval, "buckets": [vars(b) for b in buckets]},
        "recent": [present_hit(h.record, [], deadline) for h in got.hits],
        "cooccurring": {other: [{"type": other, "name": b.value, "count": b.count}
                                for b in got.facets[other] if not (other == kind and b.value == name)][:PEERS]
                        for other in ENTITY_TYPES},
        "sources": [{"value": b.value, "count": b.count} for b in got.facets["source"]],
    }
