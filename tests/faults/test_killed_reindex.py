"""A reindex killed with SIGKILL at any stage leaves the live index serving, and the next one succeeds."""

from __future__ import annotations

import time

import pytest

from index.generations import current_generation, reindex_lock

from .faultkit import (NEW_ARTICLES, NEW_MARK, OLD_ARTICLES, OLD_MARK, api_count, app_client, assert_clean_error,
                      assert_serves_old, count, manage, sigkill, start_manage, wait_for_line, wait_gone)

# (progress line printed by the build, seconds to wait after it): hashing the corpus (no generation
# directory yet), indexing (the forked worker processes busy writing segments), committing the
# segments into Whoosh's table of contents, and writing the doc values just before the swap. The
# last two take well under a second now, so the kill may land before or after the switch: either
# way the whole old or the whole new index serves, never a mix.
KILL_POINTS = {
    "hashing": ("hashing: 0/", 0.0),
    "indexing": ("indexing: 0/", 0.8),
    "committing": ("committing the new segments", 0.0),
    "doc values": ("doc values: 0/", 0.0),
}
LATE = ("committing", "doc values")


def kill_build(root, corpus, point: str, log) -> None:
    """Start `manage.py reindex` of `corpus` into `root` and SIGKILL it at `point`."""
    text, delay = KILL_POINTS[point]
    proc = start_manage("reindex", "--corpus", str(corpus), "--index", str(root), log=log)
    try:
        wait_for_line(log, text, proc)
        time.sleep(delay)
    finally:
        sigkill(proc)


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killed_reindex_leaves_live_index_serving_and_lock_free(point, live_root, new_corpus, tmp_path):
    live = kept = current_generation(live_root)
    kill_build(live_root, new_corpus, point, tmp_path / "reindex.log")

    assert wait_gone(str(live_root)) == [], "the killed reindex left worker processes behind"
    if point in LATE and current_generation(live_root) != live:
        assert count(live_root, NEW_MARK) == NEW_ARTICLES and count(live_root, OLD_MARK) == 0
        live = current_generation(live_root)  # and the old one is kept as its predecessor
    else:
        assert_serves_old(live_root, live)
    with reindex_lock(live_root):  # a stale lock would raise ReindexLocked here
        pass
    leftovers = [g for g in live_root.glob("gen-*") if g not in (live, kept)]
    assert all(not (g / "COMPLETE").exists() for g in leftovers)


def test_reindex_after_killed_ones_succeeds_and_cleans_their_leftovers(live_root, new_corpus, tmp_path):
    old_live = current_generation(live_root)
    kill_build(live_root, new_corpus, "indexing", tmp_path / "first.log")
    kill_build(live_root, new_corpus, "committing", tmp_path / "second.log")
    assert wait_gone(str(live_root)) == []
    assert len(list(live_root.glob("gen-*"))) == 3  # the live one and two half-built ones

    log = tmp_path / "third.log"
    proc = start_manage("reindex", "--corpus", str(new_corpus), "--index", str(live_root), log=log)
    assert proc.wait(timeout=180) == 0, log.read_text()
    output = log.read_text()
    assert "Traceback" not in output and f"index holds {NEW_ARTICLES} articles" in output

    new_live = current_generation(live_root)
    assert new_live not in (None, old_live)
    assert count(live_root, NEW_MARK) == NEW_ARTICLES and count(live_root, OLD_MARK) == 0
    assert api_count(live_root, NEW_MARK) == NEW_ARTICLES
    # Half-built generations are gone; the previous live one stays for searches still running on it.
    assert sorted(live_root.glob("gen-*")) == sorted([old_live, new_live])
    assert all((g / "COMPLETE").exists() for g in (old_live, new_live))


def test_killed_first_build_leaves_a_clear_no_index_state_and_the_next_build_cleans_up(
        tmp_path, new_corpus, old_corpus):
    root = tmp_path / "index"
    kill_build(root, new_corpus, "indexing", tmp_path / "first.log")
    assert wait_gone(str(root)) == [] and current_generation(root) is None

    with app_client(root) as client:
        resp = client.get("/api/search?q=重庆")
    assert resp.status_code == 503 and "manage.py reindex" in resp.get_json()["error"]["message"]
    assert_clean_error(manage("search", "重庆", "--index", str(root)), "manage.py reindex")

    done = manage("reindex", "--corpus", str(old_corpus), "--index", str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(root.glob("gen-*")) == [current_generation(root)]
    assert count(root, OLD_MARK) == OLD_ARTICLES
