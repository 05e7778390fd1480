"""Browsing like the printed paper: papers, a paper's years, calendars, an issue, a page, the article's
neighbours; each page and its JSON twin."""

from urllib.parse import quote

CQ = quote("重庆日报")


def test_papers_page_lists_each_paper_with_count_and_coverage(archive_client):
    html = archive_client.get("/papers").get_data(as_text=True)
    assert f'<a href="/papers/{CQ}">重庆日报</a>' in html and "2025-09-22 至 2025-10-02" in html
    data = archive_client.get("/api/papers").get_json()
    assert data["papers"][0] == {"name": "重庆日报", "count": 8, "first_date": "2025-09-22",
                                 "last_date": "2025-10-02", "url": f"/api/papers/{CQ}"}
    assert [p["name"] for p in data["papers"]] == ["重庆日报", "新渝报"] and data["total"] == 11


def test_paper_page_counts_articles_per_year_and_month(archive_client):
    data = archive_client.get("/api/papers/重庆日报").get_json()
    assert data["count"] == 8 and data["undated"] == 1
    year = data["years"][0]
    assert year["year"] == 2025 and year["count"] == 7
    assert year["months"][8] == {"month": 9, "count": 6, "url": f"/api/papers/{CQ}/2025/09"}
    assert year["months"][0]["url"] is None
    html = archive_client.get("/papers/重庆日报").get_data(as_text=True)
    assert f'href="/papers/{CQ}/2025/09" aria-label="2025年9月：6 篇">6</a>' in html


def test_year_page_shows_twelve_calendars_with_issue_days_marked(archive_client):
    data = archive_client.get("/api/papers/新渝报/2025").get_json()
    assert len(data["months"]) == 12 and data["count"] == 2
    june = data["months"][5]
    days = [d for week in june["weeks"] for d in week if d and d["count"]]
    assert days == [{"day": 4, "date": "2025-06-04", "count": 2, "url": f"/api/papers/{quote('新渝报')}/2025/06/04"}]
    assert data["prev"] == "2024-12-31" and data["prev_url"] == f"/api/papers/{quote('新渝报')}/2024"
    assert data["next"] is None


def test_month_calendar_marks_and_counts_days_and_links_the_months_around(archive_client):
    html = archive_client.get("/papers/重庆日报/2025/09").get_data(as_text=True)
    assert f'<a href="/papers/{CQ}/2025/09/23" aria-label="2025-09-23：4 篇"><span class="d">23</span><span class="n">4 篇</span></a>' in html
    assert '<td class="none"><span class="d">21</span></td>' in html
    assert f'rel="next" href="/papers/{CQ}/2025/10"' in html
    data = archive_client.get("/api/papers/重庆日报/2025/09").get_json()
    assert (data["days"], data["count"], data["prev"], data["next"]) == (3, 6, None, "2025-10-02")


def test_issue_lists_pages_in_print_order_and_articles_in_reading_order(archive_client):
    data = archive_client.get("/api/papers/重庆日报/2025/09/23").get_json()
    assert [p["page"] for p in data["pages"]] == ["1", "2", "10"]
    assert [a["id"] for a in data["pages"][0]["articles"]] == ["重庆日报-20250923-1-01", "重庆日报-20250923-1-02"]
    assert data["pages"][0]["sections"] == ["要闻"] and data["pages"][2]["sections"] == ["两江潮"]
    assert (data["prev"], data["next"]) == ("2025-09-22", "2025-09-24")
    assert data["next_url"] == f"/api/papers/{CQ}/2025/09/24"
    assert (data["links"]["html"], data["links"]["json"]) == (f"/papers/{CQ}/2025/09/23", f"/api/papers/{CQ}/2025/09/23")
    html = archive_client.get("/papers/重庆日报/2025/09/23").get_data(as_text=True)
    assert html.index("第 1 版") < html.index("第 2 版") < html.index("第 10 版")
    assert f'class="next-issue" href="/papers/{CQ}/2025/09/24">下一期 2025-09-24 →</a>' in html


def test_printed_page_lists_its_articles_with_openings_and_the_pages_around(archive_client):
    data = archive_client.get("/api/papers/重庆日报/2025/09/23/2").get_json()
    assert [a["id"] for a in data["articles"]] == ["重庆日报-20250923-2-01"]
    assert data["articles"][0]["opening"].startswith("渝中区老街改造完成")
    assert (data["prev_page"], data["next_page"]) == ("1", "10")
    html = archive_client.get("/papers/重庆日报/2025/09/23/10").get_data(as_text=True)
    assert "副刊：山城的雾" in html and f'rel="prev" href="/papers/{CQ}/2025/09/23/2"' in html


def test_article_page_links_its_issue_page_and_neighbours_in_reading_order(archive_client):
    html = archive_client.get("/article/重庆日报-20250923-1-02").get_data(as_text=True)
    assert f'class="issue-link" href="/papers/{CQ}/2025/09/23">重庆日报 2025-09-23</a>' in html
    assert f'class="page-link" href="/papers/{CQ}/2025/09/23/1">第 1 版</a>' in html and "本期第 2/4 篇" in html
    assert "← 上一篇：重庆国际铁路港综合保税区通过验收" in html and "下一篇：渝中区老街焕新 →" in html
    issue = archive_client.get("/api/article/重庆日报-20250923-10-01").get_json()["issue"]
    assert issue["prev_article"]["id"] == "重庆日报-20250923-2-01" and issue["next_article"] is None
    assert archive_client.get("/api/article/cms-undated-1").get_json()["issue"] is None


def test_a_misspelt_paper_redirects_and_says_so(archive_client):
    resp = archive_client.get("/papers/重庆日報/2025")
    assert resp.status_code == 302
    assert resp.headers["Location"] == f"/papers/{CQ}/2025?asked={quote('重庆日報')}"
    html = archive_client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "重庆日報" in html and "重庆日报" in html and 'class="notice corrected"' in html


def test_browse_pages_that_do_not_exist_are_404(archive_client):
    for path in ("/papers/火星日报", "/papers/重庆日报/2025/13", "/papers/重庆日报/2025/02/30",
                 "/papers/重庆日报/2025/09/25", "/papers/重庆日报/2025/09/23/99", "/api/papers/重庆日报/99999",
                 "/papers/重庆日报/1066"):
        assert archive_client.get(path).status_code == 404, path
