"""Index generations on disk: build beside the live one, swap atomically, lock out a second build.

Layout of an index root:
    CURRENT          name of the live generation (replaced with os.replace, atomically)
    gen-<stamp>/     one complete index: Whoosh files, docvalues.npz, lexicon.json, manifest.json
    .lock            held (flock) by the one running reindex
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

CURRENT = "CURRENT"
KEEP_GENERATIONS = 2  # the live one and its predecessor, for searches still running on it
PR_SET_PDEATHSIG = 1  # Linux prctl option: a signal for the child when its parent dies


class IndexMissing(Exception):
    """No usable index at the given root."""

    def __init__(self, root: Path, reason: str):
        self.root, self.reason = root, reason
        super().__init__(f"{reason} at {root}; build one with `python manage.py reindex`")


class ReindexLocked(Exception):
    """Another reindex holds the lock."""

    def __init__(self, root: Path):
        super().__init__(f"another reindex is already running on {root} (lock file {root / '.lock'}); "
                         "wait for it to finish")


def current_generation(root: Path) -> Path | None:
    """The live generation directory, or None when nothing has been built."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):  # missing, unreadable or garbage: no usable generation
        return None
    gen = root / name
    return gen if name.startswith("gen-") and "/" not in name and gen.is_dir() else None


def new_generation(root: Path) -> Path:
    """A fresh, empty directory to build the next generation in."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for n in range(1000):
        gen = root / f"gen-{stamp}-{os.getpid()}-{n}"
        try:
            gen.mkdir()
            return gen
        except FileExistsError:
            continue
    raise RuntimeError(f"cannot create a generation directory under {root}")


def publish(root: Path, gen: Path) -> None:
    """Mark `gen` complete and make it the live generation in one atomic rename, then prune old ones.

    The new CURRENT is written and synced before COMPLETE, so that a build killed between the two
    leaves no complete generation that never went live (only the instant between two calls remains).
    """
    tmp = root / f".{CURRENT}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(gen.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    mark_complete(gen)
    os.replace(tmp, root / CURRENT)
    prune(root)


def prune(root: Path) -> None:
    """Remove all but the live generation and the newest others; called under the reindex lock,
    so an incomplete generation found here is a killed build's leftovers."""
    live = current_generation(root)
    gens = sorted((p for p in root.glob("gen-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    # Only complete generations count towards the ones kept: a killed build's leftovers must not
    # push the live generation's predecessor out.
    complete = [g for g in gens if (g / "COMPLETE").exists()]
    keep = set(complete[-KEEP_GENERATIONS:]) | {live}
    for gen in gens:
        if gen not in keep:
            shutil.rmtree(gen, ignore_errors=True)


def mark_complete(gen: Path) -> None:
    """Record that every file of the generation is written."""
    (gen / "COMPLETE").write_text(time.strftime("%Y-%m-%dT%H:%M:%S%z") + "\n", encoding="utf-8")


@contextmanager
def reindex_lock(root: Path):
    """Hold the root's lock for the duration of a build; raise ReindexLocked if taken."""
    root.mkdir(parents=True, exist_ok=True)
    fh = open(root / ".lock", "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReindexLocked(root) from None
        _held[fh.fileno()] = os.getpid()
        try:
            yield
        finally:
            _held.pop(fh.fileno(), None)
    finally:
        fh.close()


# The indexing workers are forked while the lock is held. A flock belongs to the open file, which
# a fork shares: if the reindex were killed, its orphaned workers would keep the lock (and go on
# writing a generation nobody will publish). So a child forked under the lock points its copy of
# the descriptor elsewhere and asks Linux to kill it when the reindex dies.
_held: dict[int, int] = {}  # lock descriptor → pid of the process that took the lock


def _release_in_child() -> None:
    if not _held:
        return
    holders = set(_held.values())
    devnull = os.open(os.devnull, os.O_RDONLY)
    for fd in _held:
        os.dup2(devnull, fd)  # drops this process's share of the lock; the parent keeps it
    os.close(devnull)
    _held.clear()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: orphans at least no longer hold the lock
        return
    if os.getppid() not in holders:  # the reindex died before prctl took effect
        os._exit(1)


os.register_at_fork(after_in_child=_release_in_child)
