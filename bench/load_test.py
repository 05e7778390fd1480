"""Load test: a real `manage.py serve` under 1, 8 and 32 concurrent clients, then during a full reindex.

    .venv/bin/python bench/load_test.py [--corpus PATH] [--scale 100000] [--index DIR] [--seconds 20]
        [--levels 1,8,32] [--threads 8] [--reindex-clients 8] [--reindex-timeout 3600] [--no-reindex]
        [--max-requests 500000] [--seed 1] [--workers W]

The corpus (by default ../shared/bench-data/cctv_xwlb_2022_2026.jsonl) is scaled to `--scale`
articles by recombination (corpora.py) into a temporary directory that is removed at the end; it
is never written into the project. Without `--index` the index is built there too; with an
`--index` that already holds an index it is reused (and rebuilt in place by the reindex phase).
The server listens on 127.0.0.1 only. Each level runs for `--seconds`; the reindex phase drives
`--reindex-clients` clients until the reindex ends (at most `--reindex-timeout`) and a few seconds
more, watching /api/stats for the switch to the new generation. Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import ROOT, log, machine
from corpora import load_articles, scaled, workdir, write_jsonl
from load_driver import Server, clean_env, get, run_level
from load_mix import Material, Mix, from_server, words_and_phrases

DEFAULT_CORPUS = ROOT.parent / "shared" / "bench-data" / "cctv_xwlb_2022_2026.jsonl"
WARM_UP_SECONDS = 3


class Child:
    """A `manage.py` child whose exit status and peak memory are collected by a waiter thread."""

    def __init__(self, args: list[str], log_path: Path):
        self.log_path = log_path
        with open(log_path, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=clean_env(),
                                         stdout=out, stderr=subprocess.STDOUT)
        self.started, self.seconds, self.exit_code, self.peak_mb = time.monotonic(), None, None, None
        self._waiter = threading.Thread(target=self._wait, daemon=True)
        self._waiter.start()

    def _wait(self) -> None:
        _, status, usage = os.wait4(self.proc.pid, 0)  # this child's own peak RSS (and its workers')
        self.proc.returncode = self.exit_code = os.waitstatus_to_exitcode(status)
        self.seconds, self.peak_mb = time.monotonic() - self.started, round(usage.ru_maxrss / 1024, 1)

    def done(self) -> bool:
        """True once the child has exited."""
        return self.exit_code is not None

    def wait(self, timeout: float) -> None:
        """Wait for the exit; kill the child if it runs past `timeout`."""
        self._waiter.join(timeout)
        if not self.done():
            self.proc.kill()
            self._waiter.join(30)

    def figures(self) -> dict:
        """Exit code, seconds and peak memory, plus the last log line."""
        lines = self.log_path.read_text(errors="replace").strip().splitlines()
        return {"exit_code": self.exit_code, "seconds": round(self.seconds or 0, 1), "peak_rss_mb": self.peak_mb,
                "summary": next((l for l in reversed(lines) if l.startswith(("indexed", "Error"))), lines[-1:])}


def build_index(corpus: Path, index: Path, workers: int | None, folder: Path) -> dict:
    """`manage.py reindex` of the corpus; its figures."""
    args = ["reindex", "--corpus", str(corpus), "--index", str(index)] + (["--workers", str(workers)] if workers else [])
    child = Child(args, folder / "build.log")
    child.wait(timeout=4 * 3600)
    if child.exit_code != 0:
        raise SystemExit(f"index build failed:\n{child.log_path.read_text()[-3000:]}")
    return child.figures()


def stats(server: Server) -> dict:
    """The server's /api/stats."""
    conn = server.connect()
    try:
        status, body = get(conn, "/api/stats")
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"/api/stats answered {status}: {body[:300]!r}")
    return json.loads(body)


def watch_generations(server: Server, stop: threading.Event, seen: list) -> None:
    """Record (seconds, generation) whenever /api/stats reports a different one."""
    started = time.monotonic()
    while not stop.is_set():
        try:
            gen = stats(server)["generation"]
        except (OSError, RuntimeError, ValueError) as exc:
            gen = f"error: {exc}"
        if not seen or seen[-1][1] != gen:
            seen.append((round(time.monotonic() - started, 2), gen))
        stop.wait(0.5)


