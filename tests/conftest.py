"""Shared fixtures: small real indexes built in temporary directories, the app and its client."""

from __future__ import annotations

import json
import logging
import random
import shutil
from pathlib import Path

import pytest

from index.build import reindex
from search.engine.handle import IndexHandle
from web import create_app

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "corpus" / "samples"
OCR_CHARS = "重庆江津市民发展经济文化旅游消费城市乡村振兴产业企业"
LONG_CHARS = 199_000


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory) -> Path:
    """Index root built from tests/data/docs.jsonl (hand-written articles with known metadata)."""
    root = tmp_path_factory.mktemp("tiny") / "index"
    reindex([DATA / "docs.jsonl"], root)
    return root


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """Index root built from the bundled sample pages."""
    root = tmp_path_factory.mktemp("samples") / "index"
    reindex([SAMPLES], root)
    return root


@pytest.fixture(scope="session")
def archive_index(tmp_path_factory) -> Path:
    """Index root built from tests/data/archive.jsonl: two papers' issues with pages, reading order,
    original URLs, an inferred year, an old id kept as an alias and an undated record."""
    root = tmp_path_factory.mktemp("archive") / "index"
    reindex([DATA / "archive.jsonl"], root)
    return root


@pytest.fixture(scope="session")
def archive(archive_index):
    """The loaded archive index."""
    return IndexHandle(archive_index).current()


@pytest.fixture
def archive_app(archive_index):
    """The real Flask app over the archive index."""
    return create_app({"TESTING": True, "INDEX_DIR": str(archive_index), "SEARCH_SECONDS": 2.0})


@pytest.fixture
def archive_client(archive_app):
    """Test client of the archive-index app."""
    return archive_app.test_client()


@pytest.fixture(scope="session")
def bulk_index(tmp_path_factory) -> Path:
    """Index root of 1,200 articles (two papers, a year of dates, pages, original URLs on half of them)."""
    corpus = tmp_path_factory.mktemp("bulk") / "bulk.jsonl"
    rows = [{"id": f"b{i:04d}", "title": f"第{i}号稿件：江北夜市", "body": f"江北区夜市第{i}天。\n=SUM(A1) 不是公式。",
             "date": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "source": "重庆日报" if i % 3 else "新渝报",
             "page": str(i % 8 + 1), "order": i % 5 + 1, "url": f"https://example.cn/{i}.htm" if i % 2 else None}
            for i in range(1200)]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    reindex([corpus], corpus.parent / "index")
    return corpus.parent / "index"


@pytest.fixture(scope="session")
def long_index(tmp_path_factory) -> Path:
    """Index root of tests/data/docs.jsonl plus `long-ocr`: one 199k-character OCR line without
    punctuation, made of common characters (each occurs thousands of times; the snippet attack)."""
    rng = random.Random(1)
    body = "".join(rng.choice(OCR_CHARS) for _ in range(LONG_CHARS))
    folder = tmp_path_factory.mktemp("long")
    corpus = folder / "long.jsonl"
    record = {"id": "long-ocr", "title": "重庆江津长篇识别文本", "body": body, "date": "2025-06-01",
              "source": "重庆日报"}
    corpus.write_text((DATA / "docs.jsonl").read_text(encoding="utf-8").rstrip("\n") + "\n"
                      + json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    reindex([corpus], folder / "index", workers=1)
    return folder / "index"


@pytest.fixture(scope="session")
def tiny_whoosh(tiny_index):
    """The loaded tiny index."""
    return IndexHandle(tiny_index).current()


@pytest.fixture(scope="session")
def tiny(tiny_whoosh):
    """The loaded tiny index (some test modules make it both engines, see `tiny_any`)."""
    return tiny_whoosh


@pytest.fixture(scope="session")
def samples(sample_index):
    """The loaded sample index."""
    return IndexHandle(sample_index).current()


@pytest.fixture
def app(tiny_index):
    """The real Flask app over the tiny index."""
    return create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "SEARCH_SECONDS": 2.0,
                       "EXPORT_LIMIT": 1000})


@pytest.fixture
def sample_app(sample_index):
    """The real Flask app over the sample pages."""
    return create_app({"TESTING": True, "INDEX_DIR": str(sample_index), "SEARCH_SECONDS": 2.0,
                       "EXPORT_LIMIT": 1000})


@pytest.fixture
def client(app):
    """Test client of the tiny-index app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """CLI runner bound to the app."""
    return app.test_cli_runner()


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of tests/data/docs.jsonl in its own directory."""
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(DATA / "docs.jsonl", d / "docs.jsonl")
    return d


@pytest.fixture(scope="session")
def dask_client():
    """A real Dask cluster on 127.0.0.1: a scheduler and two worker processes offering the `shards` resource."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=2, processes=True,
                                       dashboard_address="127.0.0.1:0", resources={"shards": 16},
                                       silence_logs=logging.ERROR)
    client = distributed.Client(cluster, set_as_default=False, direct_to_workers=True)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="session")
def sharded(dask_client):
    """sharded(paths, root, shards=3): a shard set built from `paths` on the test cluster under `root`, loaded."""
    from index.shards import build_shards
    from search.engine.cluster.handle import ClusterHandle

    def build(paths, root: Path, shards: int = 3):
        build_shards(paths, root, dask_client, shards=shards)
        return ClusterHandle(root, dask_client).current()
    return build


@pytest.fixture(scope="session")
def tiny_cluster(sharded, tmp_path_factory):
    """tests/data/docs.jsonl as three shards served by the Dask cluster."""
    engine = sharded([DATA / "docs.jsonl"], tmp_path_factory.mktemp("tiny-shards") / "index")
    yield engine
    engine.close()


@pytest.fixture(scope="session", params=["whoosh", "cluster"])
def tiny_any(request, tiny_whoosh):
    """The tiny archive as one index, then as shards on a cluster: for tests that must hold for both engines."""
    return tiny_whoosh if request.param == "whoosh" else request.getfixturevalue("tiny_cluster")
