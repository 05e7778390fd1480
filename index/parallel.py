"""Run independent jobs in forked worker processes, collecting their results in order.

Forking shares the parent's memory (the parsed articles, jieba's dictionary
with the user words) with no pickling; only each job's result travels back,
through a pipe. Unlike multiprocessing.Pool, a worker that dies (killed,
out of memory) is noticed at once and fails the run with its exit code
instead of hanging it.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait

POLL_SECONDS = 0.25  # how often progress is refreshed while waiting


class WorkerFailed(Exception):
    """A job raised an error or its process died; the message says which and why."""


class Ticker:
    """What a job calls to report progress; counts across processes when forked."""

    def __init__(self, value=None, on_tick: Callable[[int], None] | None = None):
        self._value, self._on_tick = value, on_tick

    def __call__(self, n: int = 1) -> None:
        if self._value is not None:
            with self._value.get_lock():
                self._value.value += n
        elif self._on_tick is not None:
            self._on_tick(n)


def run_jobs(job: Callable, items: Sequence, procs: int, on_progress: Callable[[int], None]) -> list:
    """`job(item, tick)` for every item, at most `procs` at a time; results in the items' order.

    With one process (or one item) the jobs run here, in this process.
    `on_progress(n)` receives the number of units the jobs have ticked since the last call.
    """
    if procs <= 1 or len(items) <= 1:
        return [job(item, Ticker(on_tick=on_progress)) for item in items]
    return _Forked(job, items, procs, on_progress).run()


class _Forked:
    def __init__(self, job, items, procs, on_progress):
        self.ctx = multiprocessing.get_context("fork")
        self.job, self.items, self.procs, self.on_progress = job, items, procs, on_progress
        self.counter = self.ctx.Value("q", 0)
        self.reported = 0
        self.running: dict[int, tuple] = {}  # item index → (process, receiving end of its pipe)
        self.results: dict[int, object] = {}

    def run(self) -> list:
        pending = list(range(len(self.items)))
        try:
            while pending or self.running:
                while pending and len(self.running) < self.procs:
                    self._start(pending.pop(0))
                self._collect(wait(self._waitables(), timeout=POLL_SECONDS))
                self._report()
        finally:
            self._stop_all()
        return [self.results[i] for i in range(len(self.items))]

    def _start(self, index: int) -> None:
        receive, send = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_child, args=(self.job, self.items[index], send, self.counter),
                                name=f"yuwen-indexer-{index}", daemon=True)
        proc.start()
        send.close()
        self.running[index] = (proc, receive)

    def _waitables(self) -> list:
        return [w for proc, conn in self.running.values() for w in (proc.sentinel, conn)]

    def _collect(self, ready) -> None:
        for index, (proc, conn) in list(self.running.items()):
            if conn in ready or proc.sentinel in ready:
                outcome = _receive(conn)
                proc.join()
                conn.close()
                del self.running[index]
                if outcome is None:
                    raise WorkerFailed(f"an indexing worker process died ({_death(proc.exitcode)})")
                ok, value = outcome
                if not ok:
                    raise WorkerFailed(f"an indexing worker failed: {value}")
                self.results[index] = value

    def _report(self) -> None:
        done = self.counter.value
        if done > self.reported:
            self.on_progress(done - self.reported)
            self.reported = done

    def _stop_all(self) -> None:
        for proc, conn in self.running.values():
            proc.terminate()
        for proc, conn in self.running.values():
            proc.join(5)
            conn.close()
        self.running.clear()


def _receive(conn):
    """The (ok, value) a child sent, or None if it died before sending."""
    try:
        return conn.recv()
    except (EOFError, OSError):
        return None


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _child(job, item, conn, counter) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and terminates the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = (True, job(item, Ticker(counter)))
    except OSError as exc:  # disk full, file too large …: the message says it all
        result = (False, f"{exc.strerror or exc} (errno {exc.errno})" if exc.errno else str(exc))
    except Exception as exc:  # a bug: keep the traceback for whoever reads the log
        traceback.print_exc(file=sys.stderr)
        result = (False, f"{type(exc).__name__}: {exc}")
    conn.send(result)
    conn.close()
