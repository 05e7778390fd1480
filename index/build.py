"""Build an index generation from corpus files and publish it atomically.

The corpus is cut into tasks of bounded size (sources.py); one forked worker
per core indexes a task at a time into a Whoosh segment (workers.py), reading
its own pieces of the corpus, so memory stays the same whatever the corpus
size. Whoosh's writer then commits the new segments, with the deletions of an
incremental run, into the table of contents; doc values and the lexicon are
assembled from what the workers counted. An incremental run starts from the
live generation's files (hard links: segments never change once written).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from whoosh import index as whoosh_index

from corpus.extract.gazetteer import DISTRICTS
from corpus.model import Article
from corpus.files.reader import CorpusError, iter_corpus_files, open_regular
from index.analysis import add_user_words
from index.docvalues import DocValues, DocValuesBuilder, concat
from index.generations import (current_generation, mark_complete, new_generation, publish,
                               reindex_lock)
from index.integrity import write_record
from index.lexicon import Lexicon, LexiconBuilder
from index.memory import for_large_arrays
from index.merge import merge_built, merge_small
from index.parallel import WorkerFailed, run_jobs
from index.progress import SILENT, Progress
from index.schema import INDEX_VERSION, build_schema
from index.sources import TASK_BYTES, Piece, Task, file_size, group, piece_size, plan
from index.workers import TaskResult, index_task

MANIFEST = "manifest.json"
META = "meta.json"
LEXICON_COUNTS = "lexicon.counts.json"
POOL_BYTES = 3 << 20  # below this much corpus, worker start-up costs more than it saves
COPIED = {MANIFEST, META, LEXICON_COUNTS, "lexicon.json", "docvalues.npz", "docvalues.vocab.json",
          "files.json", "COMPLETE", "MAIN_WRITELOCK"}  # rewritten by every build, never linked


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
    for_large_arrays()
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
    digests = _digests(files, report, progress)
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


def build_part(pieces: list[Piece], gen: Path, *, words: Iterable[str] = (),
               elsewhere: Callable[[str], bool] | None = None, archive_bytes: int | None = None,
               progress: Progress = SILENT, workers: int | None = 1) -> BuildReport:
    """Build one part of a larger archive (a shard) from corpus pieces into the empty directory `gen`.

    The part is an ordinary generation, left unpublished: the archive publishes its parts together.
    It is built as a single build would index these articles after the earlier parts':
    :param words: the entity names the earlier parts taught jieba, in the order they were met;
    :param elsewhere: whether an id is held by an earlier part (its article is dropped as a duplicate);
    :param archive_bytes: the whole archive's size (the lexicon samples names at the same rate).
    """
    for_large_arrays()
    started = time.monotonic()
    report = BuildReport(generation=gen.name)
    ix = whoosh_index.create_in(str(gen), build_schema())
    add_user_words(_dictionary_words(None))
    add_user_words(words)
    sized = [(p, piece_size(p)) for p in pieces]
    total = sum(s for _, s in sized)
    procs = _procs(workers, total)
    tasks = group(sized, max(1, min(TASK_BYTES, -(-total // procs))))
    compact = len(tasks) < 2  # else merged, which encodes their postings again
    results = _run_tasks(ix, tasks, procs, archive_bytes or total, progress, compact=compact)
    for r in results:
        report.skipped += r.skipped
        report.warnings += r.warnings
    articles = _articles_per_file(results)
    report.files = report.files_indexed = len({p.key for p in pieces})
    report.articles = sum(articles.values())
    commit = _commit(ix, None, results, set(), report, progress, elsewhere)
    report.total_articles = _write_docvalues(gen, ix, None, commit, progress, procs, compact)
    _write_lexicon(gen, None, commit, results, progress)
    _dump_json(gen / MANIFEST, {key: {"articles": n} for key, n in articles.items()})
    _dump_json(gen / META, {"version": INDEX_VERSION, "articles": report.total_articles, "files": report.files,
                            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
    write_record(gen)
    mark_complete(gen)
    report.seconds = time.monotonic() - started
    return report


def _digests(files: dict[str, Path], report: BuildReport, progress: Progress) -> dict[str, str]:
    """Content hashes of the regular files; FIFOs, devices and unreadable files are reported and skipped."""
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
    return digests


def _build_generation(gen, live, files, digests, changed, removed, old, report, progress, workers):
    if live:
        _link_generation(live, gen)
        ix = whoosh_index.open_dir(str(gen))
    else:
        ix = whoosh_index.create_in(str(gen), build_schema())
    add_user_words(_dictionary_words(gen if live else None))
    wanted = {k: files[k] for k in changed}
    sizes = {k: file_size(p) for k, p in wanted.items()}
    procs = _procs(workers, sum(sizes.values()))
    tasks = plan(wanted, sizes, procs)
    # A full build merges its task segments (merge.py), which encodes their postings again.
    compact = live is not None or len(tasks) < 2
    results = _run_tasks(ix, tasks, procs, sum(sizes.values()), progress, compact=compact)
    manifest = {k: v for k, v in old.items() if k not in removed and k not in changed}
    for r in results:
        report.skipped += r.skipped
        report.warnings += r.warnings
    articles = _articles_per_file(results)
    for key in changed:
        if key in articles:
            manifest[key] = {"hash": digests[key], "articles": articles[key]}
    report.files_indexed, report.files_removed = len(changed), len(removed)
    report.articles = sum(articles.values())
    commit = _commit(ix, live, results, set(changed) | set(removed), report, progress)
    report.total_articles = _write_docvalues(gen, ix, live, commit, progress, procs, compact)
    _write_lexicon(gen, live, commit, results, progress)
    _dump_json(gen / MANIFEST, manifest)
    _dump_json(gen / META, {"version": INDEX_VERSION, "articles": report.total_articles,
                            "files": len(manifest), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})


def _articles_per_file(results: list[TaskResult]) -> dict[str, int]:
    """Articles indexed per file key; a file that failed in any of its pieces is left out (retried next time)."""
    failed = set().union(*(r.failed for r in results)) if results else set()
    counts: dict[str, int] = {}
    for r in results:
        for key, n in r.articles.items():
            counts[key] = counts.get(key, 0) + n
    return {k: n for k, n in counts.items() if k not in failed}


def _link_generation(live: Path, gen: Path) -> None:
    """The live generation's segment files in the new directory, as hard links (copies where links fail)."""
    for path in live.iterdir():
        if not path.is_file() or path.name in COPIED:
            continue
        try:
            os.link(path, gen / path.name)
        except OSError:
            shutil.copy2(path, gen / path.name)


