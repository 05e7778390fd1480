"""Deep results: cursor paging in the API (`after` and links.next), and an HTML pager that never errs."""

from urllib.parse import parse_qs, urlsplit

from web import create_app


def test_api_walks_every_result_with_after_cursors(client):
    seen, url = [], "/api/search?size=3&sort=newest"
    while url:
        data = client.get(url).get_json()
        seen += [h["id"] for h in data["hits"]]
        url = data["links"]["next"]
    newest = client.get("/api/search?size=100&sort=newest").get_json()
    assert seen == [h["id"] for h in newest["hits"]] and len(seen) == 13


def test_next_link_keeps_the_search_and_drops_the_page(client):
    data = client.get("/api/search?source=重庆日报&sort=oldest&size=2&page=2").get_json()
    args = parse_qs(urlsplit(data["links"]["next"]).query)
    assert args["sort"] == ["oldest"] and args["source"] == ["重庆日报"] and args["size"] == ["2"]
    assert "page" not in args and args["after"] == [data["next_after"]]
    follow = client.get(data["links"]["next"]).get_json()
    after_page_2 = client.get("/api/search?source=重庆日报&sort=oldest&size=2&page=3").get_json()
    assert [h["id"] for h in follow["hits"]] == [h["id"] for h in after_page_2["hits"]]


def test_the_last_page_has_no_next_link(client):
    data = client.get("/api/search?q=保税").get_json()
    assert data["links"]["next"] is None and data["next_after"] is None


def test_pages_announced_are_pages_that_can_be_fetched(client):
    data = client.get("/api/search?size=1").get_json()
    assert (data["pages"], data["pages_total"], data["page_limit"]) == (13, 13, 100)


def test_a_bad_or_stale_cursor_is_a_400_that_says_to_start_again(client):
    resp = client.get("/api/search?after=not-a-cursor")
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "bad_cursor"
    data = client.get("/api/search?size=2&sort=newest").get_json()
    other_sort = client.get(f"/api/search?size=2&sort=oldest&after={data['next_after']}")
    assert other_sort.status_code == 400


def test_api_page_past_the_limit_points_to_the_cursor(client):
    resp = client.get("/api/search?page=101")
    assert resp.status_code == 400 and "after=" in resp.get_json()["error"]["message"]


def test_html_page_past_the_last_one_says_so_and_links_back(client):
    resp = client.get("/search?q=重庆&size=2&page=40")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "第 40 页没有结果" in html
    assert 'rel="last" href="?q=%E9%87%8D%E5%BA%86&amp;size=2&amp;page=' in html and "没有找到匹配的文章" not in html
    assert 'value="重庆"' in html  # the query is still in the box


def test_html_page_past_the_page_limit_keeps_the_query_and_links_back(client):
    resp = client.get("/search?q=重庆&page=101")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "第 101 页没有结果" in html and 'rel="first" href="?q=%E9%87%8D%E5%BA%86"' in html
    assert client.get("/search?q=重庆&page=99999999999").status_code == 400  # not a number a page can be


def test_pager_of_a_huge_result_stops_at_the_limit_and_says_why(client):
    html = client.get("/search?size=1&page=13").get_data(as_text=True)
    assert 'rel="next"' not in html and "页码只到" not in html  # 13 pages: all reachable


def test_pager_of_a_large_result_stops_at_the_limit_and_offers_exports_and_cursors(bulk_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(bulk_index)}).test_client()
    html = client.get("/search?q=夜市&page=100").get_data(as_text=True)
    assert 'aria-current="page" class="current">100</span>' in html and 'rel="next"' not in html
    assert "页码只到第 100 页（前 1000 篇）。要看其余的 200 篇" in html
    assert 'href="/export.csv?q=%E5%A4%9C%E5%B8%82"' in html and "<code>after</code>" in html
    data = client.get("/api/search?q=夜市&page=100").get_json()
    assert data["pages"] == 100 and data["pages_total"] == 120 and data["links"]["next"]
    rest = client.get(data["links"]["next"] + "&size=100").get_json()
    assert len(rest["hits"]) == 100 and rest["links"]["next"]
