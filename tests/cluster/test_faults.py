"""Faults of a real cluster: a worker killed mid-search, a worker that stops answering, a rebuild while searching.

Each answer is then either whole or says which shards are missing, never an
error; the lost shards are reloaded on a worker that is there, and whole answers
come back without restarting anything.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from index.shards import build_shards
from search.engine.cluster.handle import ClusterHandle
from search.request import SearchRequest
from search.run import run_search
from web import create_app

DATA = Path(__file__).resolve().parents[1] / "data" / "docs.jsonl"
SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
RECOVER_SECONDS = 90
BUDGET = 10.0  # a search's time budget: generous, so that a busy machine doesn't make healthy shards miss it


@pytest.fixture(scope="module")
def archive(own_cluster, tmp_path_factory):
    """The tiny articles and the sample pages as four shards on the module's own cluster."""
    cluster, client = own_cluster
    root = tmp_path_factory.mktemp("faults") / "shards"
    build_shards([DATA, SAMPLES], root, client, shards=4)
    handle = ClusterHandle(root, client)
    engine = handle.current()
    yield engine, run_search(engine, SearchRequest(q=""))["total"]
    handle.close()


def search(engine, q="", time_limit=BUDGET):
    return run_search(engine, SearchRequest(q=q), time_limit=time_limit)


def wait_for_whole_answers(engine, total: int) -> dict:
    end = time.monotonic() + RECOVER_SECONDS
    while time.monotonic() < end:
        data = search(engine)
        if data["partial"] is None and data["total"] == total:
            return data
        time.sleep(0.2)
    raise AssertionError(f"the archive did not answer whole again within {RECOVER_SECONDS} s: {data['partial']}")


def worker_pid(engine, shard: int) -> int:
    return engine.slots.slots[shard].actor.ping().result(timeout=10)


def test_a_worker_killed_mid_search_gives_a_flagged_partial_answer_then_whole_answers_again(archive):
    engine, total = archive
    pid, killed = worker_pid(engine, 0), engine.slots.slots[0].worker
    on_it = {s.number for s in engine.slots.slots if s.worker == killed}
    answers, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(search(engine, "重庆"))
            except Exception as exc:  # never: a dead worker is a partial answer, not an error
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    time.sleep(0.3)
    os.kill(pid, signal.SIGKILL)
    data = search(engine)
    stop.set()
    searcher.join(30)
    assert not errors
    assert data["partial"] is not None and data["total"] < total
    assert {m["shard"] for m in data["partial"]["missing"]} == {engine.shards[n]["name"] for n in on_it}
    assert data["partial"]["articles_missing"] == total - data["total"]
    assert any("部分档案暂时无法检索" in n for n in data["notices"])
    assert all(a["partial"] is None or a["partial"]["missing"] for a in answers)
    wait_for_whole_answers(engine, total)
    assert all(engine.slots.slots[n].loads == 2 and engine.slots.slots[n].worker != killed for n in on_it)


def test_a_worker_that_stops_answering_is_named_then_its_shards_are_reloaded_elsewhere(archive):
    engine, total = archive
    slot = engine.slots.slots[1]
    stuck, pid = slot.worker, worker_pid(engine, 1)
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        data = search(engine, time_limit=1.0)
        assert time.monotonic() - started < 5  # the budget, not the stuck worker, decides
        assert data["partial"] is not None
        assert {m["reason"] for m in data["partial"]["missing"]} <= {"timeout", "reloading"}
        wait_for_whole_answers(engine, total)
        assert slot.worker != stuck
    finally:
        os.kill(pid, signal.SIGCONT)


def test_the_web_app_says_which_part_is_missing_and_never_fails(own_cluster, archive):
    cluster, _ = own_cluster
    engine, total = archive
    app = create_app({"TESTING": True, "INDEX_DIR": str(engine.gen.parent), "CLUSTER": cluster.scheduler_address,
                      "SEARCH_SECONDS": BUDGET, "EXPORT_LIMIT": 1000})
    client = app.test_client()
    whole = client.get("/api/search?q=")
    assert whole.status_code == 200 and whole.json["partial"] is None and whole.json["total"] == total
    served = app.extensions["yuwen_index"].current()
    os.kill(served.slots.slots[2].actor.ping().result(timeout=10), signal.SIGKILL)
    page = client.get("/search?q=")
    assert page.status_code == 200 and "部分档案暂时无法检索" in page.get_data(as_text=True)
    end = time.monotonic() + RECOVER_SECONDS
    while (got := client.get("/api/search?q=")).json["partial"] is not None and time.monotonic() < end:
        assert got.status_code == 200
        time.sleep(0.2)
    assert got.json["partial"] is None and got.json["total"] == total
    assert client.get("/healthz").status_code == 200
    app.extensions["yuwen_index"].close()


def test_a_rebuild_publishes_all_shards_at_once_while_searches_go_on(own_cluster, tmp_path):
    _, client = own_cluster
    root = tmp_path / "shards"
    more = tmp_path / "more.jsonl"
    more.write_text("".join(json.dumps({"id": f"more-{i}", "title": f"重庆新闻 {i}", "body": "重庆市民夜游长江。" * (i + 1),
                                        "date": f"2026-01-{i + 1:02d}"}, ensure_ascii=False) + "\n" for i in range(8)),
                    encoding="utf-8")
    build_shards([DATA], root, client, shards=3)
    handle = ClusterHandle(root, client)
    old = handle.current()
    totals = {old.version: search(old)["total"]}
    seen, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                engine = handle.current()
                data = search(engine)
                seen.append((engine.version, data["total"], data["partial"]))
            except Exception as exc:
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        new_name = build_shards([DATA, more], root, client, shards=4).generation
        end = time.monotonic() + RECOVER_SECONDS
        while handle.current().version != new_name and time.monotonic() < end:
            time.sleep(0.1)
        new = handle.current()
        totals[new.version] = search(new)["total"]
        while not any(version == new_name for version, _, _ in list(seen)) and time.monotonic() < end:
            time.sleep(0.1)
    finally:
        stop.set()
        searcher.join(30)
    handle.close()
    assert not errors and new.version == new_name and totals[new_name] > totals[old.version]
    assert {version for version, _, _ in seen} == {old.version, new_name}
    assert all(total == totals[version] and partial is None for version, total, partial in seen)
