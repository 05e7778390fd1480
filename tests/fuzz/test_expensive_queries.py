"""Expensive searches answer within the time budget, and say so when they were cut short.

The medium index has 3 000 articles written from a 36-word vocabulary, so every query word is
common: 40 ORs touch every article, a single character expands to dozens of bigram terms. No test
here times anything: the budget's clock is injected (search.engine.budget.StepClock) to cut a
search at its first check, and what is asserted is the answer — complete, or cut and saying so.
"""

from __future__ import annotations

import threading
from urllib.parse import urlencode

import pytest

from web import create_app

from .fuzzkit import DISTRICTS, MEDIUM_ARTICLES, REPORTERS, SEARCH_SECONDS, WORDS, close

IDENTITY = {"Accept-Encoding": "identity"}
HANG_SECONDS = 120  # a thread still running after this has hung (a guard, not a measurement)
ALL_FACETS = {"reporter": REPORTERS[:3], "district": DISTRICTS[:3], "source": ["重庆日报", "新渝报"],
              "kind": ["article", "brief"], "year": ["2018", "2020", "2024"], "month": ["2020-06", "2024-01"]}
EXPENSIVE = {
    "forty_ors": {"q": " OR ".join((WORDS * 2)[:40])},
    "forty_ors_newest": {"q": " OR ".join((WORDS * 2)[:40]), "sort": "newest"},
    "common_character": {"q": "经"},
    "common_character_all_facets": {"q": "市", **ALL_FACETS},
    "common_characters_oldest_all_facets": {"q": "重 经 发", "sort": "oldest", **ALL_FACETS},
    "deep_page": {"q": "经济", "page": "100", "size": "100"},
    "deep_page_no_query": {"page": "100", "size": "100", "sort": "newest"},
    "many_phrases": {"q": " ".join(f'"{a}{b}"' for a, b in zip(WORDS, WORDS[1:]))},
    "phrases_and_exclusions": {"q": " ".join(f'"{a} {b}" -{c}' for a, b, c in zip(WORDS, WORDS[1:], WORDS[2:]))},
    "long_query": {"q": "".join(WORDS) * 3},
    "title_fields": {"q": " OR ".join(f"title:{w}" for w in WORDS[:30])},
}


def pairs(params: dict) -> list[tuple[str, str]]:
    return [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]


def get(client, url: str, params: dict):
    return client.get(url, query_string=pairs(params), headers=IDENTITY)


def answered(resp) -> bool:
    """A complete answer, or one cut short that says so, or the server shedding load with Retry-After."""
    if resp.status_code == 503:
        return resp.headers.get("Retry-After", "").isdigit()
    if resp.status_code != 200:
        return False
    data = resp.get_json()
    return not data["timed_out"] or any("截断" in n for n in data["notices"])


@pytest.mark.parametrize("name", sorted(EXPENSIVE))
def test_expensive_search_answers_and_says_when_it_was_cut(medium_client, name):
    resp = get(medium_client, "/api/search", EXPENSIVE[name])
    assert resp.status_code == 200 and answered(resp), resp.get_data(as_text=True)[:300]
    assert get(medium_client, "/search", EXPENSIVE[name]).status_code == 200


def test_forty_ors_of_common_words_find_every_article(medium_client):
    data = get(medium_client, "/api/search", EXPENSIVE["forty_ors"]).get_json()
    assert data["timed_out"] or data["total"] == MEDIUM_ARTICLES


@pytest.mark.parametrize("url, rows", [("/export.csv", "1000"), ("/feed.atom", "50")])
def test_exports_of_a_common_word_hold_every_row(medium_client, url, rows):
    # an export holds every match (1,000 in the medium index), a feed the newest fifty
    resp = get(medium_client, url, {"q": "经济 OR 发展 OR 重庆"})
    assert resp.status_code == 200 and resp.headers["X-Export-Count"] == rows


@pytest.mark.parametrize("name", ["forty_ors", "many_phrases", "common_characters_oldest_all_facets"])
def test_a_search_cut_short_says_so_in_json_and_on_the_page(hurried_client, name):
    resp = get(hurried_client, "/api/search", EXPENSIVE[name])
    data = resp.get_json()
    assert resp.status_code == 200 and data["timed_out"] is True
    notice = next(n for n in data["notices"] if "截断" in n)
    page = hurried_client.get("/search?" + urlencode(pairs(EXPENSIVE[name])), headers=IDENTITY)
    assert page.status_code == 200 and notice in page.get_data(as_text=True)


def test_concurrent_expensive_searches_all_come_back(medium_index, request):
    # Sixteen at once, more than `serve --threads 8` would run: each is answered, cut short with a
    # notice, or shed with 503 and Retry-After; none hangs.
    app = create_app({"TESTING": True, "INDEX_DIR": str(medium_index), "SEARCH_SECONDS": SEARCH_SECONDS,
                      "EXPORT_LIMIT": 1000})
    request.addfinalizer(lambda: close(app.extensions["yuwen_index"]))
    names = ["forty_ors", "common_character_all_facets", "many_phrases", "deep_page"] * 4
    results: dict[int, bool] = {}

    def worker(i: int) -> None:
        results[i] = answered(get(app.test_client(), "/api/search", EXPENSIVE[names[i]]))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(names))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=HANG_SECONDS)
    assert not any(t.is_alive() for t in threads), "a search thread hung"
    assert results == {i: True for i in range(len(names))}


def test_concurrent_single_character_searches_never_fail(medium_index, request):
    # A single character reads the term dictionary (every bigram starting with it) on each search:
    # eight threads doing that at once must not trip over each other's file positions.
    app = create_app({"TESTING": True, "INDEX_DIR": str(medium_index), "SEARCH_SECONDS": SEARCH_SECONDS,
                      "EXPORT_LIMIT": 1000})
    request.addfinalizer(lambda: close(app.extensions["yuwen_index"]))
    chars = sorted({c for w in WORDS for c in w})
    failures: list[str] = []

    def worker(i: int) -> None:
        client = app.test_client()
        for n in range(20):
            c = chars[(i * 7 + n) % len(chars)]
            resp = client.get("/api/search", query_string={"q": c}, headers=IDENTITY)
            if not answered(resp):
                failures.append(f"{c}: {resp.status_code}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=HANG_SECONDS)
    assert not any(t.is_alive() for t in threads), "a search thread hung"
    assert not failures, failures
