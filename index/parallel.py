"""Run independent jobs in forked worker processes (concurrent.futures), results in the jobs' order.

Forking shares the parent's memory — jieba's dictionary with the entity
words, the plan of the build — with no pickling; each job's result travels
back pickled. A worker that dies (killed, out of memory) breaks the pool at
once (BrokenProcessPool) and fails the run with its exit signal; a job that
raises fails it with the reason. Either way the other workers are stopped.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

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


_counter = None  # the pool's shared progress counter, set in each worker


def _init_worker(counter) -> None:
    global _counter
    _counter = counter
    # Ctrl-C reaches the whole process group: the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(job: Callable, item):
    """One job in a worker: its result, or (for an OSError) a plain reason the parent reports."""
    try:
        return True, job(item, Ticker(_counter))
    except OSError as exc:  # disk full, file too large …: the message says it all
        return False, f"{exc.strerror or exc} (errno {exc.errno})" if exc.errno else str(exc)
    except Exception as exc:  # a bug: keep the traceback for whoever reads the log
        traceback.print_exc(file=sys.stderr)
        return False, f"{type(exc).__name__}: {exc}"


def run_jobs(job: Callable, items: Sequence, procs: int, on_progress: Callable[[int], None]) -> list:
    """`job(item, tick)` for every item, at most `procs` at a time; results in the items' order.

    With one process (or one item) the jobs run here, in this process.
    `on_progress(n)` receives the number of units the jobs have ticked since the last call.
    """
    if procs <= 1 or len(items) <= 1:
        return [job(item, Ticker(on_tick=on_progress)) for item in items]
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=procs, mp_context=ctx, initializer=_init_worker, initargs=(counter,))
    futures = {pool.submit(_run, job, item): i for i, item in enumerate(items)}
    workers = set(multiprocessing.active_children()) - before
    results: dict[int, object] = {}
    reported = 0
    try:
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                ok, value = _outcome(future, workers)
                if not ok:
                    raise WorkerFailed(f"an indexing worker failed: {value}")
                results[futures[future]] = value
            if counter.value > reported:
                on_progress(counter.value - reported)
                reported = counter.value
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:
            if proc.is_alive():
                proc.terminate()
            proc.join(5)
    return [results[i] for i in range(len(items))]


def _outcome(future, workers) -> tuple[bool, object]:
    try:
        return future.result()
    except BrokenProcessPool:
        for proc in workers:
            proc.join(1)
        # The pool stops the other workers with SIGTERM once one has died: report the one that died first.
        codes = sorted((p.exitcode for p in workers if p.exitcode not in (None, 0)), key=lambda c: c == -signal.SIGTERM)
        raise WorkerFailed(f"an indexing worker process died ({_death(codes[0] if codes else None)})") from None


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"
