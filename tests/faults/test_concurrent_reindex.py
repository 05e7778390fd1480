"""A second reindex while one is running is refused with a clear message and changes nothing."""

from __future__ import annotations


from index.generations import current_generation

from .faultkit import (OLD_ARTICLES, OLD_MARK, assert_clean_error, assert_serves_old, count, manage, sigkill,
                      start_manage, wait_for_line, wait_gone)


def test_second_reindex_gets_the_lock_message_and_exits_non_zero(live_root, long_corpus, old_corpus, tmp_path):
    live = current_generation(live_root)
    log = tmp_path / "first.log"
    first = start_manage("reindex", "--corpus", str(long_corpus), "--index", str(live_root), log=log)
    try:
        wait_for_line(log, "indexing: 0/", first)  # the first one holds the lock and is building
        gens_before = sorted(live_root.glob("gen-*"))
        second = manage("reindex", "--corpus", str(old_corpus), "--index", str(live_root), timeout=60)
        assert_clean_error(second, "another reindex is already running", str(live_root))
        assert sorted(live_root.glob("gen-*")) == gens_before  # the refused one built nothing
        assert first.poll() is None  # and did not disturb the running one
    finally:
        sigkill(first)
    assert wait_gone(str(live_root)) == []
    assert_serves_old(live_root, live)


def test_incremental_reindex_is_refused_the_same_way(live_root, long_corpus, old_corpus, tmp_path):
    log = tmp_path / "first.log"
    first = start_manage("reindex", "--corpus", str(long_corpus), "--index", str(live_root), log=log)
    try:
        wait_for_line(log, "hashing: 0/", first)
        second = manage("reindex", "--incremental", "--corpus", str(old_corpus), "--index", str(live_root),
                        timeout=60)
        assert_clean_error(second, "another reindex is already running")
    finally:
        sigkill(first)
    assert count(live_root, OLD_MARK) == OLD_ARTICLES
