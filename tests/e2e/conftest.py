"""A real `manage.py serve` on a free loopback port, and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from serverkit import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_SECONDS = 90  # the first start indexes the bundled samples


def wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> dict:
    """Poll /healthz until it answers 200; fail with the server's log if it dies or takes too long."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                return json.load(resp)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"server not healthy after {START_SECONDS} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Base URL of `manage.py serve --index <tmp>` (which indexes the samples first)."""
    tmp = tmp_path_factory.mktemp("e2e")
    port = free_port()
    log = tmp / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "YUWEN_"))}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "manage.py", "serve", "--index", str(tmp / "index"),
                                 "--host", "127.0.0.1", "--port", str(port), "--threads", "4"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        health = wait_healthy(url, proc, log)
        assert health["status"] == "ok" and health["articles"] > 0
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless; never a downloaded browser build."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser.sh (test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page with generous timeouts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-output/ (git-ignored), where the browser tests leave screenshots to look at."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


PAPERS = {"重庆日报": ("2025-01-01", 181, 1, 6), "新渝报": ("2024-07-01", 365, 2, 3)}  # first day, days, every, per issue
SECTIONS = ("要闻", "区县新闻", "经济")
SENTENCES = ("市民在滨江路散步。", "区里召开专题会议。", "游客在解放碑拍照打卡。", "企业生产线满负荷运转。",
             "志愿者走进社区服务。", "农户忙着采摘柑橘。", "交通部门发布出行提示。")


def archive_records() -> list[dict]:
    """About 1,600 articles of two papers with issues, pages, reading order, original URLs and an inferred
    year here and there; 夜经济 grows over the months while 大桥 fades, so a comparison has a shape."""
    import random
    from datetime import date, timedelta

    rng = random.Random(7)
    records = []
    for paper, (first, days, every, per_issue) in PAPERS.items():
        start = date.fromisoformat(first)
        for d in range(0, days, every):
            day = start + timedelta(days=d)
            share = d / days
            for n in range(per_issue):
                page, order = n // 2 + 1, n % 2 + 1
                words = ["重庆"] + (["夜经济"] if rng.random() < 0.1 + 0.5 * share else []) + \
                    (["大桥"] if rng.random() < 0.6 - 0.5 * share else [])
                body = "".join(rng.sample(SENTENCES, 3)) + "、".join(words) + "成为话题。"
                records.append({
                    "id": f"{'cqrb' if paper == '重庆日报' else 'xyb'}-{day:%Y%m%d}-{page}-{order:02d}",
                    "title": f"{day.month}月{day.day}日{SECTIONS[page - 1]}第{order}篇：{words[-1]}", "body": body,
                    "date": day.isoformat(), "date_source": "inferred" if d % 29 == 5 else "issue",
                    "source": paper, "page": str(page), "section": SECTIONS[page - 1], "order": order,
                    "reporters": [{"name": rng.choice(["佘振芳", "王尊", "夏元", "谢琨"]), "role": "记者"}],
                    "url": f"https://news.example.cn/{paper}/{day:%Y%m%d}/{page}-{order}.htm" if order == 1 else None})
    return records


@pytest.fixture(scope="session")
def archive_server(tmp_path_factory):
    """Base URL of `manage.py serve` over an index of archive_records() (built by `manage.py reindex`)."""
    tmp = tmp_path_factory.mktemp("e2e-archive")
    corpus = tmp / "archive.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in archive_records()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "YUWEN_"))}
    subprocess.run([sys.executable, "manage.py", "reindex", "--corpus", str(corpus), "--index", str(tmp / "index")],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = tmp / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "manage.py", "serve", "--index", str(tmp / "index"),
                                 "--host", "127.0.0.1", "--port", str(port), "--threads", "4"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        stop(proc)
