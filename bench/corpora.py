"""Benchmark corpora: load article records, scale them up by recombination, write them as JSONL.

A scaled corpus of N articles is made by resampling the loaded ones: each
synthetic article takes a base article's title and paragraphs, swaps about a
third of its sentences for sentences of another article and shuffles the
paragraphs, so that no two texts are identical. Dates are spread over
2014–2026, and reporters, districts, papers and kinds are drawn from small
realistic lists with skewed (Zipf-like) frequencies, so that facets have work
to do. Everything is seeded: the same arguments give the same corpus.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from common import SAMPLES
from corpus.extract.gazetteer import DISTRICTS
from corpus.files.reader import iter_corpus_files, read_file

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢谭佘冉"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红鹏辉建文斌宇浩凯健俊帆旭宁婷雪琳晶颖倩慧振元凤茜川渝骏盈"
SOURCES = (("重庆日报", 35), ("重庆晨报", 20), ("新渝报", 15), ("重庆晚报", 10), ("新华社", 10), ("上游新闻", 10))
KINDS = (("article", 85), ("brief", 10), ("photo", 5))
ROLES = ("记者", "记者", "记者", "首席记者", "实习生", "通讯员")
FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2026, 6, 30)
_SENTENCE = re.compile(r"[^。！？；!?]*[。！？；!?]?")
FIELDS = ("id", "title", "subtitle", "kicker", "body", "date", "reporters", "districts", "source", "kind")


def reporter_names(count: int = 200) -> list[str]:
    """A fixed list of plausible reporter names (the same on every run)."""
    rng = random.Random(2024)
    names: dict[str, None] = {}
    while len(names) < count:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        names[rng.choice(SURNAMES) + given] = None
    return list(names)


REPORTERS = reporter_names()
DISTRICT_NAMES = [d.name for d in DISTRICTS]


def zipf(n: int, s: float = 1.0) -> list[float]:
    """Weights 1/rank^s for n items."""
    return [1 / (rank + 1) ** s for rank in range(n)]


def load_articles(corpus: str | Path | None = None) -> list[dict]:
    """Article records (plain dicts) from corpus files or directories; the bundled samples by default."""
    records = []
    for path, key in iter_corpus_files([corpus or SAMPLES]):
        for article in read_file(path, key).articles:
            data = article.to_dict()
            records.append({k: data.get(k) for k in FIELDS})
    if not records:
        raise SystemExit(f"no articles found in {corpus or SAMPLES}")
    return records


def _paragraphs(body: str) -> list[list[str]]:
    return [[s for s in _SENTENCE.findall(p) if s] for p in body.split("\n") if p.strip()]


def scaled(records: list[dict], n: int, seed: int) -> Iterator[dict]:
    """`n` synthetic articles recombined from `records` (see the module docstring)."""
    rng = random.Random(seed)
    pool = [(r.get("title") or "", _paragraphs(r["body"])) for r in records if (r.get("body") or "").strip()]
    span = (LAST_DAY - FIRST_DAY).days
    reporter_w, district_w = zipf(len(REPORTERS), 0.9), zipf(len(DISTRICT_NAMES), 0.7)
    sources, source_w = zip(*SOURCES)
    kinds, kind_w = zip(*KINDS)
    for i in range(n):
        title, paras = rng.choice(pool)
        donor_title, donor = rng.choice(pool)
        donor_sentences = [s for p in donor for s in p]
        paras = [[rng.choice(donor_sentences) if donor_sentences and rng.random() < 0.3 else s for s in p]
                 for p in paras]
        rng.shuffle(paras)
        reporters = dict.fromkeys(rng.choices(REPORTERS, reporter_w, k=rng.choice((0, 1, 1, 1, 2, 3))))
        districts = dict.fromkeys(rng.choices(DISTRICT_NAMES, district_w, k=rng.choice((0, 1, 1, 2))))
        yield {
            "id": f"syn{seed}-{i:07d}",
            "title": title if rng.random() < 0.8 else donor_title,
            "body": "\n".join("".join(p) for p in paras),
            "date": (FIRST_DAY + timedelta(days=rng.randrange(span + 1))).isoformat(),
            "reporters": [{"name": name, "role": rng.choice(ROLES)} for name in reporters],
            "districts": list(districts),
            "source": rng.choices(sources, source_w)[0],
            "kind": rng.choices(kinds, kind_w)[0],
        }


def write_jsonl(records: Iterable[dict], path: Path) -> dict:
    """Write records one a line; their count and the size of their title+body text."""
    count = chars = text_bytes = 0
    with open(path, "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
            text = (r.get("title") or "") + (r.get("body") or "")
            count, chars, text_bytes = count + 1, chars + len(text), text_bytes + len(text.encode("utf-8"))
    return {"articles": count, "text_chars": chars, "text_mb": round(text_bytes / 2**20, 2)}


def prepare(base: list[dict], size: int | None, seed: int, folder: Path) -> tuple[list[dict], Path, dict]:
    """The corpus of one benchmark size as records and as a JSONL file in `folder`, with its stats."""
    records = base if size is None else list(scaled(base, size, seed))
    path = folder / f"corpus-{size or 'as-is'}.jsonl"
    return records, path, write_jsonl(records, path)


@contextmanager
def workdir() -> Iterator[Path]:
    """A temporary directory for corpora and indexes, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix="yuwen-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
