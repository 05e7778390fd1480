"""The live index as the server sees it: load a generation once, follow CURRENT on each request.

A reindex publishes a new generation by rewriting CURRENT; the next request
loads it, while searches already running keep the LoadedIndex they started with.
"""

from __future__ import annotations

import json
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from corpus.model import Article
from index.analysis import add_user_words
from index.docvalues import DocValues
from index.generations import IndexMissing, current_generation
from index.integrity import damage
from index.lexicon import Lexicon
from index.schema import INDEX_VERSION
from search.evaluate import Evaluator
from search.facets import FacetIndex
from search.fuzzy import EntityMatcher
from search.postings import PostingsCache


def _close_all(opened: list) -> None:
    while opened:
        opened.pop().close()


@dataclass
class LoadedIndex:
    """One index generation with everything a search needs, loaded once."""

    gen: Path
    ix: object
    facets: FacetIndex
    lexicon: Lexicon
    entities: EntityMatcher
    meta: dict
    evaluator: Evaluator
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _opened: list = field(default_factory=list, repr=False)  # every searcher, to close them
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self):
        self._opened.append(self.evaluator.postings.searcher)
        # A finalizer, not __del__: when a generation is garbage-collected inside a reference
        # cycle, weakref callbacks run before file objects' own finalizers, so files close cleanly.
        self._finalizer = weakref.finalize(self, _close_all, self._opened)

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

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        docnum = self.searcher().document_number(id=article_id)
        return None if docnum is None else Article.from_dict(self.stored(docnum))

    @property
    def doc_count(self) -> int:
        """Live articles in this generation."""
        return int(self.facets.dv.live.sum())


def load_generation(gen: Path) -> LoadedIndex:
    """Open a generation directory; IndexMissing with the reason if it is unusable."""
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
    evaluator = Evaluator(PostingsCache(ix.searcher()), dv.lengths, ix.doc_count_all())
    return LoadedIndex(gen=gen, ix=ix, facets=FacetIndex(dv), lexicon=lexicon,
                       entities=EntityMatcher(lexicon), meta=meta, evaluator=evaluator)


RETIRE_SECONDS = 60.0  # far beyond the search time limit: no search still runs on the old one


class IndexHandle:
    """Follows an index root's CURRENT generation, loading each new one once.

    A replaced generation is closed a minute later, once searches that started
    on it have long finished.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._loaded: LoadedIndex | None = None
        self._retired: list[tuple[float, LoadedIndex]] = []
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the live and retired generations."""
        with self._lock:
            loaded = [x for _, x in self._retired] + ([self._loaded] if self._loaded else [])
            self._retired, self._loaded = [], None
        for x in loaded:
            x.close()

    def _retire(self, old: LoadedIndex | None) -> None:
        now = time.monotonic()
        if old is not None:
            self._retired.append((now, old))
        while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
            self._retired.pop(0)[1].close()

    def current(self) -> LoadedIndex:
        """The live generation, loaded; raises IndexMissing if there is none."""
        gen = current_generation(self.root)
        if gen is None:
            raise IndexMissing(self.root, "no index has been built")
        loaded = self._loaded
        if loaded is not None and loaded.gen == gen:
            return loaded
        with self._lock:
            if self._loaded is None or self._loaded.gen != gen:
                new = load_generation(gen)
                self._retire(self._loaded)
                self._loaded = new
            return self._loaded
