"""A reindex that can't write (disk full, file size limit) fails with a clear message; the live index stays.

The full disk is real: a 3 MB tmpfs mounted for the test, which needs root (mount); without it
the disk-full tests are skipped and say why. The write error inside the forked indexing workers
comes from RLIMIT_FSIZE, which makes the kernel refuse any file larger than the limit with EFBIG
(no root needed).
"""

from __future__ import annotations

import os
import resource
import subprocess

import pytest

from index.build import reindex
from index.generations import current_generation, reindex_lock

from .faultkit import (OLD_ARTICLES, OLD_MARK, assert_clean_error, assert_serves_old, count, manage,
                      synthetic_articles, wait_gone, write_jsonl)

FSIZE_LIMIT = 1_000_000  # above every file the parent writes, below each worker's posting file


@pytest.fixture
def small_disk(tmp_path):
    """An index root on a freshly mounted 3 MB tmpfs (skipped without root: mount needs it)."""
    if os.geteuid() != 0:
        pytest.skip("mounting the 3 MB tmpfs of the disk-full test needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs for the disk-full test although running as root: {done.stderr}")
    try:
        yield mount / "index"
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def assert_no_leftovers(root, live) -> None:
    """Only the live generation is left, and nobody holds the lock."""
    assert wait_gone(str(root)) == []
    assert list(root.glob("gen-*")) == [live]
    with reindex_lock(root):
        pass


def test_disk_full_during_a_multiprocess_build_fails_clearly_and_keeps_the_live_index(
        small_disk, old_corpus, new_corpus):
    reindex([old_corpus], small_disk, workers=1)
    live = current_generation(small_disk)

    done = manage("reindex", "--corpus", str(new_corpus), "--index", str(small_disk))

    assert_clean_error(done, "No space left on device", "the live index is unchanged", str(small_disk))
    assert_serves_old(small_disk, live)
    assert_no_leftovers(small_disk, live)
    # The space of the failed build is free again: the next (small) reindex fits.
    again = manage("reindex", "--corpus", str(old_corpus), "--index", str(small_disk))
    assert again.returncode == 0, again.stdout + again.stderr
    assert count(small_disk, OLD_MARK) == OLD_ARTICLES


def test_disk_full_during_a_single_process_build_fails_clearly(small_disk, old_corpus, tmp_path):
    reindex([old_corpus], small_disk, workers=1)
    live = current_generation(small_disk)
    corpus = write_jsonl(tmp_path / "mid.jsonl", synthetic_articles(4000, "中号标记", 3, "mid"))

    done = manage("reindex", "--workers", "1", "--corpus", str(corpus), "--index", str(small_disk))

    assert_clean_error(done, "No space left on device", "the live index is unchanged")
    assert_serves_old(small_disk, live)
    assert_no_leftovers(small_disk, live)


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


def test_write_error_in_a_writer_process_fails_the_build_instead_of_dropping_its_articles(
        live_root, new_corpus):
    live = current_generation(live_root)

    done = manage("reindex", "--workers", "2", "--corpus", str(new_corpus), "--index", str(live_root),
                  preexec_fn=_limit_file_size)

    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    errors = [line for line in out.splitlines() if line.startswith("Error: ")]
    assert errors and "an indexing worker failed: File too large" in errors[-1], out
    assert "the live index is unchanged" in errors[-1]
    assert "Traceback" not in out, out
    assert "index holds" not in out
    assert_serves_old(live_root, live)
    assert_no_leftovers(live_root, live)
