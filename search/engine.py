"""The live index as the server sees it: load a generation once, follow CURRENT on each request.

A reindex publishes a new generation by rewriting CURRENT; the next request
loads it, while searches already running keep the LoadedIndex they started with.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from corpus.model import Article
from index.analysis import add_user_words
from index.docvalues import DocValues
from index.generations import IndexMissing, current_generation
from index.lexicon import Lexicon
from search.evaluate import Evaluator
from search.facets import FacetIndex
from search.fuzzy import EntityMatcher
from search.postings import PostingsCache


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

    def searcher(self):
        """A Whoosh searcher for the calling thread (searchers aren't shared across threads)."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = self.ix.searcher()
        return s

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
    try:
        ix = whoosh_index.open_dir(str(gen))
        dv = DocValues.load(gen)
        lexicon = Lexicon.load(gen / "lexicon.json")
        meta = json.loads((gen / "meta.json").read_text(encoding="utf-8"))
    except Exception as exc:  # any damage (truncated files, bad JSON …) means the same to a user
        raise IndexMissing(gen.parent, f"index generation {gen.name} is unreadable "
                                       f"({type(exc).__name__}: {str(exc)[:200]})") from exc
    if dv.size != ix.doc_count_all():
        raise IndexMissing(gen.parent, f"index generation {gen.name} is inconsistent (doc values "
                                       f"for {dv.size} documents, index has {ix.doc_count_all()})")
    add_user_words(lexicon.words())
    evaluator = Evaluator(PostingsCache(ix.searcher()), dv.lengths, ix.doc_count_all())
    return LoadedIndex(gen=gen, ix=ix, facets=FacetIndex(dv), lexicon=lexicon,
                       entities=EntityMatcher(lexicon), meta=meta, evaluator=evaluator)


class IndexHandle:
    """Follows an index root's CURRENT generation, loading each new one once."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._loaded: LoadedIndex | None = None
        self._lock = threading.Lock()

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
                self._loaded = load_generation(gen)
            return self._loaded
