"""Load-test machinery: a real `manage.py serve` on loopback, client threads, latency and memory figures.

Every loop here is bounded by a deadline and a request cap; the server is only ever
addressed on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, log

HOST = "127.0.0.1"  # loopback only
REQUEST_TIMEOUT = 60  # seconds; a request slower than this counts as an error
START_TIMEOUT = 600  # a large index takes a while to load


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict:
    """This environment without Flask/Yuwen settings that would point the server elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "YUWEN_"))}
    env.update(extra)
    return env


def memory_mb(pid: int) -> tuple[float, float] | None:
    """(resident, of which anonymous) memory of a process in MB; None once it is gone.

    Resident memory counts the index files Whoosh maps into memory (shared with the page cache);
    anonymous memory is what the process itself allocated.
    """
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                      if ":" in line)
        return round(int(fields["VmRSS"].split()[0]) / 1024, 1), round(int(fields["RssAnon"].split()[0]) / 1024, 1)
    except (OSError, KeyError, ValueError):
        return None


class Server:
    """`manage.py serve` in a child process, on a free loopback port."""

    def __init__(self, index: Path, threads: int, log_path: Path, root: Path = ROOT):
        """:param root: the checkout whose `manage.py` serves (another one measures older code)."""
        self.port = free_port()
        self.log_path = log_path
        with open(log_path, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "manage.py", "serve", "--index", str(index), "--host", HOST,
                 "--port", str(self.port), "--threads", str(threads)],
                cwd=root, env=clean_env(), stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self) -> float:
        """Seconds until /healthz answers 200; raises if the server dies or never gets there."""
        started = time.monotonic()
        while time.monotonic() - started < START_TIMEOUT:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}):\n{self.log_path.read_text()[-3000:]}")
            conn = self.connect()
            try:
                if get(conn, "/healthz")[0] == 200:
                    return time.monotonic() - started
            except (OSError, http.client.HTTPException):
                pass
            finally:
                conn.close()
            time.sleep(0.3)
        raise RuntimeError(f"server not ready after {START_TIMEOUT} s")

    def connect(self) -> http.client.HTTPConnection:
        """A new keep-alive connection to the server."""
        return http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)

    def memory_mb(self) -> tuple[float, float] | None:
        """The server's (resident, anonymous) memory now."""
        return memory_mb(self.proc.pid)

    def stop(self) -> None:
        """Terminate the server (kill it if it doesn't go within 15 s)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    """GET `path` on a keep-alive connection: (status, body)."""
    conn.request("GET", path, headers={"Accept-Encoding": "identity", "User-Agent": "yuwen-load-test"})
    resp = conn.getresponse()
    return resp.status, resp.read()


@dataclass
class Sample:
    kind: str
    ms: float
    status: int  # 0: no response (connection error, timeout)
    timed_out: bool = False  # the search said it was cut short
    generation: str | None = None  # from /api/stats answers


@dataclass
class Level:
    """All samples of one load level, plus the server's memory over it."""

    clients: int
    seconds: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    anon: list[float] = field(default_factory=list)
    aborted: str | None = None  # why the level was stopped early
    errors: list[str] = field(default_factory=list)  # the first few, for the report

    def summary(self) -> dict:
        """Throughput, latency percentiles, errors and memory, as JSON-ready numbers."""
        ms = sorted(s.ms for s in self.samples)
        bad = [s for s in self.samples if s.status != 200]
        by_kind: dict[str, list[float]] = {}
        for s in self.samples:
            by_kind.setdefault(s.kind, []).append(s.ms)
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "requests": len(ms),
            "throughput_rps": round(len(ms) / self.seconds, 1) if self.seconds else None,
            "latency_ms": latency(ms),
            "errors": len(bad),
            "error_examples": self.errors[:5],
            "searches_cut_short": sum(s.timed_out for s in self.samples),
            "server_rss_mb": _span(self.rss),
            "server_anon_mb": _span(self.anon),
            "aborted": self.aborted,
            "latency_ms_by_kind": {k: latency(sorted(v)) for k, v in sorted(by_kind.items())},
        }


def _span(values: list[float]) -> dict:
    return {"start": values[0] if values else None, "max": max(values, default=None),
            "end": values[-1] if values else None}


def latency(ordered: list[float]) -> dict:
    """p50/p95/p99/max of sorted milliseconds."""
    if not ordered:
        return {}
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)  # noqa: E731
    return {"p50": round(statistics.median(ordered), 1), "p95": pick(0.95), "p99": pick(0.99),
            "max": round(ordered[-1], 1)}


def _client(server: Server, mix, stop: threading.Event, level: Level, lock: threading.Lock, cap: int) -> None:
    conn = server.connect()
    local: list[Sample] = []
    try:
        while not stop.is_set() and len(local) < cap:
            kind, path = mix.next()
            started = time.perf_counter()
            try:
                status, body = get(conn, path)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = server.connect()
                local.append(Sample(kind, (time.perf_counter() - started) * 1000, 0))
                with lock:
                    level.errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            sample = Sample(kind, (time.perf_counter() - started) * 1000, status)
            if status != 200:
                with lock:
                    level.errors.append(f"{path}: HTTP {status}: {body[:200].decode('utf-8', 'replace')}")
            elif path.startswith(("/api/search", "/api/stats")):
                try:
                    data = json.loads(body)
                except ValueError:
                    sample.status = -1  # a 200 that isn't JSON counts as an error
                    with lock:
                        level.errors.append(f"{path}: 200 with a body that is not JSON")
                else:
                    sample.timed_out = bool(data.get("timed_out"))
                    sample.generation = data.get("generation")
            local.append(sample)
    finally:
        conn.close()
        with lock:
            level.samples.extend(local)


def run_level(server: Server, make_mix, clients: int, seconds: float, max_requests: int,
              until=None, linger: float = 0.0, max_anon_mb: float | None = None) -> Level:
    """Drive `clients` threads, each with its own mix, for `seconds`; with `until`, stop `linger`
    seconds after `until()` turns true (but never after `seconds`). At most `max_requests` in all;
    stopped early (and marked aborted) if the server's anonymous memory passes `max_anon_mb`."""
    level = Level(clients)
    lock, stop = threading.Lock(), threading.Event()
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=_client, args=(server, make_mix(i), stop, level, lock,
                                                      max(1, max_requests // clients)), daemon=True)
               for i in range(clients)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        now = time.monotonic()
        if (mem := server.memory_mb()) is not None:
            level.rss.append(mem[0])
            level.anon.append(mem[1])
            if max_anon_mb and mem[1] > max_anon_mb and not level.aborted:
                level.aborted = f"server memory {mem[1]:.0f} MB passed the {max_anon_mb:.0f} MB cap"
                log(level.aborted)
                deadline = now
        if until is not None and until():
            deadline, until = min(deadline, now + linger), None
        if now >= deadline:
            stop.set()
        time.sleep(0.25)
    for t in threads:
        t.join(REQUEST_TIMEOUT)
    level.seconds = time.monotonic() - started
    log(f"{clients} clients: {len(level.samples)} requests in {level.seconds:.1f} s, "
        f"{sum(s.status != 200 for s in level.samples)} errors")
    return level
