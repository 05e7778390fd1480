"""Fixtures of the sharded engine's tests: a news corpus, and a cluster of their own for the fault tests."""

from __future__ import annotations

import json
import logging
import random
import re
from pathlib import Path

import pytest

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "bench-data" / "cctv_xwlb_2022_2026.jsonl"
NEWS_ITEMS = 2500
SOURCES = ("重庆日报", "重庆晨报", "新渝报", "新华社")
DISTRICTS = ("江津区", "渝中区", "大足区", "万州区", "永川区")


def news_items(n: int = NEWS_ITEMS) -> list[str]:
    """The first `n` lines of the shared news corpus, or (without it) `n` items recombined from the samples."""
    if NEWS.is_file():
        with open(NEWS, encoding="utf-8") as fh:
            return [line.rstrip("\n") for _, line in zip(range(n), fh)]
    from corpus.reader import iter_corpus_files, read_file

    sentences = [s for path, key in iter_corpus_files([ROOT / "corpus" / "samples"])
                 for a in read_file(path, key).articles for s in re.findall(r"[^。！？]+[。！？]", a.body)]
    rng = random.Random(7)
    return [json.dumps({"id": f"gen-{i:05d}", "title": rng.choice(sentences)[:20], "body": "".join(rng.sample(sentences, 6)),
                        "date": f"{rng.randrange(2019, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                        "source": rng.choice(SOURCES), "districts": rng.sample(DISTRICTS, rng.randrange(0, 3))},
                       ensure_ascii=False) for i in range(n)]


@pytest.fixture(scope="session")
def news_corpus(tmp_path_factory) -> list[Path]:
    """The sample pages plus a few thousand news items: the corpus both engines are built from."""
    folder = tmp_path_factory.mktemp("news")
    (folder / "news.jsonl").write_text("\n".join(news_items()) + "\n", encoding="utf-8")
    return [ROOT / "corpus" / "samples", folder / "news.jsonl"]


@pytest.fixture(scope="module")
def own_cluster():
    """A cluster only this module's tests disturb (they kill and stop its workers)."""
    import distributed

    cluster = distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=2, processes=True,
                                       dashboard_address="127.0.0.1:0", resources={"shards": 16},
                                       silence_logs=logging.CRITICAL)
    client = distributed.Client(cluster, set_as_default=False, direct_to_workers=True)
    yield cluster, client
    client.close()
    cluster.close()
