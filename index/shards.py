"""An archive split into shards, built as tasks on a Dask cluster and published together.

Layout of a sharded index root (the same generations, lock and CURRENT as a single index):
    CURRENT            name of the live shard set (replaced with os.replace, atomically)
    gen-<stamp>/       one shard set
        shards.json    the manifest: every shard's directory, articles, dates and BM25 sums
        lexicon.json   the archive's entity lexicon (the shards' counts merged)
        shard-000/ …   each an ordinary index generation
    .lock

Shards are contiguous ranges of the corpus in the order a single build indexes it
(files by key, each file's lines in order), cut at line ends into parts of about
equal size. Shard number then local document number is the single index's
document order, so ties, facet values first seen and related articles come out
as one index would order them; and a chronological archive's ranges are date
ranges. Each shard is built in a fresh process on a worker, as a single build
would build those articles after the earlier ones: taught the entity names the
earlier shards taught jieba, and dropping ids an earlier shard holds (a survey of
every shard's ids and names runs first, in parallel). The set is published by
renaming CURRENT once every shard is written, so a search sees all old shards
or all new ones.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from corpus.files.reader import CorpusError, iter_corpus_files
from index.build import IndexBuildError, _dump_json, _load_json, build_part
from index.docvalues import LENGTH_FIELDS, DocValues
from index.generations import current_generation, new_generation, publish, reindex_lock
from index.lexicon import LexiconBuilder
from index.progress import SILENT, Progress
from index.sources import CHUNK_BYTES, Piece, corpus_pieces, file_size, read_piece

MANIFEST = "shards.json"
FORMAT = "yuwen-shards"
PROJECT = Path(__file__).resolve().parent.parent
PIECES_PER_SHARD = 4  # pieces are cut this much smaller than a shard, so shards come out even


class NotSharded(Exception):
    """The directory holds no published shard set."""


@dataclass
class ShardsReport:
    """What a sharded build did, for the CLI summary."""

    generation: str | None = None
    shards: int = 0
    files: int = 0
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    shard_seconds: list[float] = field(default_factory=list)  # each shard's build, in its own process

    @property
    def articles_per_second(self) -> float:
        """Indexing rate of the whole build."""
        return self.articles / self.seconds if self.seconds else 0.0


def split(files: dict[str, Path], sizes: dict[str, int], shards: int) -> list[list[Piece]]:
    """The corpus order cut into at most `shards` contiguous runs of pieces of about equal size.

    >>> from pathlib import Path
    >>> runs = split({"a.txt": Path("a.txt"), "b.txt": Path("b.txt"), "c.txt": Path("c.txt")},
    ...              {"a.txt": 10, "b.txt": 10, "c.txt": 40}, 2)
    >>> [[p.key for p in run] for run in runs]
    [['a.txt', 'b.txt'], ['c.txt']]
    """
    total = sum(sizes.values())
    chunk = max(1, min(CHUNK_BYTES, total // max(1, shards * PIECES_PER_SHARD)))
    runs: list[list[Piece]] = [[] for _ in range(shards)]
    done = 0
    for piece, size in corpus_pieces(files, sizes, chunk):
        middle = done + size / 2  # a piece goes to the shard its middle byte falls in
        runs[min(shards - 1, int(middle * shards / max(1, total)))].append(piece)
        done += size
    return [run for run in runs if run]


def survey(pieces: list[Piece]) -> dict:
    """A shard's article ids and the entity names its build will teach jieba, in corpus order (a worker task)."""
    ids, names, seen = [], {}, set()
    for piece in pieces:
        try:
            result = read_piece(piece)
        except CorpusError:
            continue  # the build reports it
        for article in result.articles:
            if article.id in seen:
                continue
            seen.add(article.id)
            ids.append(article.id)
            names.update(dict.fromkeys([r.name for r in article.reporters] + [article.source or ""]))
    return {"ids": ids, "names": list(names)}


def earlier(surveys: list[dict]) -> list[tuple[list[str], list[str]]]:
    """Per shard: the names the shards before it teach (in order), and its ids an earlier shard holds.

    >>> earlier([{"ids": ["a", "b"], "names": ["x"]}, {"ids": ["b", "c"], "names": ["y", "x"]}])
    [([], []), (['x'], ['b'])]
    """
    out, names, ids = [], {}, set()
    for s in surveys:
        out.append((list(names), [i for i in s["ids"] if i in ids]))
        names.update(dict.fromkeys(s["names"]))
        ids.update(s["ids"])
    return out


def build_shard(spec: dict) -> dict:
    """Build one shard in a fresh Python process (a worker task); its summary for the manifest.

    A fresh process starts with jieba's stock dictionary, as a single build does, whatever
    the worker has loaded before; the memory of the build is returned when it ends.
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "index.shards"], input=json.dumps(spec), text=True,
                          capture_output=True, cwd=PROJECT, env=env)
    if done.returncode != 0:
        raise IndexBuildError(f"shard {Path(spec['gen']).name} failed (exit {done.returncode}): "
                              f"{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _build_here(spec: dict) -> dict:
    """What `build_shard`'s process does: build the shard, then summarise it."""
    gen = Path(spec["gen"])
    gen.mkdir(parents=True)
    duplicates = set(spec["duplicates"])
    pieces = [Piece(**p) for p in spec["pieces"]]
    report = build_part(pieces, gen, words=spec["words"], elsewhere=duplicates.__contains__,
                        archive_bytes=spec["archive_bytes"], workers=spec["workers"])
    return {**summarise(gen), "seconds": report.seconds, "skipped": report.skipped,
            "warnings": report.warnings}


