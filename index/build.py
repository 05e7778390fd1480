"""Build an index generation from corpus files and publish it atomically.

Full builds start empty; `--incremental` copies the live generation, drops the
articles of changed and deleted files (by content hash), and adds the new ones.
Analysis (normalisation, jieba, bigrams) and posting lists are written by one
forked worker process per core, each writing whole Whoosh segments
(index/segments.py); Whoosh's own writer then commits them with the deletions.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL

from corpus.extract.gazetteer import DISTRICTS
from corpus.model import Article
from corpus.files.reader import CorpusError, iter_corpus_files, open_regular, read_file
from index.analysis import add_user_words
from index.integrity import write_record
from index.docvalues import LENGTH_FIELDS, DocValuesBuilder
from index.generations import (current_generation, mark_complete, new_generation, publish,
                               reindex_lock)
from index.lexicon import Lexicon, LexiconBuilder
from index.parallel import WorkerFailed, run_jobs
from index.progress import SILENT, Progress
from index.schema import INDEX_VERSION, build_schema
from index.segments import SegmentBuilder

MANIFEST = "manifest.json"
META = "meta.json"
POOL_THRESHOLD = 2000  # below this many articles, worker start-up costs more than it saves
SEGMENT_ARTICLES = 20_000  # most articles in one segment: bounds a worker's memory (~1 GB)
TICK = 100  # articles between a worker's progress reports
# Longer texts are cut (with a warning): a whole file on one line must not take minutes and gigabytes
# to analyse. Real articles stay far below (the longest in the benchmark corpus: 21k characters).
MAX_BODY_CHARS = 200_000
MAX_TITLE_CHARS = 1_000


class IndexBuildError(Exception):
    """The new generation could not be written (disk full, write error, failed worker); the live one is untouched."""


@dataclass
class BuildReport:
    """What a reindex did, for the CLI summary and /api/stats."""

    generation: str | None = None
    files: int = 0
    files_indexed: int = 0
    files_removed: int = 0
    articles: int = 0
    total_articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    unchanged: bool = False

    @property
    def articles_per_second(self) -> float:
        """Indexing rate of this run."""
        return self.articles / self.seconds if self.seconds else 0.0


def file_digest(path: Path) -> str:
    """Content hash that decides whether an incremental reindex must reread a file."""
    h = hashlib.blake2b(digest_size=16)
    with open_regular(path) as fh:  # never a FIFO or device: hashing /dev/zero would not end
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def reindex(corpus_paths: Iterable[str | Path], root: str | Path, *, incremental: bool = False,
            progress: Progress = SILENT, workers: int | None = None) -> BuildReport:
    """Build (or update) the index under `root` from the corpus and swap it in atomically."""
    root = Path(root)
    started = time.monotonic()
    with reindex_lock(root):
        report = _reindex_locked(list(corpus_paths), root, incremental, progress, workers)
    report.seconds = time.monotonic() - started
    return report


def _reindex_locked(paths, root: Path, incremental: bool, progress: Progress, workers) -> BuildReport:
    report = BuildReport()
    files = {key: path for path, key in iter_corpus_files(paths)}
    report.files = len(files)
    progress.start("hashing", len(files), unit="file")
    digests = {}
    for key, path in files.items():
        try:
            digests[key] = file_digest(path)
        except CorpusError as exc:
            report.skipped.append((exc.path, exc.reason))
        except OSError as exc:
            report.skipped.append((str(path), f"cannot read: {exc.strerror or exc}"))
        progress.advance()
    progress.close()

    live = current_generation(root) if incremental else None
    old = _load_json(live / MANIFEST) if live else {}
    changed = [k for k in digests if old.get(k, {}).get("hash") != digests[k]]
    removed = [k for k in old if k not in digests]
    if live and not changed and not removed:
        report.unchanged, report.generation = True, live.name
        report.total_articles = _load_json(live / META).get("articles", 0)
        return report

    gen = new_generation(root)
    try:
        _build_generation(gen, live, files, digests, changed, removed, old, report, progress, workers)
        write_record(gen)
        mark_complete(gen)
        publish(root, gen)
    except (OSError, IndexBuildError) as exc:
        shutil.rmtree(gen, ignore_errors=True)
        reason = f"{exc.strerror} (errno {exc.errno})" if getattr(exc, "strerror", None) else str(exc)
        free = shutil.disk_usage(root).free / 2**20
        raise IndexBuildError(f"cannot build the new index generation in {root}: {reason}; {free:.0f} MB "
                              "free there; the live index is unchanged") from exc
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    report.generation = gen.name
    return report


def _build_generation(gen, live, files, digests, changed, removed, old, report, progress, workers):
    manifest = {k: v for k, v in old.items() if k not in removed and k not in changed}
    articles = _read_files(changed, files, digests, manifest, report, progress)
    report.files_indexed, report.files_removed, report.articles = len(changed), len(removed), len(articles)

    if live:
        shutil.copytree(live, gen, dirs_exist_ok=True, ignore=shutil.ignore_patterns("COMPLETE"))
        ix = whoosh_index.open_dir(str(gen))
    else:
        ix = whoosh_index.create_in(str(gen), build_schema())
    add_user_words(_dictionary_words(articles, gen if live else None))
    # Whoosh's own writer holds the index's write lock, drops the articles of changed and
    # deleted files, and commits the table of contents with the new segments appended.
    writer = ix.writer(compound=False)
    try:
        for key in set(changed) | set(removed):
            writer.delete_by_term("file", key)
        segments, lexicons = _write_segments(ix, articles, _procs(workers, len(articles)), progress)
        progress.log("committing the new segments …")
        writer.commit(mergetype=lambda w, existing: MERGE_SMALL(w, existing) + segments)
    except BaseException:
        if not writer.is_closed:  # a commit that failed half-way has closed it already
            writer.cancel()
        raise
    _check_written(ix, None if live else len(articles))
    _write_lexicon(gen, ix, lexicons if not live else None, progress)
    report.total_articles = _write_docvalues(gen, ix, progress)
    _dump_json(gen / MANIFEST, manifest)
    _dump_json(gen / META, {"version": INDEX_VERSION, "articles": report.total_articles,
                            "files": len(manifest), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})


def _write_segments(ix, articles: list[Article], procs: int, progress: Progress):
    """New Whoosh segments for `articles`, a part per worker process, and each part's lexicon counts."""
    parts = _parts(len(articles), procs)
    job = partial(_index_part, articles=articles, storage=ix.storage, indexname=ix.indexname,
                  schema=ix.schema, expected=len(articles))
    progress.start("indexing", len(articles), unit="article")
    try:
        results = run_jobs(job, parts, procs, progress.advance)
    except WorkerFailed as exc:
        raise IndexBuildError(str(exc)) from None
    progress.close()
    return [segment for segment, _ in results], [lexicon for _, lexicon in results]


