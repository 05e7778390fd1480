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
