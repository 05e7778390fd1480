"""Search help: the advanced form writes an ordinary query URL; the tips page is linked from the search box."""

from urllib.parse import parse_qsl, urlsplit


def redirected_args(resp) -> list[tuple[str, str]]:
    assert resp.status_code == 302 and urlsplit(resp.headers["Location"]).path == "/search"
    return parse_qsl(urlsplit(resp.headers["Location"]).query)


def test_advanced_form_writes_the_query_syntax_and_filters(archive_client):
    resp = archive_client.get("/advanced?all=江津+夜经济&exact=滨江新城&any=夜市+开街&none=火锅&where=anywhere"
                              "&source=重庆日报&district=&reporter=张伟&kind=&from=2025-09-01&to=2025-09-30&sort=newest")
    assert redirected_args(resp) == [("q", '江津 夜经济 "滨江新城" 夜市 OR 开街 -火锅'), ("reporter", "张伟"),
                                     ("source", "重庆日报"), ("from", "2025-09-01"), ("to", "2025-09-30"),
                                     ("sort", "newest")]
    results = archive_client.get("/api" + resp.headers["Location"]).get_json()
    assert results["hits"][0]["id"] == "重庆日报-20250923-1-02"  # the one article with every word
    assert not results["relaxed"] or results["relaxed"]["all_words_total"] == 1


def test_advanced_form_can_limit_words_to_headlines(archive_client):
    resp = archive_client.get("/advanced?all=大桥&where=title")
    assert redirected_args(resp) == [("q", "title:大桥")]
    ids = {h["id"] for h in archive_client.get("/api/search?q=title:大桥").get_json()["hits"]}
    assert ids == {"重庆日报-20250922-1-01", "新渝报-20250604-A02-01"}  # not the article with 大桥 in its text


def test_empty_advanced_form_shows_the_form_with_papers_and_date_pickers(archive_client):
    html = archive_client.get("/advanced").get_data(as_text=True)
    assert '<option>重庆日报</option>' in html and '<option value="江津区">' in html
    assert html.count('type="date"') == 2 and "advanced.js" in html and "onclick" not in html


def test_advanced_form_with_a_bad_date_is_a_400_not_a_redirect(archive_client):
    assert archive_client.get("/advanced?all=大桥&from=2025-02-30").status_code == 400


def test_tips_page_is_linked_from_every_search_box(archive_client):
    html = archive_client.get("/search?q=大桥").get_data(as_text=True)
    assert '<a href="/help">检索帮助</a>' in html and '<a href="/advanced">高级检索</a>' in html
    tips = archive_client.get("/help").get_data(as_text=True)
    assert "完整短语" in tips and "title:" in tips and "after" in tips
