"""HTML pages through the Flask test client."""

import json

import pytest

from index.build import reindex
from web import create_app

PAGED = [
    {"id": "paged-1", "title": "綦江区举办农民丰收节", "kicker": "乡村振兴", "subtitle": "万人共庆丰收",
     "body": "9月23日，綦江区农民丰收节开幕。\n现场展销特色农产品。", "date": "2025-09-23",
     "date_source": "issue", "reporters": [{"name": "谢琨", "role": "记者"}], "districts": ["綦江区"],
     "source": "重庆日报", "origin": {"path": "重庆日报/2025-09-24/3.txt", "page": 3}},
]


@pytest.fixture(scope="session")
def paged_index(tmp_path_factory):
    """Index root built from a one-article export with kicker, subtitle and page number."""
    corpus = tmp_path_factory.mktemp("paged") / "paged.jsonl"
    corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in PAGED), encoding="utf-8")
    root = corpus.parent / "index"
    reindex([corpus], root)
    return root


@pytest.fixture
def paged_client(paged_index):
    """Test client of an app over `paged_index`."""
    return create_app({"TESTING": True, "INDEX_DIR": str(paged_index)}).test_client()


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
    assert "<mark>夜经济</mark>" in html and "[N]. 新渝报, 2025-06-04" in html
    assert '实习生 <a class="reporter" href="/reporter/%E5%BD%AD%E8%8C%9C">彭茜</a>' in html


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


def test_front_page_invites_a_search_with_examples(client):
    html = client.get("/").get_data(as_text=True)
    assert "检索重庆报纸档案" in html and 'href="/search?q=%E6%B1%9F%E6%B4%A5%20%E5%A4%9C%E7%BB%8F%E6%B5%8E"' in html


def test_results_page_shows_count_time_and_segmentation(client):
    html = client.get("/search?q=江津夜经济怎么样").get_data(as_text=True)
    assert "共 <strong>" in html and "毫秒" in html
    assert 'title="可不出现">怎么样<small>（可不出现）</small></span>' in html
    # Few articles hold every word, so the words were relaxed, and the page says so.
    assert 'title="已放宽">江津<small>（已放宽）</small>' in html and "以下为包含部分词语的结果" in html


def test_reporters_and_districts_of_a_hit_are_links_that_add_a_filter(client):
    html = client.get("/search?q=夜经济").get_data(as_text=True)
    assert 'class="reporter" href="?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E&amp;reporter=%E4%BD%99%E6%9D%B0"' in html
    assert 'class="district" href="?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E&amp;district=%E6%B1%9F%E6%B4%A5%E5%8C%BA"' in html


def test_selected_facet_values_show_as_removable_chips_and_ticked_boxes(client):
    html = client.get("/search?district=江津区&district=大足区").get_data(as_text=True)
    assert html.count('class="chip"') == 2 and "清除全部" in html
    assert 'href="?district=%E5%A4%A7%E8%B6%B3%E5%8C%BA"' in html  # removing 江津区 keeps 大足区
    assert html.count('class="selected"') == 2 and html.count("已选，点击取消") == 2


def test_timeline_bars_link_to_their_month_as_one_filter(client):
    html = client.get("/search").get_data(as_text=True)
    assert 'href="?month=2025-09" class="bar" aria-label="2025-09：3 篇"' in html
    chips = client.get("/search?month=2025-09").get_data(as_text=True)
    assert chips.count('class="chip"') == 1 and "月份：2025-09" in chips


def test_timeline_has_a_labelled_axis_a_scale_and_counts_on_the_bars(client):
    html = client.get("/search?from=2025-06&to=2025-09").get_data(as_text=True)
    assert '<text class="count"' in html and '>3</text>' in html  # September's count, printed
    assert '<text class="label"' in html and ">6月</text>" in html and ">9月</text>" in html
    assert '<text class="year"' in html and ">2025年</text>" in html
    assert '<text class="tick"' in html and 'class="chart-scroll"' in html
    assert '<rect class="hitbox"' in html and 'width="48"' in html  # a bar is wide enough to tap


def test_pagination_links_numbered_pages(client):
    html = client.get("/search?size=2&page=3").get_data(as_text=True)
    assert 'aria-current="page" class="current">3</span>' in html
    assert 'rel="prev" href="?size=2&amp;page=2"' in html and 'rel="next" href="?size=2&amp;page=4"' in html
    assert 'href="?size=2&amp;page=7"' in html


