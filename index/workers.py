"""What an indexing worker does with one task: read its pieces, analyse, write one segment.

Besides the segment it returns what the parent assembles the generation from:
the segment's doc values (dates, facets, exact field lengths), its lexicon
counts, the ids it holds (to find duplicates across tasks) and, per file,
how many articles it indexed, what it skipped and why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from corpus.model import Article
from corpus.files.reader import CorpusError
from index.analysis import add_user_words
from index.docvalues import LENGTH_FIELDS, DocValues, DocValuesBuilder
from index.format.segments import SegmentBuilder
from index.lexicon import LexiconBuilder
from index.sources import Task, read_piece

# Longer texts are cut (with a warning): a whole file on one line must not take minutes and gigabytes
# to analyse. Real articles stay far below (the longest in the benchmark corpus: 21k characters).
MAX_BODY_CHARS = 200_000
MAX_TITLE_CHARS = 1_000
TICK = 100  # articles between two progress reports
BATCH = 256  # articles indexed together
LEAD_CHARS = 100
_SENTENCE_END = re.compile(r"[。！？!?；\n]")


@dataclass
class TaskResult:
    """A task's segment (None when it found no article) and everything the parent needs besides."""

    segment: object | None = None
    ids: list[str] = field(default_factory=list)
    docvalues: DocValues | None = None
    lexicon: LexiconBuilder | None = None
    articles: dict[str, int] = field(default_factory=dict)  # file key → articles indexed from it
    failed: set[str] = field(default_factory=set)  # file keys with a piece that couldn't be read
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[str] = field(default_factory=list)


class SegmentJob:
    """Articles added one by one into a new segment, with everything the parent needs besides.

    Articles are indexed BATCH at a time (SegmentBuilder.add_all works stage by stage).
    """

    def __init__(self, storage, indexname: str, schema, expected: int, count_entities: bool = True,
                 compact: bool = True):
        self.builder = SegmentBuilder(storage, indexname, schema, compact)
        self.out = TaskResult(lexicon=LexiconBuilder(expected=expected) if count_entities else None)
        self.rows: list[tuple[dict, str]] = []  # per document: facet values (doc values) and id
        self.seen: set[str] = set()
        self.pending: list[Article] = []

    @property
    def accepted(self) -> int:
        """Articles added so far (indexed, or waiting for the batch to be)."""
        return len(self.rows) + len(self.pending)

    def add(self, article: Article, key: str) -> bool:
        """Index one article of file `key` (False for an id this segment already has)."""
        if article.id in self.seen:
            return False
        self.seen.add(article.id)
        _capped(article, key, self.out.warnings)
        self.out.articles[key] = self.out.articles.get(key, 0) + 1
        self.pending.append(article)
        if len(self.pending) >= BATCH:
            self._flush()
        return True

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        add_user_words([r.name for a in batch for r in a.reporters] + [a.source or "" for a in batch])
        self.builder.add_all([document(a) for a in batch])
        if self.out.lexicon is not None:
            self.out.lexicon.add_all(batch)
        self.rows += [(_facet_values(a), a.id) for a in batch]

    def finish(self) -> TaskResult:
        """The written segment (None without articles), its doc values and ids."""
        self._flush()
        if self.rows:
            self.out.segment = self.builder.finish()
            self.out.docvalues = _docvalues(self.rows, self.builder)
            self.out.ids = [i for _, i in self.rows]
        return self.out


def index_task(task: Task, tick, *, storage, indexname: str, schema, expected: int,
               compact: bool = True) -> TaskResult:
    """Index the task's pieces into one new segment of the index in `storage` (`compact`: see SegmentBuilder)."""
    job = SegmentJob(storage, indexname, schema, expected, compact=compact)
    for piece in task.pieces:
        try:
            result = read_piece(piece)
        except CorpusError as exc:
            job.out.skipped.append((exc.path, exc.reason))
            job.out.failed.add(piece.key)
            continue
        job.out.warnings += [f"{piece.key}: {w}" for w in result.warnings]
        job.out.articles.setdefault(piece.key, 0)
        for article in result.articles:
            if job.add(article, piece.key) and job.accepted % TICK == 0:
                tick(TICK)
    tick(job.accepted % TICK)
    return job.finish()


def _docvalues(rows: list[tuple[dict, str]], builder: SegmentBuilder) -> DocValues:
    """The segment's doc values, with the exact token count of every length field."""
    dv = DocValuesBuilder(len(rows))
    lengths = {f: builder.fields[f].doc_lengths() for f in LENGTH_FIELDS}
    for docnum, (values, _) in enumerate(rows):
        dv.add(docnum, values, {f: int(lengths[f][docnum]) for f in LENGTH_FIELDS})
    return dv.build()


def _facet_values(article: Article) -> dict:
    """What the doc values hold of an article: facets, date, and its place in the printed paper."""
    page, section = getattr(article, "page", None), getattr(article, "section", None)
    return {"date": article.date, "source": article.source, "kind": article.kind,
            "reporters": [r.name for r in article.reporters], "districts": article.districts,
            "page": str(page).strip() if page not in (None, "") else None,
            "section": str(section).strip() if section else None,
            "order": getattr(article, "order", None)}


def _capped(article: Article, key: str, warnings: list[str]) -> None:
    """Cut an absurdly long title or body to the limits above, with a warning."""
    for name, limit in (("title", MAX_TITLE_CHARS), ("body", MAX_BODY_CHARS)):
        text = getattr(article, name) or ""
        if len(text) > limit:
            setattr(article, name, text[:limit])
            warnings.append(f"{key}: article {article.id}: {name} of {len(text)} characters cut to the first {limit}")


def opening(body: str) -> str:
    """The body's first sentence (at least ~30 characters of it), or its first LEAD_CHARS characters.

    >>> opening("本报讯 9月23日，江津区滨江新城夜市开街。市民……")
    '本报讯 9月23日，江津区滨江新城夜市开街。'
    """
    head = body[: LEAD_CHARS * 3 // 2]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    long_enough = [e for e in ends if e >= 30]
    if long_enough or ends:
        return head[: (long_enough or ends)[0 if long_enough else -1]]
    return body[:LEAD_CHARS]


def document(article: Article) -> dict:
    """Whoosh fields of one article; text fields are analysed by the schema's analyzers."""
    title = " ".join(filter(None, (article.kicker, article.title, article.subtitle)))
    # Bylines are cut from the body when parsed, but a reporter's name typed into the
    # search box must still find the article: index the names after the text.
    body = "\n".join([article.body, *(r.name for r in article.reporters)])
    return {
        "id": article.id,
        "alias": ",".join(a for a in getattr(article, "aliases", []) or [] if "," not in a),
        "file": article.origin.path,
        "title": title,
        "body": body,
        "lead": opening(article.body),
        "title_bi": title,
        "body_bi": body,
        "reporter": ",".join(r.name for r in article.reporters if "," not in r.name),
        "district": ",".join(article.districts),
        "source": article.source or "",
        "kind": article.kind or "article",
        "data": json.dumps(article.to_dict(), ensure_ascii=False),
    }
