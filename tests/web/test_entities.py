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


def test_misspelt_reporter_redirects_to_the_canonical_page_which_says_so(client):
    resp = client.get("/reporter/余振芳")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/reporter/%E4%BD%98%E6%8C%AF%E8%8A%B3?asked=%E4%BD%99%E6%8C%AF%E8%8A%B3"
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "未找到记者「余振芳」，显示「佘振芳」" in html and "<h1>佘振芳</h1>" in html


def test_misspelt_reporter_in_the_api_is_announced_in_the_json(client):
    resp = client.get("/api/reporter/余振芳", follow_redirects=True)
    corrected = resp.get_json()["corrected"]
    assert corrected["from"] == "余振芳" and corrected["to"] == "佘振芳"
    assert corrected["message"] == "未找到记者「余振芳」，显示「佘振芳」"
    assert client.get("/api/reporter/佘振芳").get_json()["corrected"] is None


def test_an_asked_name_that_does_not_lead_to_the_page_is_not_announced(client):
    html = client.get("/reporter/佘振芳?asked=夏元").get_data(as_text=True)
    assert "未找到" not in html and "夏元」" not in html


def test_pinyin_district_redirects_to_the_canonical_page(client):
    resp = client.get("/district/jiangjin")
    assert resp.status_code == 302 and resp.headers["Location"] == "/district/%E6%B1%9F%E6%B4%A5%E5%8C%BA?asked=jiangjin"
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "拼音「jiangjin」识别为区县「江津区」，显示「江津区」" in html


def test_unknown_reporter_is_a_404_page(client):
    resp = client.get("/reporter/张三丰")
    assert resp.status_code == 404 and "没有找到" in resp.get_data(as_text=True)


def test_reporter_api_returns_the_page_as_json(client):
    data = client.get("/api/reporter/佘振芳").get_json()
    assert data["type"] == "reporter" and data["count"] == 2
    assert [h["id"] for h in data["recent"]] == ["energy-mining", "traditional"]
    assert {"reporter", "district"} == set(data["cooccurring"])


def test_district_api_redirects_short_names_and_404s_unknown_ones(client):
    assert client.get("/api/district/江津").headers["Location"] == \
        "/api/district/%E6%B1%9F%E6%B4%A5%E5%8C%BA?asked=%E6%B1%9F%E6%B4%A5"
    resp = client.get("/api/district/火星区")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"


def test_overlong_entity_names_are_404_not_500(client):
    assert client.get("/api/reporter/" + "张" * 200).status_code == 404
