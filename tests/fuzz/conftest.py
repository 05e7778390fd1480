"""Fuzz tests: hypothesis over the query parser, the search and the HTTP API, on small real indexes."""

from __future__ import annotations

import pytest

from search.engine.budget import StepClock
from search.engine.handle import IndexHandle
from web import create_app

from .fuzzkit import SEARCH_SECONDS, build, close, injection_corpus, medium_corpus


def _client(root, seconds: float = SEARCH_SECONDS, **config):
    """A test client of the real app over `root`, and closes its index when the fixture ends."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(root), "SEARCH_SECONDS": seconds, "EXPORT_LIMIT": 1000,
                      **config})
    yield app.test_client()
    close(app.extensions["yuwen_index"])


def _built(tmp_path_factory, name: str, write_corpus):
    """Index root built from the JSONL corpus `write_corpus(path)` writes, in its own temporary directory."""
    d = tmp_path_factory.mktemp(name)
    return build(write_corpus(d / f"{name}.jsonl"), d / "index")


@pytest.fixture(scope="session")
def medium_index(tmp_path_factory):
    """Index root of 3 000 synthetic articles with a small vocabulary (every query word is common)."""
    return _built(tmp_path_factory, "medium", medium_corpus)


@pytest.fixture(scope="session")
def medium(medium_index):
    """The loaded medium index."""
    handle = IndexHandle(medium_index)
    yield handle.current()
    close(handle)


@pytest.fixture(scope="session")
def medium_client(medium_index):
    """Test client of an app over the medium index, with the default search budget."""
    yield from _client(medium_index)


@pytest.fixture(scope="module")
def hurried_client(medium_index):
    """An app over the medium index whose search budget runs out at its first check (the budget's
    clock advances a whole budget each time it is read): every search that checks it is cut short."""
    yield from _client(medium_index, seconds=1.0, BUDGET_CLOCK=StepClock(1.0))


@pytest.fixture(scope="session")
def injection_index(tmp_path_factory):
    """Index root of articles carrying HTML, script and spreadsheet-formula payloads in every field."""
    return _built(tmp_path_factory, "injection", injection_corpus)


@pytest.fixture(scope="session")
def injection_client(injection_index):
    """Test client of an app over the injection index."""
    yield from _client(injection_index)


@pytest.fixture(scope="session")
def tiny_client(tiny_index):
    """Session-wide test client over tests/data/docs.jsonl (hypothesis can't use function fixtures)."""
    yield from _client(tiny_index)