def _run_tasks(ix, tasks: list[Task], procs: int, total_bytes: int, progress: Progress,
               compact: bool) -> list[TaskResult]:
    """Every task's result, indexed by `procs` worker processes (`compact`: see SegmentBuilder)."""
    expected = max(1, total_bytes // 1500)  # roughly: a news article is about 1.5 KB of JSON
    job = partial(index_task, storage=ix.storage, indexname=ix.indexname, schema=ix.schema, expected=expected,
                  compact=compact)
    progress.start("indexing", expected, unit="article")
    try:
        results = run_jobs(job, tasks, procs, progress.advance)
    except WorkerFailed as exc:
        raise IndexBuildError(str(exc)) from None
    progress.close()
    return results


def _procs(workers: int | None, total_bytes: int) -> int:
    """Worker processes: one per core for a large build, else none (the work is done in this process)."""
    if workers is not None:
        return max(1, workers)
    return multiprocessing.cpu_count() if total_bytes >= POOL_BYTES else 1


@dataclass
class Commit:
    """What a build committed: the live generation's documents it deleted, and the new segments."""

    deleted_old: list[int]  # document numbers in the live generation's segments
    new: list[TaskResult]


def _commit(ix, live, results, replaced_keys: set[str], report: BuildReport, progress: Progress,
            elsewhere: Callable[[str], bool] | None = None) -> Commit:
    """New segments into Whoosh's table of contents; old articles of changed and removed files deleted.

    :param elsewhere: whether an id belongs to an earlier part of the archive (see `build_part`).
    """
    progress.log("committing the new segments …")
    new = [r for r in results if r.segment is not None]
    with ix.searcher() as searcher:
        deleted_old = sorted({d for key in replaced_keys for d in searcher.document_numbers(file=key)})
        _drop_duplicates(new, _kept_ids(searcher, set(deleted_old)) if live else elsewhere, report)
    writer = ix.writer()
    try:
        for docnum in deleted_old:
            writer.delete_document(docnum)
        segments = [r.segment for r in new]
        writer.commit(mergetype=lambda w, existing: list(existing) + segments)
    except BaseException:
        if not writer.is_closed:  # a commit that failed half-way has closed it already
            writer.cancel()
        raise
    return Commit(deleted_old, new)


def _kept_ids(searcher, deleted: set[int]):
    """Whether the live generation holds an id in an article this build keeps (for duplicates)."""
    def exists(article_id: str) -> bool:
        return any(d not in deleted for d in searcher.document_numbers(id=article_id))
    return exists


def _drop_duplicates(new: list[TaskResult], exists, report: BuildReport) -> None:
    """Delete any article whose id an earlier file (or the live generation) already holds; warn."""
    seen: set[str] = set()
    for r in new:
        for local, article_id in enumerate(r.ids):
            if article_id in seen or (exists is not None and exists(article_id)):
                r.segment.delete_document(local)
                r.docvalues.live[local] = False
                report.warnings.append(f"duplicate article id {article_id!r}: kept the first, dropped another")
            seen.add(article_id)


def _write_docvalues(gen: Path, ix, live: Path | None, commit: Commit, progress: Progress, procs: int,
                     compact: bool) -> int:
    """docvalues.npz: the live generation's (minus deletions) followed by each new segment's.

    :param compact: whether the workers wrote their segments compact (else each is merged, even alone).

    Segments are then merged (merge.py): a full build's in order, an incremental build's small
    ones, which reorders documents.
    """
    progress.start("doc values", len(commit.new) + 1, unit="segment")
    parts = []
    if live:
        old = DocValues.load(live)
        old.live[commit.deleted_old] = False
        parts.append(old)
    progress.advance()
    for r in commit.new:
        parts.append(r.docvalues)
        progress.advance()
    progress.close()
    dv = concat(parts) if parts else DocValuesBuilder(0).build()
    if live:
        dv = merge_small(ix, dv, progress)
    else:
        try:
            merge_built(ix, dv, procs, progress, merge_alone=not compact)
        except WorkerFailed as exc:
            raise IndexBuildError(f"merging the segments: {exc}") from None
    dv.save(gen)
    return int(dv.live.sum())


def _write_lexicon(gen: Path, live: Path | None, commit: Commit, results: list[TaskResult],
                   progress: Progress) -> None:
    """lexicon.json from the workers' counts, added to the live generation's minus deleted articles."""
    builders = [r.lexicon for r in results if r.lexicon is not None]
    if live:
        old = LexiconBuilder.from_json(_load_json(live / LEXICON_COUNTS))
        with whoosh_index.open_dir(str(live)).searcher() as searcher:
            for docnum in commit.deleted_old:
                old.subtract(Article.from_dict(json.loads(searcher.stored_fields(docnum)["data"])))
        builders.insert(0, old)
    total = LexiconBuilder.merged(builders)
    progress.log("entity lexicon …")
    _dump_json(gen / LEXICON_COUNTS, total.to_json())
    total.build().save(gen / "lexicon.json")


def _dictionary_words(previous_gen: Path | None) -> list[str]:
    """Entity names that jieba must keep whole: districts, and the previous lexicon's names.

    Reporters and papers new to this build are taught to jieba by the workers as they meet them.
    """
    words = {n for d in DISTRICTS for n in d.names}
    if previous_gen is not None and (previous_gen / "lexicon.json").exists():
        words.update(Lexicon.load(previous_gen / "lexicon.json").words())
    return sorted(words)


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _dump_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
