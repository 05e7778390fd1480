"""The JSON API through the Flask test client: shapes, errors, CORS."""

import pytest


def test_search_api_returns_the_documented_shape(client):
    data = client.get("/api/search?q=综合保税区").get_json()
    assert {"query", "total", "page", "size", "hits", "facets"} <= set(data)
    hit = data["hits"][0]
    assert {"id", "title", "date", "reporters", "districts", "source", "kind", "snippet", "url"} <= set(hit)
    assert hit["id"] == "bonded-zone" and hit["url"].startswith("/article/bonded-zone")
    assert {"reporter", "district", "source", "year"} <= set(data["facets"])
    assert {"value", "count", "selected", "toggle_url"} <= set(data["facets"]["source"][0])


@pytest.mark.parametrize("query, code", [
    ("page=-1", "bad_page"), ("size=100000", "bad_size"), ("sort=x", "bad_sort"), ("from=soon", "bad_date"),
])
def test_bad_parameters_are_400_json_errors(client, query, code):
    resp = client.get(f"/api/search?q=重庆&{query}")
    assert resp.status_code == 400
    assert resp.get_json()["error"]["code"] == code


def test_unknown_article_is_404_json(client):
    resp = client.get("/api/article/does-not-exist")
    assert resp.status_code == 404 and "error" in resp.get_json()


def test_article_api_returns_the_record(client):
    data = client.get("/api/article/night-economy").get_json()
    assert data["title"] == "江津夜经济点亮滨江新城"
    assert data["reporters"] == [{"name": "余杰", "role": "记者"}, {"name": "彭茜", "role": "实习生"}]


def test_api_allows_cross_origin_get(client):
    assert client.get("/api/search?q=重庆").headers["Access-Control-Allow-Origin"] == "*"


def test_repeated_filters_are_or_within_a_facet(client):
    data = client.get("/api/search?district=江津区&district=大足区").get_json()
    assert {h["id"] for h in data["hits"]} == {"night-economy", "traditional"}


def test_missing_index_is_a_clear_503_not_a_trace(tmp_path):
    from web import create_app
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    resp = client.get("/api/search?q=重庆")
    assert resp.status_code == 503
    assert "reindex" in resp.get_json()["error"]["message"]


def test_suggest_completes_a_pinyin_district_name(client):
    data = client.get("/api/suggest?q=jiangjin").get_json()
    assert data["query"] == "jiangjin"
    first = data["suggestions"][0]
    assert (first["type"], first["name"]) == ("district", "江津区")
    assert first["count"] == 1 and first["how"] in ("pinyin", "initials")
    assert first["url"] == "/search?district=%E6%B1%9F%E6%B4%A5%E5%8C%BA"


def test_suggest_completes_a_reporter_from_the_first_character(client):
    names = [(s["type"], s["name"]) for s in client.get("/api/suggest?q=佘").get_json()["suggestions"]]
    assert ("reporter", "佘振芳") in names


def test_suggest_with_an_empty_query_is_an_empty_list(client):
    assert client.get("/api/suggest?q=").get_json() == {"query": "", "suggestions": []}
    assert client.get("/api/suggest").get_json()["suggestions"] == []


def test_suggest_respects_the_limit(client):
    assert len(client.get("/api/suggest?q=区&limit=2").get_json()["suggestions"]) <= 2


@pytest.mark.parametrize("query, code", [
    ("q=" + "长" * 65, "bad_query"), ("q=a&limit=0", "bad_limit"), ("q=a&limit=21", "bad_limit"),
    ("q=a&limit=many", "bad_limit"),
])
def test_bad_suggest_parameters_are_400_json_errors(client, query, code):
    resp = client.get(f"/api/suggest?{query}")
    assert resp.status_code == 400
    assert resp.get_json()["error"]["code"] == code


def test_stats_report_the_article_count_and_last_reindex(client):
    data = client.get("/api/stats").get_json()
    assert data["articles"] == 13
    assert data["reporters"] >= 8 and data["index_bytes"] > 0 and data["last_reindex"]


def test_healthz_reports_ok_with_the_article_count(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "articles": 13}
    assert resp.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_json_without_an_index(tmp_path):
    from web import create_app
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.get_json()["status"] == "unavailable"


def test_article_api_lists_related_articles_but_not_itself(client):
    data = client.get("/api/article/hotpot-body").get_json()
    ids = [r["id"] for r in data["related"]]
    assert ids[0] == "hotpot-title"  # 吃火锅 is in no other article, but its bigram 火锅 is
    assert "hotpot-body" not in ids
    assert data["related"][0]["url"] == "/article/hotpot-title"


@pytest.mark.parametrize("q", ['a.b', '8.W', 'x-y', '"', 'title:', '-', 'OR', '(a', 'a~2', '*', '\x00', '重' * 300])
def test_odd_query_syntax_is_never_a_server_error(client, q):
    resp = client.get("/api/search", query_string={"q": q})
    assert resp.status_code == 200 and "hits" in resp.get_json()