def reindex_phase(server: Server, make_mix, corpus: Path, index: Path, args, folder: Path) -> dict:
    """Keep searching while a full reindex rebuilds the served index; did it switch without errors?"""
    before = stats(server)["generation"]
    seen: list = []
    stop = threading.Event()
    watcher = threading.Thread(target=watch_generations, args=(server, stop, seen), daemon=True)
    watcher.start()
    extra = ["--workers", str(args.workers)] if args.workers else []
    child = Child(["reindex", "--corpus", str(corpus), "--index", str(index), *extra], folder / "reindex.log")
    try:
        level = run_level(server, make_mix, args.reindex_clients, args.reindex_timeout, args.max_requests,
                          until=child.done, linger=max(5.0, args.seconds / 2), max_anon_mb=args.max_server_mb)
    finally:
        child.wait(timeout=60)
        stop.set()
        watcher.join(10)
    after = stats(server)["generation"]
    return {"reindex": child.figures(), "generation_before": before, "generation_after": after,
            "switched": after != before and child.exit_code == 0,
            "generations_seen": [{"at_s": t, "generation": g} for t, g in seen],
            "load": level.summary()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scale", type=int, default=100_000, help="articles in the scaled corpus")
    parser.add_argument("--index", type=Path, help="index root to reuse (or build into)")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each load level")
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients per level")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--reindex-clients", type=int, default=8)
    parser.add_argument("--reindex-timeout", type=float, default=3600.0)
    parser.add_argument("--no-reindex", action="store_true", help="skip the reindex-under-load phase")
    parser.add_argument("--max-requests", type=int, default=500_000, help="cap per level")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None, help="reindex analysis processes")
    parser.add_argument("--max-server-mb", type=float, default=12_000,
                        help="stop a level when the server's own (anonymous) memory passes this")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",") if n.strip()]
    out = {"what": {"latency_ms": "client-side wall time per request over keep-alive HTTP/1.1 on 127.0.0.1 "
                                  "(client threads share the machine with the server)",
                    "errors": "responses other than 200, connection errors, and 200s on /api/search that "
                              "aren't JSON; must be 0",
                    "server_rss_mb": "VmRSS of the `manage.py serve` process, sampled every 0.25 s; it counts "
                                     "the mapped index files too",
                    "server_anon_mb": "RssAnon: memory the server allocated itself (its Whoosh searchers' "
                                      "copies of the postings among it)"},
           "machine": machine(), "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}}

    log(f"loading {args.corpus}")
    base = load_articles(args.corpus)
    with workdir() as folder:
        records = list(scaled(base, args.scale, args.seed))
        corpus = folder / f"corpus-{args.scale}.jsonl"
        out["corpus"] = {"base_articles": len(base), **write_jsonl(records, corpus)}
        words, phrases = words_and_phrases(records, 500, args.seed)
        del records
        index = args.index or folder / "index"
        if (index / "CURRENT").exists():
            out["build"] = {"reused": str(index)}
        else:
            log(f"building the index of {args.scale} articles")
            out["build"] = build_index(corpus, index, args.workers, folder)
        server = Server(index, args.threads, folder / "serve.log")
        try:
            out["server_start_s"] = round(server.wait_ready(), 2)
            out["index"] = stats(server)
            conn = server.connect()
            facets, ids, prefixes = from_server(lambda p: get(conn, p), words, args.seed)
            conn.close()
            material = Material(words, phrases, facets, ids, prefixes)
            make_mix = lambda i: Mix(material, args.seed * 1000 + i)  # noqa: E731
            run_level(server, make_mix, 2, WARM_UP_SECONDS, args.max_requests)  # caches, lazy loads
            out["levels"] = [run_level(server, make_mix, n, args.seconds, args.max_requests,
                                       max_anon_mb=args.max_server_mb).summary() for n in levels]
            if not args.no_reindex:
                log("reindexing under load")
                out["during_reindex"] = reindex_phase(server, make_mix, corpus, index, args, folder)
            out["server_memory_mb_end"] = dict(zip(("rss", "anon"), server.memory_mb() or ()))
        finally:
            server.stop()
            out["server_exit_code"] = server.proc.returncode
    errors = sum(level["errors"] for level in out.get("levels", []))
    errors += out.get("during_reindex", {}).get("load", {}).get("errors", 0)
    out["total_errors"] = errors
    out["aborted_levels"] = [lv["clients"] for lv in out.get("levels", []) if lv["aborted"]]
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
