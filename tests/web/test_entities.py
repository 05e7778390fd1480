"""Reporter and district pages and their JSON twins."""


def test_reporter_page_shows_count_recent_articles_and_colleagues(client):
    resp = client.get("/reporter/余杰")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<h1>余杰</h1>" in html and "<strong>1</strong> 篇文章" in html
    assert "江津夜经济点亮滨江新城" in html
    assert 'href="/reporter/%E5%BD%AD%E8%8C%9C"' in html  # 彭茜 wrote with him
    assert 'href="/api/reporter/%E4%BD%99%E6%9D%B0"' in html


def test_district_page_shows_its_reporters(client):
    html = client.get("/district/大足区").get_data(as_text=True)
    assert "<h1>大足区</h1>" in html and "又称" in html and "佘振芳" in html


def test_misspelt_reporter_redirects_to_the_canonical_page(client):
    resp = client.get("/reporter/余振芳")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/reporter/%E4%BD%98%E6%8C%AF%E8%8A%B3"


def test_pinyin_district_redirects_to_the_canonical_page(client):
    resp = client.get("/district/jiangjin")
    assert resp.status_code == 302 and resp.headers["Location"] == "/district/%E6%B1%9F%E6%B4%A5%E5%8C%BA"


def test_unknown_reporter_is_a_404_page(client):
    resp = client.get("/reporter/张三丰")
    assert resp.status_code == 404 and "没有找到" in resp.get_data(as_text=True)


def test_reporter_api_returns_the_page_as_json(client):
    data = client.get("/api/reporter/佘振芳").get_json()
    assert data["type"] == "reporter" and data["count"] == 2
    assert [h["id"] for h in data["recent"]] == ["energy-mining", "traditional"]
    assert {"reporter", "district"} == set(data["cooccurring"])


def test_district_api_redirects_short_names_and_404s_unknown_ones(client):
    assert client.get("/api/district/江津").headers["Location"] == "/api/district/%E6%B1%9F%E6%B4%A5%E5%8C%BA"
    resp = client.get("/api/district/火星区")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"


def test_overlong_entity_names_are_404_not_500(client):
    assert client.get("/api/reporter/" + "张" * 200).status_code == 404