def test_misspelt_query_shows_the_corrected_results_and_links_to_the_query_as_typed(client):
    html = client.get("/search?q=余振芳 能源").get_data(as_text=True)
    assert "已显示「<a href=\"?q=%E4%BD%98%E6%8C%AF%E8%8A%B3+%E8%83%BD%E6%BA%90\">佘振芳 能源</a>」的结果" in html
    assert "仍然搜索 <a href=\"?q=%E4%BD%99%E6%8C%AF%E8%8A%B3+%E8%83%BD%E6%BA%90&amp;literal=1\">余振芳 能源</a>" in html
    assert "三方签约推动市属国企<mark>能源</mark>矿业领域协同发展" in html
    assert 'href="/article/energy-mining?q=%E4%BD%98%E6%8C%AF%E8%8A%B3+%E8%83%BD%E6%BA%90"' in html  # marks what ran
    literal = client.get("/search?q=余振芳 能源&literal=1").get_data(as_text=True)
    assert "已显示「" not in literal


def test_resolved_filter_says_what_it_filtered_by(client):
    html = client.get("/search?reporter=王遵").get_data(as_text=True)
    assert "未找到记者「王遵」，按「王尊」筛选" in html and "１９９８年洪水记忆" in html


def test_unknown_filter_offers_close_names_as_links(client):
    html = client.get("/search?reporter=彭西西").get_data(as_text=True)
    assert "没有找到记者“彭西西”" in html
    assert '<a href="?reporter=%E5%BD%AD%E8%8C%9C">记者 彭茜</a>' in html


def test_entities_named_in_the_query_are_offered_as_filters(client):
    html = client.get("/search?q=江津 夜经济").get_data(as_text=True)
    assert "按实体筛选" in html and "区县 江津区" in html


def test_empty_results_page_helps_widen_the_search(client):
    html = client.get("/search?q=石刻&district=渝中区").get_data(as_text=True)
    assert "没有找到匹配的文章" in html and "去掉全部筛选" in html


def test_article_page_links_reporters_and_districts_to_their_pages(client):
    html = client.get("/article/night-economy").get_data(as_text=True)
    assert '<a class="district" href="/district/%E6%B1%9F%E6%B4%A5%E5%8C%BA">江津区</a>' in html
    assert 'class="permalink" href="/article/night-economy">http://localhost/article/night-economy</a>' in html
    assert "GB/T 7714" in html and "余杰, 彭茜. 江津夜经济点亮滨江新城[N]. 新渝报, 2025-06-04." in html


def test_article_page_lists_related_articles(client):
    html = client.get("/article/hotpot-body").get_data(as_text=True)
    assert "相关文章" in html and '<a href="/article/hotpot-title">火锅节开幕</a>' in html


def test_article_page_links_back_to_the_results_it_came_from(client):
    html = client.get("/article/night-economy?q=夜经济",
                      headers={"Referer": "http://localhost/search?q=夜经济&sort=newest"}).get_data(as_text=True)
    assert 'class="back" href="/search?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E&amp;sort=newest"' in html


def test_article_page_without_a_referrer_links_back_to_a_search_for_its_query(client):
    html = client.get("/article/night-economy?q=夜经济").get_data(as_text=True)
    assert 'class="back" href="/search?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E"' in html
    assert "返回检索结果" not in client.get("/article/night-economy").get_data(as_text=True)


def test_untitled_photo_is_labelled_by_its_kind_and_opening_words(client):
    html = client.get("/article/photo-qianjiang").get_data(as_text=True)
    assert "图片：黔江区濯水古镇游人如织。" in html and "特约摄影" in html
    assert "图片：黔江区濯水古镇" in client.get("/search?q=濯水").get_data(as_text=True)


def test_article_page_shows_kicker_subtitle_and_printed_page(paged_client):
    html = paged_client.get("/article/paged-1").get_data(as_text=True)
    assert '<p class="kicker">乡村振兴</p>' in html and '<p class="subtitle">万人共庆丰收</p>' in html
    assert "重庆日报</a> · 第 3 版" in html
    assert "谢琨. 綦江区举办农民丰收节[N]. 重庆日报, 2025-09-23(3)." in html
    assert html.count("<p>") >= 2  # one per paragraph
