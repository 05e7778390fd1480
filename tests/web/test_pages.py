"""HTML pages through the Flask test client."""


def test_empty_query_shows_the_search_page(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'name="q"' in html and "渝闻" in html


def test_results_page_shows_hits_facets_and_its_json_twin(client):
    html = client.get("/search?q=保税").get_data(as_text=True)
    assert "重庆国际铁路港综合<mark>保税</mark>区通过验收" in html
    assert 'href="/api/search?q=%E4%BF%9D%E7%A8%8E"' in html
    assert "沙坪坝区" in html and "区县" in html


def test_article_page_shows_text_and_highlights_query_terms(client):
    html = client.get("/article/night-economy?q=夜经济").get_data(as_text=True)
    assert "<mark>夜经济</mark>" in html and "实习生 彭茜" in html and "[N]. 新渝报, 2025-06-04" in html


def test_unknown_article_page_is_404(client):
    resp = client.get("/article/nope")
    assert resp.status_code == 404 and "没有找到" in resp.get_data(as_text=True)


def test_html_in_titles_and_names_is_escaped(client):
    html = client.get("/search?q=标签").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<i>坏名字</i>" not in html


def test_bad_page_parameter_is_a_400_page_not_a_500(client):
    resp = client.get("/search?q=重庆&page=-1")
    assert resp.status_code == 400 and "page" in resp.get_data(as_text=True)
