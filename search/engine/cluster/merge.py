"""The shards' answers combined into the answer one index over the whole archive would give.

Pure functions on plain values. Statistics are sums over shards (document
counts, length totals, document frequencies) and maxima (the newest day);
results are ordered by (key, shard, local document), which is the single
index's (key, document) order because shards are contiguous runs of it; facet
values tied on count keep the order in which the archive first saw them.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterable

import numpy as np

from index.docvalues import iso_day
from search.engine.base import Bucket
from search.engine.collect import BadCursor
from search.engine.base import Retrieval
from search.engine.collect import _after as local_position  # the shards' own cursors, as collect reads them
from search.engine.collect import _cursor as local_cursor  # … and writes them

DATED = ("year", "month")
BEYOND = 2**62  # a local document number after every other: "nothing of equal key in this shard"


def average_length(total: float, documents: int) -> float:
    """A field's average length as a single index computes it (numpy's float32 mean), 1.0 when empty.

    Exact while the field's total is below 2**24 tokens (float32 sums are exact there);
    beyond, one index's own float32 sum rounds, and this is the exact mean rounded to float32.

    >>> average_length(3329.0, 3), float(np.array([1000, 1129, 1200], dtype=np.float32).mean())
    (1109.6666259765625, 1109.6666259765625)
    >>> average_length(0.0, 0)
    1.0
    """
    return float(np.float32(total / documents)) if documents and total else 1.0


def base_statistics(shards: list[dict]) -> dict:
    """The query-independent statistics of an archive, from its manifest's shards."""
    documents = sum(s["documents"] for s in shards)
    fields = shards[0]["lengths"] if shards else {}
    return {"doc_count": documents,
            "avg": {f: average_length(sum(s["lengths"][f] for s in shards), documents) for f in fields},
            "newest_day": max((s["newest_day"] for s in shards), default=-1)}


def summed(counts: Iterable[dict]) -> dict:
    """Per key, the sum over the shards' dicts (document frequencies, month counts).

    >>> summed([{("body", "江津"): 2}, {("body", "江津"): 1, ("title", "江津"): 1}])
    {('body', '江津'): 3, ('title', '江津'): 1}
    """
    out: Counter = Counter()
    for c in counts:
        out.update(c)
    return dict(out)


def first_seen(vocabs: Iterable[list[str]]) -> dict[str, int]:
    """Each value's rank in the order the archive first saw it (the shards' vocabularies in shard order).

    >>> first_seen([["重庆日报", "新渝报"], ["新华社", "重庆日报"]])
    {'重庆日报': 0, '新渝报': 1, '新华社': 2}
    """
    ranks: dict[str, int] = {}
    for vocab in vocabs:
        for value in vocab:
            ranks.setdefault(value, len(ranks))
    return ranks


def facets(answers: list[dict[str, list[tuple[str, int]]]], names: Iterable[str],
           ranks: dict[str, dict[str, int]], limit: int | None) -> dict[str, list[Bucket]]:
    """Facet buckets summed over shards: most frequent first, ties in first-seen order; dates newest first.

    >>> facets([{"source": [("b", 2), ("a", 1)]}, {"source": [("a", 1)]}], ["source"], {"source": {"a": 0, "b": 1}}, None)
    {'source': [Bucket(value='a', count=2), Bucket(value='b', count=2)]}
    """
    out = {}
    for name in names:
        counts = summed(dict(a.get(name, ())) for a in answers)
        if name in DATED:
            order = sorted(counts, key=_date_key, reverse=True)
        else:
            rank = ranks.get(name, {})
            order = sorted(counts, key=lambda v: (-counts[v], rank.get(v, len(rank))))
        buckets = [Bucket(v, counts[v]) for v in order if counts[v]]
        out[name] = buckets[:limit] if limit else buckets
    return out


def _date_key(label: str) -> tuple[int, ...]:
    return tuple(int(x) for x in label.split("-"))


def entries(answers: dict[int, list[tuple[float, int, float]]]) -> list[tuple[float, int, int, float]]:
    """Every shard's (key, document, score) as (key, shard, document, score), in the archive's order.

    >>> entries({0: [(-2.0, 5, 2.0)], 1: [(-3.0, 0, 3.0), (-2.0, 1, 2.0)]})
    [(-3.0, 1, 0, 3.0), (-2.0, 0, 5, 2.0), (-2.0, 1, 1, 2.0)]
    """
    return sorted((key, shard, doc, score) for shard, got in answers.items() for key, doc, score in got)


def cursor(version: str, sort: str, key: float, shard: int, docnum: int) -> str:
    """The cursor that continues after a result: the shard set, the order, and the result's place in it."""
    raw = json.dumps([version, sort, float(key), int(shard), int(docnum)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_cursor(after: str, version: str, sort: str) -> tuple[float, int, int]:
    """(key, shard, document) of a cursor; BadCursor when malformed or from another shard set or order."""
    try:
        raw = base64.urlsafe_b64decode(after + "=" * (-len(after) % 4))
        got_version, got_sort, key, shard, docnum = json.loads(raw)
        key, shard, docnum = float(key), int(shard), int(docnum)
    except (ValueError, TypeError):
        raise BadCursor("cursor is not valid") from None
    if got_version != version or got_sort != sort:
        raise BadCursor("the cursor belongs to another version of the index or another sort order")
    return key, shard, docnum


def shard_after(position: tuple[float, int, int], shard: int, shard_version: str, sort: str) -> str:
    """A shard's own cursor for "after this place in the archive's order".

    Results of equal key come after the place in a later shard, before it in an earlier one.
    """
    key, at, docnum = position
    bound = docnum if shard == at else (-1 if shard > at else BEYOND)
    return local_cursor(shard_version, sort, key, bound)


def read_local(after: str, shard_version: str, sort: str = "relevance") -> tuple[float, int]:
    """(key, document) a shard's own cursor names (what `collect` continues after)."""
    return local_position(Retrieval(after=after, sort=sort), shard_version)


def missing_part(shard: dict, reason: str) -> dict:
    """How a response names a shard that did not answer: its dates and articles."""
    return {"shard": shard["name"], "articles": shard["articles"], "reason": reason,
            "from": iso_day(shard["first_day"]) if shard.get("first_day") is not None else None,
            "to": iso_day(shard["last_day"]) if shard.get("last_day") is not None else None}
