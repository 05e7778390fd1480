"""Damage done to an index while it is being served: 503 pointing to reindex, logged once; never 500s.

Before, truncated segment files gave 500s with a traceback per request while /healthz said ok, and
a damaged CURRENT gave 503s although a healthy generation was loaded and could go on serving.
"""

from __future__ import annotations

import gc
import logging
import shutil

import pytest
from serverkit import running_server

from index.generations import CURRENT, current_generation

from .faultkit import OLD_ARTICLES, app_client

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")  # failed loads leave files to the GC
URLS = ["/api/search?q=旧版标记", "/api/search?q=重庆 OR 江津", "/search?q=发展", "/api/search?q=夜经济 市民",
        "/api/article/old-00001", "/article/old-00002", "/api/suggest?q=江", "/healthz"]


def truncate_segments(gen) -> None:
    """Cut every segment's postings file (term dictionaries and lists) to 100 bytes, in place."""
    for path in gen.glob("*.ypf"):
        with open(path, "r+b") as fh:
            fh.truncate(100)


def test_segments_truncated_under_a_running_server_give_503s_logged_once_not_500s(live_root, tmp_path):
    log = tmp_path / "serve.log"
    with running_server(live_root, log) as server:
        assert server.get("/api/search?q=旧版标记")[0] == 200
        truncate_segments(current_generation(live_root))
        statuses = [server.get(url)[0] for url in URLS * 3]
        health, _, body = server.get("/healthz")
    text = log.read_text(encoding="utf-8", errors="replace")
    assert 500 not in statuses and statuses[-len(URLS):] == [503] * len(URLS), statuses
    assert health == 503 and b"index_unavailable" in body
    assert "Traceback" not in text, text[-3000:]
    assert text.count("was damaged while serving") + text.count("is damaged (") == 1, text[-3000:]


def test_healthz_reads_a_posting_list_and_an_article(live_root):
    with app_client(live_root) as client:
        assert client.get("/healthz").status_code == 200
        truncate_segments(current_generation(live_root))
        resp = client.get("/healthz")
        assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "index_unavailable"
        assert client.get("/api/search?q=旧版标记").status_code == 503  # and the generation stays refused


def test_a_damaged_current_leaves_the_loaded_generation_serving_and_says_so_once(live_root, caplog):
    with app_client(live_root) as client:
        assert client.get("/api/search?q=旧版标记").get_json()["total"] == OLD_ARTICLES
        (live_root / CURRENT).write_bytes(b"\x00\xfe\xffgarbage\n")
        with caplog.at_level(logging.ERROR):
            answers = [client.get(url) for url in URLS]
        assert [r.status_code for r in answers] == [200] * len(URLS)
        assert answers[0].get_json()["total"] == OLD_ARTICLES
    said = [r for r in caplog.records if "still serving" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.ERROR


def test_current_naming_a_damaged_new_generation_leaves_the_loaded_one_serving(live_root, caplog):
    live = current_generation(live_root)
    broken = live_root / "gen-99990101T000000-1-0"
    shutil.copytree(live, broken)
    truncate_segments(broken)
    with app_client(live_root) as client:
        assert client.get("/healthz").status_code == 200
        (live_root / CURRENT).write_text(broken.name + "\n", encoding="utf-8")
        with caplog.at_level(logging.ERROR):
            totals = [client.get("/api/search?q=旧版标记").get_json()["total"] for _ in range(5)]
        assert totals == [OLD_ARTICLES] * 5 and client.get("/healthz").status_code == 200
    assert sum("cannot load" in r.getMessage() for r in caplog.records) == 1
    gc.collect()


def test_a_removed_generation_is_not_served_from_memory(live_root):
    with app_client(live_root) as client:
        assert client.get("/healthz").status_code == 200
        shutil.rmtree(current_generation(live_root))
        resp = client.get("/api/search?q=旧版标记")
        assert resp.status_code == 503 and "manage.py reindex" in resp.get_json()["error"]["message"]
