"""Attack benchmark: plain-query latency of a real `manage.py serve` alone, under expensive requests, under sockets.

    .venv/bin/python bench/attack.py [--corpus PATH] [--seconds 20] [--clients 16] [--idle 300]
        [--trickle 200] [--trickle-interval 5] [--threads 8] [--app-root DIR] [--index DIR]

The index holds the bundled samples, the JSONL `--corpus` if given (e.g.
../shared/bench-data/cctv_xwlb_2022_2026.jsonl; read where it lies, never
copied into the project) and one 199k-character OCR line without punctuation
(the article that made snippets take half a minute); it is built in a
temporary directory that is removed afterwards (or in `--index`, kept and
reused when it already holds an index). The server listens on
127.0.0.1 only. One client sends plain queries, each on a new connection
like a new visitor, in three phases of `--seconds` each:

- alone;
- while `--clients` threads send expensive requests back to back: 32 common
  characters joined by OR, `重 OR 庆 OR 江 OR 津`, their CSV exports, page 100
  of 100 results, and the long article's page with related articles;
- while `--idle` connections sit silent and `--trickle` connections send a
  byte every `--trickle-interval` seconds and never finish their request.

`--app-root` serves another checkout's `manage.py` (say an export of main)
with this machine's venv, for a before/after pair. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from common import ROOT, SAMPLES, log, machine
from corpora import workdir
from load_driver import HOST, Server, clean_env, latency

PLAIN = ["重庆", "江津 夜经济", "综合保税区", "乡村振兴", "两江新区", "火锅", "长江 大桥", "科技创新", "数字经济",
         "成渝地区双城经济圈", "新华社", "文化旅游"]
COMMON = "".join(dict.fromkeys("重庆江津市民发展经济文化旅游消费城市乡村振兴产业企业科技创新交通建设改革开放"))[:32]
OCR_CHARS = "重庆江津市民发展经济文化旅游消费城市乡村振兴产业企业"
LONG_ID = "bench-long-ocr"
REQUEST_TIMEOUT = 60.0  # a plain query not answered by then counts as unanswered
SETTLE_SECONDS = 180.0  # between phases, wait at most this long for the server to go quiet
QUIET_CPU = 0.1  # CPU seconds per second below which the server counts as quiet


def expensive_paths() -> list[str]:
    """The attack's requests: costly matching, snippets, exports, deep pages and related articles."""
    ors = " OR ".join(COMMON)
    four = "重 OR 庆 OR 江 OR 津"
    return ["/api/search?q=" + quote(ors), "/api/search?size=100&q=" + quote(four), "/export.csv?q=" + quote(ors),
            "/export.csv?q=" + quote(four), "/api/search?page=100&size=100&q=" + quote("重庆"),
            f"/article/{LONG_ID}?q=" + quote(four), "/search?q=" + quote(ors)]


