"""A real `manage.py serve` on a free loopback port, and raw sockets to press on it (tests only).

Every wait here is bounded: a request not answered within HANG_SECONDS counts as not answered.
That is a guard against a server that has stopped serving, not a measurement of its speed.
"""

from __future__ import annotations

import http.client
import os
import select
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only
START_SECONDS = 90
HANG_SECONDS = 30


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def clean_env() -> dict:
    """This environment without settings that would point the server elsewhere."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "YUWEN_"))}


@dataclass
class Server:
    """A running `manage.py serve`."""

    port: int
    proc: subprocess.Popen
    log: Path

    def get(self, path: str, headers: dict | None = None, timeout: float = HANG_SECONDS):
        """(status, headers, body) of one GET on a new connection; raises if unanswered in `timeout`.

        Characters a request line can't hold (Chinese, spaces) are percent-encoded.
        """
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request("GET", quote(path, safe="/?&=%:+;,@!$'()*#"), headers={"Accept-Encoding": "identity", **(headers or {})})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def connect(self) -> socket.socket:
        """A raw connection to the server."""
        return socket.create_connection((HOST, self.port), timeout=HANG_SECONDS)


@contextmanager
def running_server(index: Path, log: Path, *flags: str):
    """`manage.py serve --index INDEX FLAGS` on a free port, healthy; terminated afterwards."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "manage.py", "serve", "--index", str(index), "--host", HOST,
                                 "--port", str(port), *flags], cwd=ROOT, env=clean_env(), stdout=out,
                                stderr=subprocess.STDOUT)
    server = Server(port, proc, log)
    try:
        _wait_healthy(server)
        yield server
    finally:
        stop(proc, 15)


def stop(proc: subprocess.Popen, seconds: float = 10) -> None:
    """Terminate a server process, killing it if it has not exited after `seconds`."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise AssertionError(f"server exited ({server.proc.returncode}):\n{server.log.read_text()[-3000:]}")
        try:
            if server.get("/healthz", timeout=2)[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"server not healthy after {START_SECONDS} s:\n{server.log.read_text()[-3000:]}")


def closed_by_peer(sock: socket.socket) -> bool:
    """True when the server has closed this connection (EOF or reset), without waiting."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def open_idle(server: Server, count: int) -> list[socket.socket]:
    """`count` connections that send nothing."""
    return [server.connect() for _ in range(count)]


class Trickle:
    """Connections that each send a request one byte every `interval` seconds and never finish it."""

    REQUEST = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * 10_000

    def __init__(self, server: Server, count: int, interval: float):
        self.socks = [server.connect() for _ in range(count)]
        self.interval, self.sent = interval, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set() and self.sent < len(self.REQUEST):
            byte = self.REQUEST[self.sent:self.sent + 1]
            for sock in self.socks:
                try:
                    sock.send(byte)
                except OSError:
                    pass  # closed by the server: that's its right
            self.sent += 1
            self.stop.wait(self.interval)

    def close(self) -> None:
        """Stop trickling and close every connection."""
        self.stop.set()
        self.thread.join(HANG_SECONDS)
        close_all(self.socks)


def close_all(socks: list[socket.socket]) -> None:
    """Close connections, ignoring those already gone."""
    for sock in socks:
        try:
            sock.close()
        except OSError:
            pass
