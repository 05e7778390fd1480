"""Forked jobs: results in order, progress counted across processes, failures and deaths reported."""

from __future__ import annotations

import errno
import os
import signal

import pytest

from index.parallel import WorkerFailed, run_jobs


def _square_slowly(n: int, tick) -> int:
    for _ in range(n):
        tick()
    return n * n


def test_results_come_back_in_order_with_all_progress_counted():
    ticks = []
    assert run_jobs(_square_slowly, [5, 1, 7, 3, 0], 2, ticks.append) == [25, 1, 49, 9, 0]
    assert sum(ticks) == 16


def test_one_process_runs_the_jobs_here():
    pids = run_jobs(lambda item, tick: os.getpid(), [1, 2], 1, lambda n: None)
    assert pids == [os.getpid()] * 2


def _disk_full(item, tick):
    if item == 2:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return item


def test_an_os_error_in_a_worker_fails_the_run_with_its_reason():
    with pytest.raises(WorkerFailed, match=r"an indexing worker failed: No space left on device \(errno 28\)"):
        run_jobs(_disk_full, [1, 2, 3], 2, lambda n: None)


def _killed(item, tick):
    if item == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


def test_a_worker_killed_mid_job_fails_the_run_instead_of_hanging_it():
    with pytest.raises(WorkerFailed, match="died \\(killed by signal 9\\)"):
        run_jobs(_killed, [0, 1, 2, 3], 2, lambda n: None)


def _big_result(item, tick):
    return b"x" * (4 << 20)  # larger than a pipe's buffer: must not deadlock the parent


def test_results_larger_than_a_pipe_buffer_arrive_whole():
    assert [len(r) for r in run_jobs(_big_result, [0, 1, 2], 2, lambda n: None)] == [4 << 20] * 3
