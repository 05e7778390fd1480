"""Helpers of the fault tests: synthetic corpora, `manage.py` subprocesses, kill points, checks.

Nothing of ours is mocked. Corpora are synthetic JSONL written to tmp; every
article carries a marker word, so a search for the marker counts the articles
of one build (`OLD_MARK` for the live index, `NEW_MARK` for the build under test).
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from index.generations import current_generation
from search.engine.handle import IndexHandle
from search.request import SearchRequest
from search.run import run_search
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
OLD_MARK, NEW_MARK = "旧版标记", "新版标记"
OLD_ARTICLES, NEW_ARTICLES = 40, 5000  # the new corpus takes a multiprocess build of several seconds
WORDS = ("重庆 江津 夜经济 综合保税区 火锅 长江 大桥 市民 发展 经济 文化 旅游 消费 城市 乡村 振兴 产业 企业 "
         "科技 创新 交通 轨道 学校 医院 社区 生态 环境 农业 制造 数字 开放 合作 项目 建设 改革").split()
REPORTERS = ("佘振芳", "夏元", "余杰", "谢凤", "杨敏")
DISTRICTS = ("江津区", "渝中区", "綦江区", "万州区", "南岸区")


def synthetic_articles(n: int, mark: str, seed: int, prefix: str) -> list[dict]:
    """`n` article records of a few hundred characters, each containing `mark`."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paragraphs = ["".join(rng.choice(WORDS) for _ in range(30)) + "。" for _ in range(4)]
        paragraphs[rng.randrange(4)] += f"{mark}。"
        out.append({"id": f"{prefix}-{i:05d}", "title": "".join(rng.choice(WORDS) for _ in range(4)),
                    "body": "\n".join(paragraphs), "date": f"20{rng.randint(14, 25)}-{rng.randint(1, 12):02d}-"
                                                          f"{rng.randint(1, 28):02d}",
                    "reporters": [{"name": rng.choice(REPORTERS), "role": "记者"}],
                    "districts": [rng.choice(DISTRICTS)], "source": "重庆日报"})
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write records one a line."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def clean_env() -> dict:
    """This environment without settings that would point the CLI elsewhere."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "YUWEN_"))}


def manage(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run `manage.py ARGS` to completion; its output as text."""
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean_env(), text=True,
                          capture_output=True, timeout=timeout, **kwargs)


def start_manage(*args: str, log: Path, **kwargs) -> subprocess.Popen:
    """Start `manage.py ARGS` with stdout and stderr going to `log`."""
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=clean_env(),
                                stdout=out, stderr=subprocess.STDOUT, **kwargs)


def wait_for_line(log: Path, text: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until `text` appears in the process's log; fail if it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return
        if proc.poll() is not None:
            pytest.fail(f"process exited ({proc.returncode}) before printing {text!r}:\n{log.read_text()}")
        time.sleep(0.02)
    proc.kill()
    pytest.fail(f"{text!r} not printed within {timeout} s:\n{log.read_text()}")


def sigkill(proc: subprocess.Popen) -> None:
    """SIGKILL the process and reap it; fail if it had already finished (the kill point was missed)."""
    ended = proc.poll()
    if ended is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert ended is None and proc.returncode == -signal.SIGKILL, \
        f"the build ended ({ended}) before it could be killed: the kill point was missed"


def processes_mentioning(text: str) -> list[int]:
    """Pids of live processes whose command line contains `text` (e.g. an index path)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (entry / "stat").read_text().split(") ", 1)[1][0]
            except OSError:
                continue
            if text in cmdline and state != "Z":
                pids.append(int(entry.name))
    return pids


def wait_gone(text: str, timeout: float = 10) -> list[int]:
    """Wait for processes mentioning `text` to end; those still alive after `timeout`."""
    deadline = time.monotonic() + timeout
    while (pids := processes_mentioning(text)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return pids


def close(handle) -> None:
    """Close an IndexHandle's open generations (where the engine can close them)."""
    if hasattr(handle, "close"):
        handle.close()


@contextmanager
def live_index(root: Path):
    """The live generation under `root` via IndexHandle, as the server loads it; closed afterwards."""
    handle = IndexHandle(root)
    try:
        yield handle.current()
    finally:
        close(handle)


@contextmanager
def app_client(root: Path, **config):
    """A test client of the real app over `root`; the app's index is closed afterwards."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(root), **config})
    try:
        yield app.test_client()
    finally:
        close(app.extensions["yuwen_index"])


def count(root: Path, q: str) -> int:
    """Articles holding the string `q` (a quoted phrase: never relaxed) in the live generation under `root`."""
    with live_index(root) as index:
        return run_search(index, SearchRequest(q=f'"{q}"'))["total"]


def api_count(root: Path, q: str) -> int:
    """Articles holding the string `q` according to the Flask app's JSON API over `root` (the page answers too)."""
    q = f'"{q}"'
    with app_client(root) as client:
        resp = client.get("/api/search", query_string={"q": q}, headers={"Accept-Encoding": "identity"})
        assert resp.status_code == 200, resp.get_data(as_text=True)
        page = client.get("/search", query_string={"q": q}, headers={"Accept-Encoding": "identity"})
        assert page.status_code == 200
        return resp.get_json()["total"]


def assert_serves_old(root: Path, live: Path) -> None:
    """The live generation is still `live` and answers with the old corpus, directly and over the API."""
    assert current_generation(root) == live
    assert count(root, OLD_MARK) == OLD_ARTICLES
    assert api_count(root, OLD_MARK) == OLD_ARTICLES
    assert count(root, NEW_MARK) == 0


def assert_clean_error(proc: subprocess.CompletedProcess, *phrases: str) -> str:
    """A failed command that said why in one `Error:` line, without a traceback; its output."""
    out = proc.stdout + proc.stderr
    assert proc.returncode not in (0, None), out
    assert "Traceback" not in out and "Aborted!" not in out, out
    error = [line for line in out.splitlines() if line.startswith("Error: ")]
    assert error, out
    for phrase in phrases:
        assert phrase in error[-1], out
    return out


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
