"""The archive in a real browser: browse a paper down to an article and cite it, export more than
1,000 results, compare two terms over time (screenshots in test-output/)."""

import csv
import io
import json
import re
from pathlib import Path

from playwright.sync_api import expect


def test_browse_paper_year_month_issue_page_article_and_cite(archive_server, page, screenshots):
    page.goto(archive_server + "/papers")
    expect(page.locator("h1")).to_have_text("报纸")
    page.screenshot(path=str(screenshots / "archive-papers.png"), full_page=True)
    page.locator("table.papers a", has_text="重庆日报").click()
    expect(page.locator("h1")).to_have_text("重庆日报")
    page.locator("table.years a", has_text="2025").first.click()

    # The year: twelve calendars; open March through its caption.
    expect(page.locator("table.calendar")).to_have_count(12)
    page.locator("table.calendar caption a", has_text="3月").click()
    page.wait_for_url(re.compile(r"/2025/03$"))
    expect(page.locator("td.has")).to_have_count(31)
    page.screenshot(path=str(screenshots / "archive-month.png"), full_page=True)
    page.locator("td.has a[aria-label^='2025-03-14']").click()

    # The issue: pages in order, articles in reading order, the next issue one click away.
    page.wait_for_url(re.compile(r"/2025/03/14$"))
    expect(page.locator(".printed-page h2")).to_have_count(3)
    expect(page.locator(".printed-page h2 a").first).to_have_text("第 1 版")
    expect(page.locator("a.next-issue")).to_contain_text("2025-03-15")
    page.screenshot(path=str(screenshots / "archive-issue.png"), full_page=True)
    page.locator(".printed-page h2 a", has_text="第 2 版").click()
    page.wait_for_url(re.compile(r"/2025/03/14/2$"))
    expect(page.locator("a[rel=prev]")).to_contain_text("第 1 版")
    page.locator(".hits h3 a").first.click()

    # The article: where it was printed, the original, its neighbours, its citations.
    page.wait_for_url(re.compile(r"/article/cqrb-20250314-2-01$"))
    expect(page.locator("dd.issue")).to_contain_text("重庆日报 2025-03-14 · 第 2 版 · 本期第 3/6 篇")
    expect(page.locator("a.original")).to_have_attribute("href", "https://news.example.cn/重庆日报/20250314/2-1.htm")
    expect(page.locator("#citation")).to_have_value(re.compile(r"\[N\]\. 重庆日报, 2025-03-14\(2\)\.$"))
    expect(page.locator("#citation-online")).to_have_value(re.compile(r"\[N/OL\]\. 重庆日报, 2025-03-14\(2\)\[\d{4}-\d\d-\d\d\]\. https://news\.example\.cn/"))
    expect(page.locator("button.copy").first).to_be_visible()
    page.screenshot(path=str(screenshots / "archive-article.png"), full_page=True)
    with page.expect_download() as got:
        page.locator("a.ris").click()
    ris = Path(got.value.path()).read_text(encoding="utf-8")
    assert ris.startswith("TY  - NEWS") and "SP  - 2" in ris and "T2  - 重庆日报" in ris
    page.locator("a.next-article").click()
    page.wait_for_url(re.compile(r"/article/cqrb-20250314-2-02$"))
    expect(page.locator("a.prev-article")).to_be_visible()


def test_export_of_more_than_a_thousand_results_and_the_pager_past_its_end(archive_server, page, screenshots):
    page.goto(archive_server + "/search?q=重庆&sort=oldest")
    total = int(page.locator("#result-count strong").inner_text())
    assert total > 1000
    page.goto(archive_server + "/search?q=重庆&sort=oldest&page=101")
    expect(page.locator(".past-end")).to_contain_text("第 101 页没有结果")
    expect(page.locator("#q")).to_have_value("重庆")
    page.locator(".past-end a[rel=last]").click()
    expect(page.locator(".pager .current")).to_have_text("100")
    expect(page.locator(".page-limit")).to_be_visible()
    page.screenshot(path=str(screenshots / "archive-page-limit.png"), full_page=True)

    with page.expect_download() as got:
        page.locator(".page-limit a", has_text="CSV").click()
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["id", "date", "date_source", "date_label"] and len(rows) - 1 == total
    assert {r[0] for r in rows[1:]} >= {"cqrb-20250314-2-01", "xyb-20240701-1-01"}
    with page.expect_download() as got:
        page.locator(".page-limit a", has_text="JSON Lines").click()
    lines = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == total and json.loads(lines[0])["permalink"].startswith(archive_server + "/article/")


def test_compare_two_terms_over_time(archive_server, page, browser, screenshots):
    page.goto(archive_server + "/compare")
    boxes = page.locator(".compare-form input[name=q]")
    boxes.nth(0).fill("夜经济")
    boxes.nth(1).fill("大桥")
    page.locator("input[name=mode][value=per1000]").check()
    page.locator(".compare-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/compare\?q=.*&q=.*mode=per1000"))
    expect(page.locator("polyline.series")).to_have_count(2)
    expect(page.locator(".legend li")).to_have_count(2)
    first, last = page.locator(".compare-table tbody tr").first, page.locator(".compare-table tbody tr").last
    expect(first.locator("th")).to_have_text("2024-07")
    expect(last.locator("th")).to_have_text("2025-06")
    page.screenshot(path=str(screenshots / "archive-compare.png"), full_page=True)
    with page.expect_download() as got:
        page.locator("a[type='text/csv']").click()
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["period", "articles", "夜经济 count", "夜经济 per_1000", "大桥 count", "大桥 per_1000"]
    night = [float(r[3]) for r in rows[1:]]
    assert night[-1] > night[0]  # 夜经济 grows over the year, as the corpus was made

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    small = phone.new_page()
    small.goto(archive_server + "/search?q=重庆")
    bar = small.locator(".timeline a.bar").first
    box = bar.locator("rect.hitbox").bounding_box()
    assert box["width"] >= 30  # a finger can hit it
    expect(small.locator(".timeline text.count").first).to_be_visible()  # counts without hovering
    width = small.evaluate("document.documentElement.scrollWidth")
    small.screenshot(path=str(screenshots / "archive-timeline-phone.png"), full_page=True)
    bar.click()
    small.wait_for_url(re.compile(r"month=\d{4}-\d\d"))
    expect(small.locator(".chip:not(.clear)")).to_have_count(1)
    phone.close()
    assert width <= 390
