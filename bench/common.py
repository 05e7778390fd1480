"""Helpers shared by the benchmarks: project paths, logging, timing, percentiles, memory, child runs.

Every measurement that builds or loads an index runs in a fresh interpreter
(`run_task`): memory peaks stay separate, and jieba's global dictionary (which
our engine extends with entity names) can't leak from one configuration into
the other.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SAMPLES = ROOT / "corpus" / "samples"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def scale_arguments(parser) -> None:
    """The corpus, sizes, query count, seed and indexing processes every scaling benchmark takes."""
    parser.add_argument("--corpus", help="JSONL file or corpus directory (default: the bundled samples)")
    parser.add_argument("--scale", type=int, nargs="+", help="recombine the corpus to these sizes")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="analysis processes for our reindex (default: its own)")


def log(message: str) -> None:
    """Progress line on stderr (stdout is reserved for the JSON figures)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def percentiles(ms: list[float]) -> dict:
    """Median, p95 and max of a list of milliseconds (empty → {})."""
    if not ms:
        return {}
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"n": len(ordered), "p50": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "max": round(ordered[-1], 2)}


def peak_memory_mb() -> dict:
    """Peak RSS of this process and of its largest finished child (pool workers), in MB.

    This process's own is the kernel's high-water mark since it started (VmHWM): Linux carries
    a parent's pre-`exec` peak into a child's `ru_maxrss`, so a task started by a benchmark that
    holds a 2 GB corpus would report 2 GB whatever it did itself.
    """
    own = _high_water_mb()
    if own is None:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"process_mb": round(own, 1), "largest_child_mb": round(kids, 1)}


def _high_water_mb() -> float | None:
    """This process's peak resident memory since `exec`, in MB (Linux), else None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def rss_mb() -> float | None:
    """Current resident memory of this process in MB (Linux), else None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def dir_size_mb(path: str | os.PathLike) -> float:
    """Bytes under a directory, in MB."""
    total = sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
    return round(total / 2**20, 2)


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b rounded, or None when either is missing or b is zero."""
    return round(a / b, 2) if a and b else None


def machine() -> dict:
    """What the figures were measured on."""
    return {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": sys.platform}


def run_task(task: str, **args) -> dict:
    """Run `bench/tasks.py TASK` in a fresh interpreter with JSON args on stdin; its JSON result.

    A task that fails (its traceback is on stderr) gives `{"error": …}`, so the other figures of a
    long run survive.
    """
    proc = _start_task(task)
    out, _ = proc.communicate(json.dumps(args))
    return _task_result(task, proc.returncode, out)


def run_task_watched(task: str, **args) -> dict:
    """`run_task`, with the peak memory of the child's whole process tree under `"tree_memory"`.

    A thread samples the child and all its descendants (forked workers, tantivy's threads are
    inside the child) every TREE_SAMPLE_SECONDS with psutil: the largest sum of their RSS (shared
    pages counted in each process) and of their PSS (shared pages split between the processes
    that map them: what the tree really occupies).
    """
    proc = _start_task(task)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    try:
        out, _ = proc.communicate(json.dumps(args))
    finally:
        sampler.stop()
    result = _task_result(task, proc.returncode, out)
    result["tree_memory"] = sampler.peaks()
    return result


# Reading a process's smaps_rollup walks its page tables: every 0.2 s, the sampler took a quarter of
# a core (top) from a 1M-article build on 2 cores.
TREE_SAMPLE_SECONDS = 1.0


class TreeSampler(threading.Thread):
    """Samples the memory of a process and its descendants until stopped; keeps the peaks."""

    def __init__(self, pid: int, interval: float = TREE_SAMPLE_SECONDS):
        super().__init__(daemon=True)
        import psutil  # a benchmark-only dependency; only the engine comparison needs it

        self._psutil, self.root = psutil, psutil.Process(pid)
        self.interval, self._stop_event = interval, threading.Event()
        self.rss = self.pss = self.samples = self.processes = 0

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def sample(self) -> None:
        """Add one sample of the tree: sums of RSS and PSS over the child and its descendants."""
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except self._psutil.Error:
            return  # the child has exited
        rss = pss = 0
        for p in tree:
            try:
                m = p.memory_full_info()
            except self._psutil.Error:
                continue  # a worker that just exited
            rss, pss = rss + m.rss, pss + getattr(m, "pss", m.rss)
        self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
        self.processes, self.samples = max(self.processes, len(tree)), self.samples + 1

    def stop(self) -> None:
        """End the sampling thread."""
        self._stop_event.set()
        self.join()

    def peaks(self) -> dict:
        """The peaks in MB, the number of samples and the most processes seen at once."""
        return {"pss_mb": round(self.pss / 2**20, 1), "rss_mb": round(self.rss / 2**20, 1),
                "processes": self.processes, "samples": self.samples}


def _start_task(task: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(BENCH / "tasks.py"), task], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)


def _task_result(task: str, returncode: int, out: str) -> dict:
    if returncode != 0:
        log(f"task {task} failed (exit code {returncode}); see the traceback above")
        return {"error": f"task {task} failed with exit code {returncode}"}
    return json.loads(out.strip().splitlines()[-1])
