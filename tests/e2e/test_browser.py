"""A reader's path through the site in a real browser: search, autocomplete, facets, timeline, article."""

import re

from playwright.sync_api import expect


def pick_suggestion(page, name: str) -> None:
    """Arrow down through the open suggestion list until `name` is active, then press Enter."""
    options = page.locator("#suggestions li")
    expect(options.first).to_be_visible()
    for _ in range(options.count()):
        page.keyboard.press("ArrowDown")
        active = page.locator('#suggestions li[aria-selected="true"]')
        expect(active).to_have_count(1)
        if name in active.inner_text():
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"{name} not among suggestions: {options.all_inner_texts()}")


def result_count(page) -> int:
    return int(page.locator("#result-count strong").inner_text())


def test_search_autocomplete_facet_timeline_article_and_back(server, page, screenshots):
    page.goto(server + "/")
    expect(page.locator("h1")).to_have_text("检索重庆报纸档案")

    # Type a query; the last word, in pinyin, brings up entity suggestions.
    box = page.locator("#q")
    box.click()
    box.press_sequentially("发展 chong", delay=30)
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "true")
    pick_suggestion(page, "重庆日报")

    # Picking a source filters by it and keeps the other word as the query.
    page.wait_for_url(re.compile(r"/search\?q=%E5%8F%91%E5%B1%95&source="))
    expect(page.locator(".chip").first).to_contain_text("来源：重庆日报")
    expect(page.locator("#q")).to_have_value("发展")
    total = result_count(page)
    assert total > 1
    expect(page.locator(".hit mark").first).to_have_text("发展")

    # Tick a facet value: 类型 文章.
    article_box = page.locator('[data-facet="kind"] a', has_text="文章")
    expect(article_box).not_to_have_class("selected")
    expect(article_box.locator(".box")).to_have_text("☐")
    article_box.click()
    page.wait_for_url(re.compile(r"kind=article"))
    article_box = page.locator('[data-facet="kind"] a', has_text="文章")
    expect(article_box).to_have_class("selected")
    expect(article_box.locator(".box")).to_have_text("☑")
    expect(page.locator(".chip", has_text="类型：文章")).to_be_visible()
    ticked = result_count(page)
    assert 0 < ticked <= total

    # Click the tallest timeline bar: the date range narrows to its month.
    bars = page.locator(".timeline a.bar")
    expect(bars.first).to_be_visible()
    labels = bars.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    counts = [int(re.search(r"(\d+) 篇", label).group(1)) for label in labels]
    month = labels[counts.index(max(counts))].split("：")[0]
    page.screenshot(path=str(screenshots / "search-desktop.png"), full_page=True)
    bars.nth(counts.index(max(counts))).click()
    page.wait_for_url(re.compile(rf"month={month}"))
    expect(page.locator(".chip", has_text=f"月份：{month}")).to_be_visible()
    assert result_count(page) == max(counts)
    results_url = page.url

    # Open the first article: headline, highlighted query, metadata links, citation.
    first = page.locator(".hit h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/article/"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".article .body mark").first).to_have_text("发展")
    expect(page.locator("#citation")).to_have_value(re.compile(r"\[N\]\. 重庆日报, \[?" + month[:4] + r"\]?" + month[4:]))
    expect(page.locator("button.copy").first).to_be_visible()
    expect(page.locator(".related li").first).to_be_visible()
    page.screenshot(path=str(screenshots / "article-desktop.png"), full_page=True)

    # Come back: the same filtered results.
    page.locator("a.back").click()
    page.wait_for_url(results_url)
    assert result_count(page) == max(counts)
    expect(page.locator(".chip:not(.clear)")).to_have_count(3)  # 来源, 类型, 月份


def test_suggestions_close_with_escape_and_the_form_still_submits(server, page):
    page.goto(server + "/")
    page.locator("#q").press_sequentially("dazu", delay=30)
    expect(page.locator("#suggestions li").first).to_contain_text("大足区")
    page.keyboard.press("Escape")
    expect(page.locator("#suggestions")).to_be_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=dazu"))
    expect(page.locator("#result-count")).to_be_visible()


def test_results_page_fits_a_phone_screen(server, browser, screenshots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server + "/search?q=重庆&district=大足区")
    expect(page.locator("#result-count")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(screenshots / "search-phone.png"), full_page=True)
    context.close()
    assert width <= 390


def test_pages_run_under_the_content_security_policy_without_a_violation(server, page):
    # The CSP forbids inline script and style; a page that needed either would log a violation.
    complaints = []
    page.on("console", lambda msg: complaints.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(server + "/search?q=重庆")
    first = page.locator(".hit h3 a").first
    first.click()
    page.wait_for_url(re.compile(r"/article/"))
    expect(page.locator("button.copy").first).to_be_visible()  # copy.js ran
    reporter = page.locator("a.reporter").first
    if reporter.count():
        reporter.click()
        page.wait_for_url(re.compile(r"/reporter/"))
    # The archive's pages: charts drawn as SVG, the advanced form's preview and the index filter.
    page.goto(server + "/compare?q=重庆&q=江津")
    expect(page.locator("svg").first).to_be_visible()
    page.goto(server + "/advanced")
    page.locator("input").first.fill("重庆")
    page.goto(server + "/reporters")
    page.goto(server + "/papers")
    assert complaints == []


def test_the_sort_menu_submits_itself_through_the_static_script(server, page):
    page.goto(server + "/search?q=重庆")
    page.locator("#sort").select_option("newest")
    page.wait_for_url(re.compile(r"sort=newest"))
    expect(page.locator("#sort")).to_have_value("newest")
