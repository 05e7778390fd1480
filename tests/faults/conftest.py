"""Fault tests: real `manage.py` processes killed, starved of disk and fed damaged files.

Nothing of ours is mocked; see faultkit.py for the corpora and the process helpers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import reindex

from .faultkit import NEW_ARTICLES, NEW_MARK, OLD_ARTICLES, OLD_MARK, synthetic_articles, write_jsonl


@pytest.fixture(scope="session")
def old_corpus(tmp_path_factory) -> Path:
    """The small corpus of the live index."""
    return write_jsonl(tmp_path_factory.mktemp("old") / "old.jsonl",
                       synthetic_articles(OLD_ARTICLES, OLD_MARK, 1, "old"))


@pytest.fixture(scope="session")
def new_corpus(tmp_path_factory) -> Path:
    """The larger corpus of the builds that get killed, starved or locked out."""
    return write_jsonl(tmp_path_factory.mktemp("new") / "new.jsonl",
                       synthetic_articles(NEW_ARTICLES, NEW_MARK, 2, "new"))


@pytest.fixture(scope="session")
def long_corpus(tmp_path_factory) -> Path:
    """A corpus whose build runs for many seconds on any machine: long enough for a second command
    to start (importing the project takes a second or two) while it holds the reindex lock."""
    return write_jsonl(tmp_path_factory.mktemp("long") / "long.jsonl",
                       synthetic_articles(8 * NEW_ARTICLES, NEW_MARK, 3, "long"))


@pytest.fixture
def live_root(tmp_path, old_corpus) -> Path:
    """An index root whose live generation holds the old corpus."""
    root = tmp_path / "index"
    reindex([old_corpus], root, workers=1)
    return root