def write_long_article(path: Path, chars: int = 199_000) -> Path:
    """A JSONL file with one OCR line of `chars` common characters and no punctuation."""
    rng = random.Random(1)
    body = "".join(rng.choice(OCR_CHARS) for _ in range(chars))
    record = {"id": LONG_ID, "title": "重庆江津长篇识别文本", "body": body, "date": "2025-06-01", "source": "重庆日报"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def build(app_root: Path, corpora: list[Path], index: Path) -> None:
    """`manage.py reindex` of the corpora with the served checkout's own code."""
    args = [sys.executable, "manage.py", "reindex", "--index", str(index)]
    for c in corpora:
        args += ["--corpus", str(c)]
    done = subprocess.run(args, cwd=app_root, env=clean_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"index build failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def fetch(port: int, path: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, float]:
    """(status, milliseconds) of one GET on a new connection; status 0 when unanswered or refused."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity", "User-Agent": "yuwen-attack-bench"})
        resp = conn.getresponse()
        resp.read()
        status = resp.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000


def plain_client(port: int, seconds: float) -> dict:
    """Plain queries one after another for `seconds`: latency of the answered ones, and the rest."""
    ms, statuses = [], Counter()
    deadline, n = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        status, took = fetch(port, "/api/search?q=" + quote(PLAIN[n % len(PLAIN)]))
        statuses[status] += 1
        if status == 200:
            ms.append(took)
        n += 1
    return {"requests": n, "answered_200": len(ms), "statuses": dict(statuses), "latency_ms": latency(sorted(ms))}


def attackers(port: int, clients: int, stop: threading.Event, tally: Counter, lock: threading.Lock) -> list:
    """`clients` threads sending expensive requests back to back until `stop`."""
    paths = expensive_paths()

    def run(i: int) -> None:
        n = i
        while not stop.is_set():
            status, _ = fetch(port, paths[n % len(paths)])
            with lock:
                tally[status] += 1
            n += 1

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    return threads


def under_expensive_requests(port: int, args) -> dict:
    """Plain-query latency while `--clients` threads send expensive requests."""
    stop, lock, tally = threading.Event(), threading.Lock(), Counter()
    threads = attackers(port, args.clients, stop, tally, lock)
    time.sleep(1.0)  # let the attack fill the server first
    plain = plain_client(port, args.seconds)
    stop.set()
    for t in threads:
        t.join(REQUEST_TIMEOUT)
    return {"plain": plain, "expensive_statuses": {str(k): v for k, v in sorted(tally.items())},
            "attack_clients": args.clients}


def under_sockets(port: int, args) -> dict:
    """Plain-query latency while idle and trickling connections are held open."""
    held: list[socket.socket] = []
    for _ in range(args.idle + args.trickle):
        try:
            held.append(socket.create_connection((HOST, port), timeout=5))
        except OSError:
            break  # the server (or the backlog) took no more
    tricklers, stop = held[args.idle:], threading.Event()

    def trickle() -> None:
        request, sent = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * 100_000, 0
        while not stop.wait(args.trickle_interval if sent else 0):
            for s in tricklers:
                try:
                    s.send(request[sent:sent + 1])
                except OSError:
                    pass
            sent += 1

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    plain = plain_client(port, args.seconds)
    stop.set()
    thread.join(10)
    still_open = sum(_open(s) for s in held)
    for s in held:
        s.close()
    return {"plain": plain, "sockets_opened": len(held), "idle": args.idle, "trickling": args.trickle,
            "trickle_interval_s": args.trickle_interval, "still_open_at_end": still_open}


def settle(pid: int) -> float:
    """Wait until the server has worked off what an earlier phase left queued (its CPU use drops
    below QUIET_CPU for two seconds running), at most SETTLE_SECONDS; the seconds waited."""
    started = time.monotonic()
    quiet, last = 0, _cpu_seconds(pid)
    while quiet < 2 and time.monotonic() - started < SETTLE_SECONDS:
        time.sleep(1.0)
        now = _cpu_seconds(pid)
        quiet = quiet + 1 if now - last < QUIET_CPU else 0
        last = now
    return round(time.monotonic() - started, 1)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _open(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="a JSONL corpus to index besides the samples")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each phase")
    parser.add_argument("--clients", type=int, default=16, help="threads sending expensive requests")
    parser.add_argument("--idle", type=int, default=300, help="silent connections in the socket phase")
    parser.add_argument("--trickle", type=int, default=200, help="trickling connections in the socket phase")
    parser.add_argument("--trickle-interval", type=float, default=5.0, help="seconds between a trickler's bytes")
    parser.add_argument("--threads", type=int, default=8, help="the server's worker threads")
    parser.add_argument("--app-root", type=Path, default=ROOT, help="checkout whose manage.py serves")
    parser.add_argument("--index", type=Path, help="index root to build into and keep (reused if built)")
    args = parser.parse_args()
    out = {"what": {"latency_ms": "client-side wall time of plain /api/search queries answered 200, each on a "
                                  "new connection to 127.0.0.1 (client threads share the 2 cores with the server)",
                    "statuses": "status counts; 0 = not answered within 60 s or refused",
                    "expensive_statuses": "what the attackers got: 200, 503 (shed with Retry-After) or 0"},
           "machine": machine(), "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}}
    with workdir() as folder:
        index = args.index or folder / "index"
        if (index / "CURRENT").exists():
            out["index_reused"] = str(index)
        else:
            corpora = [SAMPLES, write_long_article(folder / "long.jsonl")] + ([args.corpus] if args.corpus else [])
            log(f"building the index with {args.app_root}")
            build(args.app_root, corpora, index)
        server = Server(index, args.threads, folder / "serve.log", root=args.app_root)
        try:
            out["server_start_s"] = round(server.wait_ready(), 2)
            out["index_articles"] = json.loads(fetch_body(server.port, "/api/stats"))["articles"]
            for name, phase in (("alone", lambda: {"plain": plain_client(server.port, args.seconds)}),
                                ("expensive_requests", lambda: under_expensive_requests(server.port, args)),
                                ("idle_and_trickling_sockets", lambda: under_sockets(server.port, args))):
                waited = settle(server.proc.pid)
                log(f"phase {name} (after {waited} s for the server to go quiet)")
                out[name] = {"settled_after_s": waited, **phase()}
        finally:
            server.stop()
    print(json.dumps(out, ensure_ascii=False, indent=1))


def fetch_body(port: int, path: str) -> bytes:
    """The body of one GET."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


if __name__ == "__main__":
    main()
