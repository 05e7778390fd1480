"""Build an index generation from corpus files and publish it atomically.

Full builds start empty; `--incremental` copies the live generation, drops the
articles of changed and deleted files (by content hash), and adds the new ones.
Analysis (normalisation, jieba, bigrams) runs in worker processes; the main
process only feeds Whoosh's writer.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from corpus.gazetteer import DISTRICTS
from corpus.model import Article
from corpus.reader import CorpusError, iter_corpus_files, read_file
from index.analysis import add_user_words, bigram_tokens, encode_tokens, word_tokens
from index.docvalues import DocValuesBuilder
from index.generations import (current_generation, mark_complete, new_generation, publish,
                               reindex_lock)
from index.lexicon import Lexicon, LexiconBuilder
from index.progress import SILENT, Progress
from index.schema import build_schema

MANIFEST = "manifest.json"
META = "meta.json"
INDEX_VERSION = 1
POOL_THRESHOLD = 2000  # below this many articles, worker start-up costs more than it saves
BATCH = 64


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
    with open(path, "rb") as fh:
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
        mark_complete(gen)
        publish(root, gen)
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
    words = _dictionary_words(articles, gen if live else None)
    add_user_words(words)
    writer = ix.writer(limitmb=256)
    try:
        for key in set(changed) | set(removed):
            writer.delete_by_term("file", key)
        progress.start("indexing", len(articles), unit="article")
        for doc in _analysed(articles, words, workers):
            writer.add_document(**doc)
            progress.advance()
        progress.close()
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    report.total_articles = _write_side_files(gen, ix, progress)
    _dump_json(gen / MANIFEST, manifest)
    _dump_json(gen / META, {"version": INDEX_VERSION, "articles": report.total_articles,
                            "files": len(manifest), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})


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
            articles.extend(_unique(result.articles))
            manifest[key] = {"hash": digests[key], "articles": len(result.articles)}
        progress.advance()
    progress.close()
    return articles


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


def analyse(article: Article) -> dict:
    """Whoosh document fields for one article, text already tokenised."""
    data = article.to_dict()
    title = " ".join(filter(None, (article.kicker, article.title, article.subtitle)))
    return {
        "id": article.id,
        "file": article.origin.path,
        "title": word_tokens(title),
        "body": word_tokens(article.body),
        "title_bi": encode_tokens(bigram_tokens(title)),
        "body_bi": encode_tokens(bigram_tokens(article.body)),
        "reporter": ",".join(r.name for r in article.reporters if "," not in r.name),
        "district": ",".join(article.districts),
        "source": article.source or "",
        "kind": article.kind or "article",
        "data": json.dumps(data, ensure_ascii=False),
    }


def _init_worker(words: list[str]) -> None:
    add_user_words(words)


def _analyse_batch(batch: list[Article]) -> list[dict]:
    return [analyse(a) for a in batch]


def _analysed(articles: list[Article], words: list[str], workers: int | None) -> Iterator[dict]:
    """Analysed documents in order; in a process pool when there are enough to repay it."""
    workers = workers if workers is not None else (multiprocessing.cpu_count() if len(articles) >= POOL_THRESHOLD else 0)
    if workers <= 1:
        yield from map(analyse, articles)
        return
    batches = [articles[i : i + BATCH] for i in range(0, len(articles), BATCH)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(words,)) as pool:
        for docs in pool.imap(_analyse_batch, batches):
            yield from docs


def _write_side_files(gen: Path, ix, progress: Progress) -> int:
    """docvalues.npz and lexicon.json, read back from the committed index so docnums are exact."""
    lexicon = LexiconBuilder()
    with ix.reader() as reader:
        dv = DocValuesBuilder(reader.doc_count_all())
        progress.start("facets and lexicon", reader.doc_count(), unit="article")
        for docnum, stored in reader.iter_docs():
            article = Article.from_dict(json.loads(stored["data"]))
            dv.add(docnum, {"date": article.date, "source": article.source, "kind": article.kind,
                            "reporters": [r.name for r in article.reporters],
                            "districts": article.districts})
            lexicon.add(article)
            progress.advance()
        progress.close()
        count = reader.doc_count()
    dv.build().save(gen)
    lexicon.build().save(gen / "lexicon.json")
    return count


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _dump_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
