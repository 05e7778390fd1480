"""One shard on a Dask worker: an ordinary index generation, loaded once, answering the coordinator.

The actor's methods are coroutines that hand the work to the actor's own
threads: Dask runs a worker's plain actor methods one at a time on a single
thread, and a coordinator serving several searches at once must not queue
behind it. Every search comes in two steps: `frequencies` (this shard's
document frequencies of what scoring the query reads), then `search` with the
archive's statistics, so that scores equal those of one index over the archive.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from index.analysis import bigram_tokens, word_tokens
from index.lexicon import Lexicon
from search.engine.base import Retrieval
from search.engine.budget import Deadline
from search.engine.cluster.merge import read_local
from search.engine.collect import collect
from search.engine.evaluate import KEYWORD_FIELDS, Statistics
from search.engine.related import best_related
from search.query import ParsedQuery

THREADS = 4  # searches this shard evaluates at once (numpy releases the GIL in the heavy parts)
BIGRAM_FIELDS = ("title_bi", "body_bi")


def statistics_read(evaluator, parsed: ParsedQuery) -> set[tuple[str, str]]:
    """The (field, term) pairs whose document frequencies evaluating `parsed` reads.

    Scoring's (`terms_of`), plus what orders clauses (`estimate`: both bigram fields and
    keyword values) and what scores the words found together and the typed string found whole.
    """
    out = set(evaluator.terms_of(parsed))
    for term in (t for c in parsed.clauses for t in c.terms):
        if term.field in KEYWORD_FIELDS:
            out.add((term.field, term.text.strip()))
        else:
            out |= {(f, g) for g, _ in bigram_tokens(term.text, index=False) for f in BIGRAM_FIELDS}
    for text in (*parsed.together, *parsed.typed):
        out |= {(f, g) for g, _ in bigram_tokens(text, index=False) for f in BIGRAM_FIELDS}
    return out


class ShardActor:
    """A shard's WhooshEngine on a worker, its methods called by the coordinator.

    :param lexicon: the archive's lexicon, whose names jieba learns first, as the
        single index's process would (the shard's own lexicon holds only its names).
    """

    def __init__(self, path: str, lexicon: str, number: int):
        from index.analysis import add_user_words
        from search.engine.whoosh_engine import load_generation

        add_user_words(Lexicon.load(lexicon).words())
        self.engine = load_generation(Path(path))
        self.number = number
        self.misses = 0  # frequencies the coordinator did not send (should stay 0)
        self.missed: list[tuple[str, str]] = []  # the first few of them, for the report
        self._pool = ThreadPoolExecutor(THREADS, thread_name_prefix=f"shard-{number}")

    async def _run(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    async def ping(self) -> int:
        """The worker process's id (answered on the event loop: a busy shard still answers)."""
        return os.getpid()

    async def frequencies(self, parsed: ParsedQuery) -> dict:
        """This shard's document frequencies of every term evaluating `parsed` reads."""
        return await self._run(self._frequencies, parsed)

    def _frequencies(self, parsed: ParsedQuery) -> dict:
        frequency = self.engine.evaluator.postings.frequency
        return {pair: frequency(*pair) for pair in statistics_read(self.engine.evaluator, parsed)}

    async def pair_frequencies(self, pairs: list[tuple[str, str]]) -> dict:
        """Document frequencies of the given (field, term) pairs."""
        frequency = self.engine.evaluator.postings.frequency
        return await self._run(lambda: {pair: frequency(*pair) for pair in pairs})

    async def word_frequencies(self, text: str) -> dict:
        """Per (title or body, jieba word of `text`): documents holding it (for `document_frequency`)."""
        frequency = self.engine.evaluator.postings.frequency
        return await self._run(lambda: {(f, w): frequency(f, w) for f in ("title", "body") for w in word_tokens(text)})

    def _evaluator(self, stats: dict | None):
        """The shard's evaluator, scoring with the archive's statistics when given."""
        if stats is None:
            return self.engine.evaluator
        known, local = stats["frequencies"], self.engine.evaluator.postings.frequency

        def frequency(field: str, text: str) -> int:
            n = known.get((field, text))
            if n is None:
                self.misses += 1
                if len(self.missed) < 10:
                    self.missed.append((field, text))
                return local(field, text)
            return n
        archive = Statistics(stats["doc_count"], stats["avg"], frequency, stats["newest_day"])
        return self.engine.evaluator.with_statistics(archive)

    async def search(self, r: Retrieval, stats: dict | None, seconds: float, records: bool) -> dict:
        """The shard's first `r.size` results (key, document, score), every facet bucket, months, total."""
        return await self._run(self._search, r, stats, seconds, records)

    def _search(self, r: Retrieval, stats: dict | None, seconds: float, records: bool) -> dict:
        deadline = Deadline(seconds)
        matches = self._evaluator(stats).run(r.query, deadline) if r.query is not None else None
        got = collect(self.engine.facets, matches, r, self.engine.version)
        keys = [read_local(c, self.engine.version, r.sort)[0] for c in got.cursors]
        return {
            "entries": list(zip(keys, got.docs, got.scores)),
            "records": {d: self.engine.stored(d) for d in got.docs} if records else None,
            "total": got.total, "more": got.more, "complete": not deadline.hit,
            "facets": {name: [(b.value, b.count) for b in buckets] for name, buckets in got.facets.items()},
            "months": got.months, "first_day": got.first_day, "last_day": got.last_day,
        }

    async def fetch(self, docnums: list[int]) -> dict[int, dict]:
        """Stored records of some documents."""
        return await self._run(lambda: {d: self.engine.stored(d) for d in docnums})

    async def lookup(self, article_id: str) -> tuple[str, dict] | None:
        """("id", record) or ("alias", record) for the live article with this id, None when not here."""
        def find():
            for field in ("id", "alias"):
                docnum = self.engine.docnum(article_id, field)
                if docnum is not None:
                    return field, self.engine.stored(docnum)
            return None
        return await self._run(find)

    async def related(self, record: dict, terms: list, stats: dict, limit: int) -> list[tuple[float, int, dict]]:
        """This shard's `limit` articles most like `record` (scored with the archive's statistics)."""
        def best():
            docnum = self.engine.docnum(record["id"])
            docs, scores = best_related(self.engine, self._evaluator(stats), terms, record.get("districts") or [],
                                        docnum, limit)
            return [(float(s), int(d), self.engine.stored(int(d))) for d, s in zip(docs, scores)]
        return await self._run(best)

    async def check(self) -> None:
        """The engine's health check (IndexMissing when its files are damaged)."""
        await self._run(self.engine.check)

    async def report(self) -> dict:
        """Figures for /api/stats and the tests: process, misses, size."""
        return {"pid": os.getpid(), "misses": self.misses, "missed": self.missed, **self.engine.stats()}