def _index_part(part: range, tick, *, articles, storage, indexname, schema, expected: int):
    """Analyse and write one segment (a worker's job); count its entities for the lexicon as it goes."""
    builder = SegmentBuilder(storage, indexname, schema)
    lexicon = LexiconBuilder(expected=expected)
    for n, i in enumerate(part, 1):
        builder.add(document(articles[i]))
        lexicon.add(articles[i])
        if n % TICK == 0:
            tick(TICK)
    tick(len(part) % TICK)
    return builder.finish(), lexicon


def _parts(count: int, procs: int) -> list[range]:
    """Article ranges of (nearly) equal size, at most SEGMENT_ARTICLES each, a multiple of `procs` many."""
    if count == 0:
        return []
    n = -(-count // SEGMENT_ARTICLES)
    n = -(-n // procs) * procs if procs > 1 else n
    n = min(n, count)
    bounds = [count * i // n for i in range(n + 1)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:])]


def _check_written(ix, expected: int | None) -> None:
    if expected is not None and ix.doc_count() != expected:
        raise IndexBuildError(f"the new index holds {ix.doc_count()} of {expected} articles")


def _procs(workers: int | None, articles: int) -> int:
    """Worker processes: one per core for a large build, else none (the work is done in this process)."""
    if workers is not None:
        return max(1, workers)
    return multiprocessing.cpu_count() if articles >= POOL_THRESHOLD else 1


def _write_lexicon(gen: Path, ix, lexicons: list[LexiconBuilder] | None, progress: Progress) -> None:
    """lexicon.json: merged from the workers' counts, or (after an incremental build) recounted."""
    if lexicons is not None:
        LexiconBuilder.merged(lexicons).build().save(gen / "lexicon.json")
        return
    lexicon = LexiconBuilder(expected=ix.doc_count())
    progress.start("entity lexicon", ix.doc_count(), unit="article")
    for article in _stored_articles(ix):
        lexicon.add(article)
        progress.advance()
    progress.close()
    lexicon.build().save(gen / "lexicon.json")


def _read_files(keys, files, digests, manifest, report, progress) -> list[Article]:
    """Parse the files to (re)index; record each in the manifest, or in `skipped` with its reason."""
    articles: list[Article] = []
    progress.start("reading", len(keys), unit="file")
    for key in keys:
        try:
            result = read_file(files[key], key)
        except CorpusError as exc:
            report.skipped.append((exc.path, exc.reason))
            progress.log(f"skipped {exc.path}: {exc.reason}")
        else:
            report.warnings.extend(f"{key}: {w}" for w in result.warnings)
            articles.extend(_capped(a, key, report) for a in _unique(result.articles))
            manifest[key] = {"hash": digests[key], "articles": len(result.articles)}
        progress.advance()
    progress.close()
    return articles


def _capped(article: Article, key: str, report: BuildReport) -> Article:
    """The article with an absurdly long title or body cut to the limits above, and a warning."""
    for name, limit in (("title", MAX_TITLE_CHARS), ("body", MAX_BODY_CHARS)):
        text = getattr(article, name) or ""
        if len(text) > limit:
            setattr(article, name, text[:limit])
            report.warnings.append(f"{key}: article {article.id}: {name} of {len(text)} characters "
                                   f"cut to the first {limit}")
    return article


def _unique(articles: list[Article]) -> Iterator[Article]:
    seen = set()
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            yield a


def _dictionary_words(articles: list[Article], previous_gen: Path | None) -> list[str]:
    """Entity names that jieba must keep whole: places, reporters, sources."""
    words = {n for d in DISTRICTS for n in d.names}
    for a in articles:
        words.update(r.name for r in a.reporters)
        if a.source:
            words.add(a.source)
    if previous_gen is not None and (previous_gen / "lexicon.json").exists():
        words.update(Lexicon.load(previous_gen / "lexicon.json").words())
    return sorted(words)


def document(article: Article) -> dict:
    """Whoosh fields of one article; text fields are analysed by the schema's analyzers."""
    title = " ".join(filter(None, (article.kicker, article.title, article.subtitle)))
    # Bylines are cut from the body when parsed, but a reporter's name typed into the
    # search box must still find the article: index the names after the text.
    body = "\n".join([article.body, *(r.name for r in article.reporters)])
    return {
        "id": article.id,
        "file": article.origin.path,
        "title": title,
        "body": body,
        "title_bi": title,
        "body_bi": body,
        "reporter": ",".join(r.name for r in article.reporters if "," not in r.name),
        "district": ",".join(article.districts),
        "source": article.source or "",
        "kind": article.kind or "article",
        "data": json.dumps(article.to_dict(), ensure_ascii=False),
        "facets": {"date": article.date, "source": article.source, "kind": article.kind,
                   "reporters": [r.name for r in article.reporters], "districts": article.districts},
    }


def _stored_articles(ix) -> Iterator[Article]:
    with ix.reader() as reader:
        for _, stored in reader.iter_docs():
            yield Article.from_dict(json.loads(stored["data"]))


def _write_docvalues(gen: Path, ix, progress: Progress) -> int:
    """docvalues.npz, read back from the committed index so document numbers are exact."""
    with ix.reader() as reader:
        dv = DocValuesBuilder(reader.doc_count_all())
        progress.start("doc values", reader.doc_count_all(), unit="article")
        for docnum, stored in reader.iter_docs():
            dv.add(docnum, stored["facets"],
                   {f: reader.doc_field_length(docnum, f) or 0 for f in LENGTH_FIELDS})
            progress.advance()
        progress.close()
        count = reader.doc_count()
    dv.build().save(gen)
    return count


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _dump_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
