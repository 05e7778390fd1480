"""The embedded engine: one Whoosh index generation, loaded once, answering through the Engine interface.

Postings are read into numpy arrays and evaluated there (evaluate.py); filters,
facets, dates and order come from doc values (facets.py, collect.py); stored
records come from Whoosh's stored fields.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from index.analysis import add_user_words, word_tokens
from index.docvalues import DocValues
from index.generations import IndexMissing
from index.integrity import damage
from index.lexicon import Lexicon
from index.memory import for_large_arrays
from index.schema import INDEX_VERSION
from search.engine.base import Engine, Hit, Retrieval, Retrieved, Streamed
from search.engine.budget import Deadline
from search.engine.collect import collect, ordered
from search.engine.evaluate import Evaluator
from search.engine.facets import FacetIndex
from search.engine.postings import PostingsCache
from search.engine.related import related_docs
from search.entities.fuzzy import EntityMatcher

STREAM_BATCH = 256  # stored records read per batch when streaming a whole result set


def _close_all(opened: list) -> None:
    while opened:
        opened.pop().close()


class WhooshEngine(Engine):
    """One index generation with everything a search needs, loaded once."""

    def __init__(self, gen: Path, ix, dv: DocValues, lexicon: Lexicon, meta: dict):
        self.gen, self.ix, self.meta = gen, ix, meta
        self.facets = FacetIndex(dv)
        self._lexicon = lexicon
        self._entities = EntityMatcher(lexicon)
        first = ix.searcher()
        leaves = [(sub.reader().segment(), offset) for sub, offset in first.leaf_searchers()]
        postings = PostingsCache(ix.storage, leaves, ix.doc_count_all())
        boosts = {name: ix.schema[name].format.field_boost for name in ix.schema.names() if ix.schema[name].indexed}
        self.evaluator = Evaluator(postings, dv.lengths, ix.doc_count_all(), dv.day, boosts)
        self._local = threading.local()
        self._local.searcher = first
        self._lock = threading.Lock()
        self._opened = [first, postings]  # every searcher and the postings maps, to close them
        # A finalizer, not __del__: when a generation is garbage-collected inside a reference
        # cycle, weakref callbacks run before file objects' own finalizers, so files close cleanly.
        self._finalizer = weakref.finalize(self, _close_all, self._opened)

    @property
    def version(self) -> str:
        """The generation's directory name: a new one for every reindex."""
        return self.gen.name

    @property
    def doc_count(self) -> int:
        """Live articles in this generation."""
        return int(self.facets.dv.live.sum())

    @property
    def lexicon(self) -> Lexicon:
        """The entity lexicon built with this generation."""
        return self._lexicon

    @property
    def entities(self) -> EntityMatcher:
        """Fuzzy matching over the lexicon."""
        return self._entities

    def searcher(self):
        """A Whoosh searcher for the calling thread (each reads its own file handles)."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = self.ix.searcher()
            with self._lock:
                self._opened.append(s)
        return s

    def close(self) -> None:
        """Close every searcher and file of this generation (searches on it must be over)."""
        self._finalizer()

    def stored(self, docnum: int) -> dict:
        """The stored Article dict of a document number."""
        return json.loads(self.searcher().stored_fields(docnum)["data"])

    def docnum(self, article_id: str, field: str = "id") -> int | None:
        """The document number of the live article with this id (or, field "alias", this earlier id), or None."""
        docs = self.evaluator.postings.get(field, article_id).docs
        live = docs[self.facets.dv.live[docs]] if len(docs) else docs
        return int(live[0]) if len(live) else None

    def retrieve(self, r: Retrieval, deadline: Deadline) -> Retrieved:
        """Evaluate the query, then filter, order, page and count over doc values."""
        matches = self.evaluator.run(r.query, deadline) if r.query is not None else None
        got = collect(self.facets, matches, r, self.version)
        hits = [Hit(self.stored(d), s, c) for d, s, c in zip(got.docs, got.scores, got.cursors)]
        return Retrieved(total=got.total, hits=hits, facets=got.facets, months=got.months, days=got.days,
                         spans=got.spans, first_day=got.first_day, last_day=got.last_day, complete=not deadline.hit,
                         more=got.more)

    def stream(self, r: Retrieval, deadline: Deadline) -> Streamed:
        """Every match in order (after `r.after`, if given): document numbers now, records in batches later.

        Only the ordered document numbers (8 bytes a match) are held; the records are read
        STREAM_BATCH at a time through a searcher of the stream's own, so a reindex that retires
        this generation while a long export runs does not close the files under it.
        """
        matches = self.evaluator.run(r.query, deadline) if r.query is not None else None
        docs, total = ordered(self.facets, matches, r, self.version)
        return Streamed(total=total, complete=not deadline.hit, records=self._records(docs))

    def _records(self, docs: np.ndarray) -> Iterator[dict]:
        searcher = self.ix.searcher()
        try:
            for a in range(0, len(docs), STREAM_BATCH):
                batch = [searcher.stored_fields(int(d))["data"] for d in docs[a:a + STREAM_BATCH]]
                yield from (json.loads(data) for data in batch)
        finally:
            searcher.close()

    def record(self, article_id: str) -> dict | None:
        """The stored article with this id, or with this id among its earlier ones; None when unknown."""
        docnum = self.docnum(article_id)
        if docnum is None:
            docnum = self.docnum(article_id, "alias")
        return None if docnum is None else self.stored(docnum)

    def related(self, record: dict, limit: int, deadline: Deadline) -> list[dict]:
        """Other articles sharing this one's most distinctive words and its districts."""
        return [self.stored(d) for d in related_docs(self, record, limit)]

    def has_value(self, facet: str, value: str) -> bool:
        """Whether some article of this generation is filed under the value."""
        return self.facets.has_value(facet, value)

    def document_frequency(self, text: str) -> int:
        """Articles whose title or body has `text` as one of its jieba words (an estimate of its rarity)."""
        words = word_tokens(text)
        if not words:
            return 0
        return max(self.evaluator.postings.frequency(f, w) for f in ("title", "body") for w in words)

    def stats(self) -> dict:
        """Size, counts and build time of this generation."""
        dv = self.facets.dv
        return {
            "articles": self.doc_count,
            "files": self.meta.get("files"),
            "index_version": self.meta.get("version"),
            "generation": self.gen.name,
            "last_reindex": self.meta.get("built_at"),
            "index_bytes": sum(f.stat().st_size for f in self.gen.iterdir() if f.is_file()),
            "reporters": len(dv.multi["reporter"].vocab),
            "districts": len(dv.multi["district"].vocab),
            "sources": len(dv.single["source"][1]),
            "entities": len(self._lexicon.entities),
        }

    def shrunk(self) -> str | None:
        """A postings file cut short since it was mapped (reading it would kill the process), or None."""
        return self.evaluator.postings.shrunk()

    def check(self) -> None:
        """Read one posting list and one stored article; IndexMissing if either fails."""
        live = np.flatnonzero(self.facets.dv.live)
        try:
            if len(live):
                self.stored(int(live[0]))
                self.evaluator.postings.read_any()
        except Exception as exc:  # damage while serving: the same answer as damage at load
            raise IndexMissing(self.gen.parent, f"index generation {self.gen.name} is damaged "
                                                f"({type(exc).__name__}: {str(exc)[:200]})") from exc


