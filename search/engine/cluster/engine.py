"""The coordinator: an Engine whose archive is a set of shards held by actors on a Dask cluster.

A search is two fan-outs: every shard's document frequencies of the query's
terms (summed, with document counts and length totals from the manifest, into
the archive's statistics; cached per query), then every shard's top results,
full facet counts, months and total, scored with those statistics. The merge
orders results by (key, shard, document), which is one index's order. A shard
that does not answer in time is left out and named in `Retrieved.partial`.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from index.analysis import add_user_words, word_tokens
from index.generations import IndexMissing
from index.lexicon import Lexicon
from index.schema import INDEX_VERSION
from index.shards import read_manifest
from search.engine.base import Engine, Hit, Retrieval, Retrieved, Streamed
from search.engine.budget import Deadline
from search.engine.cluster import merge
from search.engine.cluster.slots import LOAD_SECONDS, Slots
from search.engine.evaluate import Statistics
from search.engine.related import frequencies_read, related_terms
from search.entities.fuzzy import EntityMatcher
from search.query import ParsedQuery

INLINE_RECORDS = 50  # up to this many results per shard come back with their records; deeper pages fetch theirs
STREAM_BATCH = 256
STREAM_PAGE_SECONDS = 10.0  # matching one further page of a stream on the shards
LOOKUP_SECONDS = 2.0  # an article lookup, a health check
CACHE_QUERIES = 4096  # queries (and words) whose archive-wide frequencies are kept
CACHE_OWNERS = 100_000  # article ids seen in results, with the shard that holds each


class ShardUnavailable(IndexMissing):
    """The article asked for may be in a shard that did not answer (503, not 404)."""


class ClusterEngine(Engine):
    """A published shard set, its shards loaded on the cluster's workers."""

    def __init__(self, gen: Path, client, wait: float = LOAD_SECONDS):
        self.gen = gen
        self.manifest = read_manifest(gen)
        self.shards = self.manifest["shards"]
        self._base = merge.base_statistics(self.shards)
        self._lexicon = Lexicon.load(gen / "lexicon.json")
        add_user_words(self._lexicon.words())  # queries are parsed here: with the archive's names
        self._entities = EntityMatcher(self._lexicon)
        vocabs = [json.loads((gen / s["name"] / "docvalues.vocab.json").read_text(encoding="utf-8"))
                  for s in self.shards]
        self._ranks = {name: merge.first_seen(v[name] for v in vocabs) for name in (vocabs[0] if vocabs else ())}
        self._frequencies: OrderedDict[tuple, dict] = OrderedDict()
        self._owners: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()
        self.slots = Slots(client, gen, self.shards)
        self.slots.start(wait)

    @property
    def version(self) -> str:
        """The shard set's directory name: a new one for every build."""
        return self.gen.name

    @property
    def doc_count(self) -> int:
        """Live articles over all shards."""
        return sum(s["articles"] for s in self.shards)

    @property
    def lexicon(self) -> Lexicon:
        """The archive's lexicon (the shards' counts merged at build time)."""
        return self._lexicon

    @property
    def entities(self) -> EntityMatcher:
        """Fuzzy matching over the archive's lexicon."""
        return self._entities

    def close(self) -> None:
        """Release the shards' actors."""
        self.slots.close()

    def retrieve(self, r: Retrieval, deadline: Deadline) -> Retrieved:
        """Fan the retrieval out with the archive's statistics; merge pages, totals, facets and months."""
        stats = self._statistics(r.query, deadline) if r.query is not None else None
        position = merge.read_cursor(r.after, self.version, r.sort) if r.after else None
        wanted = r.size if position else r.offset + r.size
        inline = wanted <= INLINE_RECORDS

        def local(n: int):
            after = merge.shard_after(position, n, self.shards[n]["name"], r.sort) if position else None
            return (replace(r, offset=0, size=wanted, facet_limit=None, after=after), stats,
                    deadline.remaining(), inline)

        answers, missing = self.slots.call("search", local, deadline.remaining())
        ordered = merge.entries({n: a["entries"] for n, a in answers.items()})
        page = ordered[0 if position else r.offset:][:r.size]
        records = self._records(page, answers, missing, inline, deadline)
        hits = []
        for key, shard, doc, score in page:
            if (shard, doc) in records:
                record = records[shard, doc]
                self._owner(record["id"], shard)
                hits.append(Hit(record, score, merge.cursor(self.version, r.sort, key, shard, doc)))
        total = sum(a["total"] for a in answers.values())
        days = [a for a in answers.values() if a["first_day"] is not None]
        more = (any(a["more"] for a in answers.values()) or len(ordered) > len(page)) if position \
            else r.offset + len(page) < total
        return Retrieved(
            total=total, hits=hits, more=more,
            facets=merge.facets([a["facets"] for a in answers.values()], r.facets, self._ranks, r.facet_limit),
            months=merge.summed(a["months"] for a in answers.values()) if r.timeline else {},
            first_day=min((a["first_day"] for a in days), default=None),
            last_day=max((a["last_day"] for a in days), default=None),
            complete=all(a["complete"] for a in answers.values()), partial=self._partial(missing))

    def _statistics(self, parsed: ParsedQuery, deadline: Deadline) -> dict:
        """The archive's statistics for scoring `parsed`: the shards' frequencies summed (cached when all answered)."""
        key = (tuple((t.field, t.text) for c in parsed.clauses for t in c.terms), tuple(parsed.together),
               tuple(parsed.typed))
        with self._lock:
            known = self._frequencies.get(key)
            if known is not None:
                self._frequencies.move_to_end(key)
        if known is None:
            got, missing = self.slots.call("frequencies", (parsed,), deadline.remaining())
            known = merge.summed(got.values())
            if not missing:
                self._remember(key, known)
        return {**self._base, "frequencies": known}

    def _remember(self, key: tuple, frequencies: dict) -> None:
        """Keep the archive-wide frequencies of a query (or a word): a shard set never changes."""
        with self._lock:
            self._frequencies[key] = frequencies
            while len(self._frequencies) > CACHE_QUERIES:
                self._frequencies.popitem(last=False)

    def _records(self, page, answers: dict, missing: dict, inline: bool, deadline: Deadline) -> dict:
        """(shard, document) → stored record of the page's results: sent along, or fetched from their shards."""
        if inline:
            return {(shard, doc): answers[shard]["records"][doc] for _, shard, doc, _ in page}
        wanted: dict[int, list[int]] = {}
        for _, shard, doc, _ in page:
            wanted.setdefault(shard, []).append(doc)
        got, lost = self.slots.call("fetch", lambda n: (wanted.get(n, []),), deadline.remaining(), only=set(wanted))
        missing.update(lost)
        return {(shard, doc): record for shard, records in got.items() for doc, record in records.items()}

    def _partial(self, missing: dict[int, str]) -> dict | None:
        if not missing:
            return None
        parts = [merge.missing_part(self.shards[n], reason) for n, reason in sorted(missing.items())]
        return {"missing": parts, "shards": len(self.shards), "articles_missing": sum(p["articles"] for p in parts)}

    def _owner(self, article_id: str, shard: int) -> None:
        with self._lock:
            self._owners[article_id] = shard
            self._owners.move_to_end(article_id)
            while len(self._owners) > CACHE_OWNERS:
                self._owners.popitem(last=False)

    def stream(self, r: Retrieval, deadline: Deadline) -> Streamed:
        """Every match in order, a page at a time, each continuing from the last one's cursor.

        The first page is matched within `deadline` and gives the total; later pages are matched
        again on the shards, each within a budget of its own (reading is not bounded, as for one
        index), and the records end early if one of them is cut short or loses a shard.
        """
        r = replace(r, offset=0, size=STREAM_BATCH, facets=(), timeline=False)
        first = self.retrieve(r, deadline)
        return Streamed(total=first.total, complete=first.complete and first.partial is None,
                        records=self._pages(r, first))

    def _pages(self, r: Retrieval, got: Retrieved) -> Iterator[dict]:
        while True:
            yield from (h.record for h in got.hits)
            if not got.more or not got.hits or not got.complete or got.partial is not None:
                return
            r = replace(r, after=got.hits[-1].cursor)
            got = self.retrieve(r, Deadline(STREAM_PAGE_SECONDS))

    def record(self, article_id: str) -> dict | None:
        """The live article with this id (asked of the shard that returned it in a search, else of all), or None.

        An id found nowhere while a shard is missing raises ShardUnavailable: it may be there.
        """
        owner = self._owners.get(article_id)
        if owner is not None:
            found, _ = self.slots.call("lookup", (article_id,), LOOKUP_SECONDS, only={owner})
            if found.get(owner) and found[owner][0] == "id":
                return found[owner][1]
        found, missing = self.slots.call("lookup", (article_id,), LOOKUP_SECONDS)
        for field in ("id", "alias"):
            for n in sorted(found):
                if found[n] and found[n][0] == field:
                    return found[n][1]
        if missing:
            raise ShardUnavailable(self.gen, f"article {article_id!r} may be in a shard that did not answer "
                                             f"({', '.join(self.shards[n]['name'] for n in sorted(missing))})")
        return None

    def related(self, record: dict, limit: int, deadline: Deadline) -> list[dict]:
        """The article's key words chosen with the archive's frequencies; every shard's best, merged."""
        got, _ = self.slots.call("pair_frequencies", (sorted(frequencies_read(record)),), deadline.remaining())
        known = merge.summed(got.values())
        stats = {**self._base, "frequencies": known}
        terms = related_terms(record, Statistics(stats["doc_count"], stats["avg"], lambda f, t: known.get((f, t), 0),
                                                 stats["newest_day"]))
        if not (terms or record.get("districts")):
            return []
        found, _ = self.slots.call("related", (record, terms, stats, limit), deadline.remaining())
        best = sorted((-score, n, doc, rec) for n, rows in found.items() for score, doc, rec in rows)
        return [rec for *_, rec in best[:limit]]

    def has_value(self, facet: str, value: str) -> bool:
        """Whether some shard files an article under the value."""
        return value in self._ranks.get(facet, ())

    def document_frequency(self, text: str) -> int:
        """Articles whose title or body has `text` as one of its jieba words, over the whole archive (cached)."""
        if not word_tokens(text):
            return 0
        key = (("df", text),)
        with self._lock:
            known = self._frequencies.get(key)
        if known is None:
            got, missing = self.slots.call("word_frequencies", (text,), LOOKUP_SECONDS)
            known = merge.summed(got.values())
            if not missing:
                self._remember(key, known)
        return max(known.values(), default=0)

    def stats(self) -> dict:
        """Size, counts and build time of the archive, and where each shard is."""
        return {
            "articles": self.doc_count,
            "files": self.manifest.get("files"),
            "index_version": INDEX_VERSION,
            "generation": self.gen.name,
            "last_reindex": self.manifest.get("built_at"),
            "index_bytes": sum(s["bytes"] for s in self.shards),
            "reporters": len(self._ranks.get("reporter", ())),
            "districts": len(self._ranks.get("district", ())),
            "sources": len(self._ranks.get("source", ())),
            "entities": len(self._lexicon.entities),
            "shards": [{"name": s["name"], "articles": s["articles"], "state": slot.state, "worker": slot.worker,
                        **{k: v for k, v in merge.missing_part(s, "").items() if k in ("from", "to")}}
                       for s, slot in zip(self.shards, self.slots.slots)],
        }

    def check(self) -> None:
        """Every shard's health check; IndexMissing if one's files are damaged (a lost worker is no damage)."""
        _, missing = self.slots.call("check", (), LOOKUP_SECONDS)
        damaged = [f"{self.shards[n]['name']}: {reason}" for n, reason in missing.items() if reason.startswith("error")]
        if damaged:
            raise IndexMissing(self.gen, "shard set is damaged (" + "; ".join(damaged) + ")")
