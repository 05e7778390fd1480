"""Shared fixtures: small real indexes built in temporary directories, the app and its client."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from index.build import reindex
from search.engine.handle import IndexHandle
from web import create_app

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "corpus" / "samples"


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