def load_generation(gen: Path) -> WhooshEngine:
    """Open a generation directory; IndexMissing with the reason if it is unusable."""
    for_large_arrays()
    damaged = damage(gen)
    if damaged:
        raise IndexMissing(gen.parent, f"index generation {gen.name} is damaged: {damaged}")
    try:
        ix = whoosh_index.open_dir(str(gen))
        dv = DocValues.load(gen)
        lexicon = Lexicon.load(gen / "lexicon.json")
        meta = json.loads((gen / "meta.json").read_text(encoding="utf-8"))
    except Exception as exc:  # any damage (truncated files, bad JSON …) means the same to a user
        raise IndexMissing(gen.parent, f"index generation {gen.name} is unreadable "
                                       f"({type(exc).__name__}: {str(exc)[:200]})") from exc
    if meta.get("version") != INDEX_VERSION:
        raise IndexMissing(gen.parent, f"index generation {gen.name} was built by another version of "
                                       f"Yuwen (format {meta.get('version')}, this one reads {INDEX_VERSION})")
    if dv.size != ix.doc_count_all():
        raise IndexMissing(gen.parent, f"index generation {gen.name} is inconsistent (doc values "
                                       f"for {dv.size} documents, index has {ix.doc_count_all()})")
    add_user_words(lexicon.words())
    return WhooshEngine(gen, ix, dv, lexicon, meta)