def summarise(gen: Path) -> dict:
    """A built shard's figures for the manifest: documents, live articles, dates, BM25 length sums."""
    dv = DocValues.load(gen)
    live_days = dv.day[dv.live & (dv.day >= 0)]
    return {
        "name": gen.name,
        "documents": int(dv.size),  # with the deleted ones: BM25 counts them, as one index does
        "articles": int(dv.live.sum()),
        "newest_day": int(dv.day.max(initial=-1)),
        "first_day": int(live_days.min()) if len(live_days) else None,
        "last_day": int(live_days.max()) if len(live_days) else None,
        "lengths": {f: float(dv.lengths[f].sum(dtype=np.float64)) for f in LENGTH_FIELDS},
        "bytes": sum(p.stat().st_size for p in gen.iterdir() if p.is_file()),
    }


def build_shards(corpus_paths, root: str | Path, client, *, shards: int | None = None, workers: int = 1,
                 progress: Progress = SILENT) -> ShardsReport:
    """Build the corpus as a new shard set under `root` on the cluster `client` talks to, then publish it.

    :param shards: how many (default: two per worker thread of the cluster).
    :param workers: indexing processes of each shard's build (each Dask worker thread builds one shard).
    """
    from distributed import as_completed

    root = Path(root)
    started = time.monotonic()
    report = ShardsReport()
    with reindex_lock(root):
        files = _regular_files(corpus_paths, report)
        sizes = {k: file_size(p) for k, p in files.items()}
        wanted = shards or max(2, 2 * sum(w["nthreads"] for w in client.scheduler_info()["workers"].values()))
        runs = split(files, sizes, wanted)
        gen = new_generation(root)
        try:
            progress.log(f"surveying {len(runs)} shards …")
            surveys = client.gather(client.map(survey, runs, pure=False))
            specs = [{"pieces": [asdict(p) for p in run], "gen": str(gen / f"shard-{n:03d}"), "words": words,
                      "duplicates": dups, "archive_bytes": sum(sizes.values()), "workers": workers}
                     for n, (run, (words, dups)) in enumerate(zip(runs, earlier(surveys)))]
            futures = client.map(build_shard, specs, pure=False, retries=0)
            progress.start("shards", len(futures), unit="shard")
            try:
                for _ in as_completed(futures, loop=client.loop):
                    progress.advance()
                summaries = client.gather(futures)
            except BaseException:
                client.cancel(futures)  # shards not started yet; running ones fail on the removed directory
                raise
            progress.close()
            report.files = len(files)
            _finish(gen, summaries, report)
            publish(root, gen)
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
    report.generation, report.shards = gen.name, len(runs)
    report.seconds = time.monotonic() - started
    return report


def _regular_files(paths, report: ShardsReport) -> dict[str, Path]:
    """Corpus files by key; those that aren't regular or can't be read are reported and left out."""
    files = {}
    for path, key in iter_corpus_files(paths):
        try:
            if stat.S_ISREG(os.stat(path).st_mode):
                files[key] = path
            else:
                report.skipped.append((str(path), "not a regular file (a FIFO, device or socket)"))
        except OSError as exc:
            report.skipped.append((str(path), f"cannot read: {exc.strerror or exc}"))
    return files


def _finish(gen: Path, summaries: list[dict], report: ShardsReport) -> None:
    """The archive's lexicon and the manifest, from the built shards."""
    lexicons = [LexiconBuilder.from_json(_load_json(gen / s["name"] / "lexicon.counts.json")) for s in summaries]
    total = LexiconBuilder.merged(lexicons)
    _dump_json(gen / "lexicon.counts.json", total.to_json())
    total.build().save(gen / "lexicon.json")
    for s in summaries:
        report.skipped += [tuple(x) for x in s.pop("skipped")]
        report.warnings += s.pop("warnings")
        report.shard_seconds.append(round(s.pop("seconds"), 2))
    report.articles = sum(s["articles"] for s in summaries)
    _dump_json(gen / MANIFEST, {"format": FORMAT, "articles": report.articles, "files": report.files,
                                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "shards": summaries})


def current_set(root: str | Path) -> Path | None:
    """The live shard set of a sharded index root, or None when there is none."""
    gen = current_generation(Path(root))
    return gen if gen is not None and (gen / MANIFEST).is_file() else None


def read_manifest(gen: Path) -> dict:
    """A shard set's manifest; NotSharded when the directory is no complete shard set."""
    data = _load_json(gen / MANIFEST)
    if data.get("format") != FORMAT or not (gen / "COMPLETE").exists():
        raise NotSharded(f"{gen} holds no complete shard set")
    return data


if __name__ == "__main__":  # the process `build_shard` starts: a spec on stdin, the summary on stdout
    print(json.dumps(_build_here(json.loads(sys.stdin.read())), ensure_ascii=False))
