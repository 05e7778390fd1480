"""Load shedding: expensive requests share the heavy slots or get 503 + Retry-After; cheap ones never wait.

The in-process tests hold the app's real heavy slots themselves and set the quick lane to zero CPU
seconds, so that "this request turned out expensive" happens at its first budget check, not after
some amount of machine time. The last test sends real expensive requests to a real server.
"""

from __future__ import annotations

import threading
from urllib.parse import quote

import pytest
from serverkit import HANG_SECONDS, running_server

from search.engine.budget import StepClock
from web import create_app

EXPENSIVE = "/api/search?q=" + quote("重 OR 庆 OR 江 OR 津")
PLAIN = "/api/search?q=" + quote("重庆")  # two-character words, with hits to present
CHEAP = ["/healthz", "/api/suggest?q=%E6%B1%9F", "/api/stats", "/api/openapi.json", "/static/style.css"]


@pytest.fixture
def saturated(tiny_index):
    """An app whose every search-like request turns expensive at once, with its heavy slots all taken."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "HEAVY_SLOTS": 2, "QUICK_CPU_SECONDS": 0.0,
                      "HEAVY_WAIT_SECONDS": 0.0})
    admission = app.extensions["yuwen_admission"]
    assert admission.take() and admission.take()
    yield app
    for _ in range(2):
        admission.give_back()


def assert_shed(resp) -> None:
    assert resp.status_code == 503, resp.get_data(as_text=True)[:300]
    assert resp.headers["Retry-After"] == "2" and resp.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", [EXPENSIVE, "/search?q=%E9%87%8D", "/export.csv?q=%E9%87%8D%E5%BA%86",
                                 "/feed.atom?q=%E9%87%8D", "/article/night-economy?q=%E5%A4%9C", "/api/article/night-economy"])
def test_expensive_requests_are_shed_with_503_and_retry_after_while_the_heavy_slots_are_taken(saturated, url):
    assert_shed(saturated.test_client().get(url))


def test_an_api_client_is_told_why_in_json(saturated):
    error = saturated.test_client().get(EXPENSIVE).get_json()["error"]
    assert error["code"] == "overloaded" and "重试" in error["message"]


@pytest.mark.parametrize("url", CHEAP)
def test_cheap_routes_are_never_shed(saturated, url):
    resp = saturated.test_client().get(url)
    assert resp.status_code == 200
    resp.close()


def test_a_freed_slot_lets_the_same_request_through(saturated):
    client = saturated.test_client()
    assert_shed(client.get(EXPENSIVE))
    saturated.extensions["yuwen_admission"].give_back()
    try:
        assert client.get(EXPENSIVE).status_code == 200
    finally:
        assert saturated.extensions["yuwen_admission"].take()


def test_exports_take_a_heavy_slot_before_they_start(tiny_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "HEAVY_SLOTS": 1, "HEAVY_WAIT_SECONDS": 0.0,
                      "CPU_CLOCK": lambda: 0.0})  # searches never turn expensive here
    admission, client = app.extensions["yuwen_admission"], app.test_client()
    assert admission.take()
    assert client.get("/api/search?q=%E9%87%8D%E5%BA%86").status_code == 200
    assert_shed(client.get("/export.csv?q=%E9%87%8D%E5%BA%86"))
    admission.give_back()
    resp = client.get("/export.csv?q=%E9%87%8D%E5%BA%86")
    assert resp.status_code == 200
    assert not admission.take()  # the export holds its slot while its rows stream
    resp.get_data()
    resp.close()
    assert admission.take()  # sent: the export gave its slot back
    admission.give_back()


def test_a_request_turns_expensive_when_its_thread_has_used_the_quick_lane(tiny_index):
    # The CPU clock advances 0.1 s per reading: a search is quick for its first readings only.
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "HEAVY_SLOTS": 0, "QUICK_CPU_SECONDS": 10.0,
                      "CPU_CLOCK": StepClock(0.1)})
    assert app.test_client().get(PLAIN).status_code == 200
    hurried = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "HEAVY_SLOTS": 0,
                          "QUICK_CPU_SECONDS": 0.05, "CPU_CLOCK": StepClock(0.1)})
    assert_shed(hurried.test_client().get(PLAIN))


@pytest.mark.parametrize("url", [EXPENSIVE, "/api/search?q=" + quote(" OR ".join("重庆江津市民发展经济文化旅游")),
                                 "/search?page=100&size=100&q=%E9%87%8D%E5%BA%86"])
def test_a_search_shaped_like_an_attack_needs_a_heavy_slot_from_the_start(tiny_index, url):
    # The CPU clock stands still, so nothing turns expensive by use: only the shape decides.
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "HEAVY_SLOTS": 1, "HEAVY_WAIT_SECONDS": 0.0,
                      "CPU_CLOCK": lambda: 0.0})
    admission, client = app.extensions["yuwen_admission"], app.test_client()
    assert admission.take()
    assert_shed(client.get(url))
    assert client.get(PLAIN).status_code == 200
    admission.give_back()
    assert client.get(url).status_code == 200


def test_sixteen_expensive_requests_leave_a_plain_query_answered(long_index, tmp_path):
    # The attack: `重 OR 庆 OR 江 OR 津` against an index holding a 199k-character OCR line. Each such
    # request once took 35 s outside the budget; eight of them held every worker thread, and a
    # plain query waited behind them. Sixteen are sent before it here, twice the server's threads.
    attack = [EXPENSIVE + "&size=100", "/export.csv?q=" + quote("重 OR 庆 OR 江 OR 津")] * 8
    with running_server(long_index, tmp_path / "serve.log") as server:
        answers: dict[int, tuple] = {}
        threads = [threading.Thread(target=lambda i=i: answers.__setitem__(i, server.get(attack[i])))
                   for i in range(len(attack))]
        for t in threads:
            t.start()
        status, _, body = server.get("/api/search?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E")
        for t in threads:
            t.join(HANG_SECONDS)
    assert status == 200 and b"night-economy" in body
    assert sorted(answers) == list(range(len(attack))), "an expensive request was never answered"
    for code, headers, _ in answers.values():
        assert code == 200 or (code == 503 and headers["Retry-After"].isdigit())
