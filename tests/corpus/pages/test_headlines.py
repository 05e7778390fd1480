"""Headline shapes and the kicker / title / subtitle split."""

from __future__ import annotations

import pytest

from corpus.pages.headlines import Headline, decks_of, is_headline_like, is_list_entry, is_name_tag, split_headline


def headline(*paragraphs: list[str], page_text: str = "") -> Headline:
    return split_headline(decks_of(list(paragraphs)), page_text)


def test_stacked_lines_of_one_headline_are_joined():
    assert headline(["三方签约推动市属国企", "能源矿业领域协同发展"]).title == "三方签约推动市属国企能源矿业领域协同发展"


def test_a_dash_ending_deck_is_a_kicker_and_a_spaced_banner_is_dropped():
    result = headline(["江津区拓宽民意沟通新渠道——", "代表进校园 履职上“云端”", "建好基层单元推进全过程", "人 民 民 主 重 庆 实 践"])
    assert result == Headline(title="代表进校园 履职上“云端”", kicker="江津区拓宽民意沟通新渠道——")


def test_a_much_longer_second_line_is_a_subtitle():
    result = headline(["重庆工业经济总量突破3万亿元", "制造业高质量发展“十四五”规划各项任务全面落地见效"])
    assert (result.title, result.subtitle) == ("重庆工业经济总量突破3万亿元", "制造业高质量发展“十四五”规划各项任务全面落地见效")


def test_a_short_first_deck_is_a_kicker():
    assert headline(["大足区人大"], ["开展全区智慧城管建设工作调研"]) == Headline(title="开展全区智慧城管建设工作调研", kicker="大足区人大")


def test_a_couplet_after_the_title_is_a_subtitle():
    result = headline(["大足区生态文明建设稳中有进"], ["水环境质量好中更优 大气环境质量持续改善"])
    assert (result.title, result.kicker, result.subtitle) == ("大足区生态文明建设稳中有进", "", "水环境质量好中更优 大气环境质量持续改善")


def test_a_longer_statement_before_a_couplet_is_a_kicker():
    result = headline(["李强主持召开国务院常务会议审议通过《意见》"], ["减少涉企行政检查频次 杜绝随意检查"])
    assert (result.kicker, result.title) == ("李强主持召开国务院常务会议审议通过《意见》", "减少涉企行政检查频次 杜绝随意检查")


def test_a_colon_runs_on_into_the_next_lines():
    assert headline(["黔江："], ["加强河流治理", "发展多种产业"]).title == "黔江：加强河流治理发展多种产业"


def test_one_line_headline_with_a_long_lead_segment():
    result = headline(["重庆市六届人大三次会议举行专题记者会 打造“新”动力源 重庆制造奔向重庆创造"])
    assert (result.kicker, result.title) == ("重庆市六届人大三次会议举行专题记者会", "打造“新”动力源 重庆制造奔向重庆创造")
    assert headline(["紧盯做大做强制造业 着力打造新质生产力动力源"]).title == "紧盯做大做强制造业 着力打造新质生产力动力源"


def test_a_big_year_joins_its_title_in_the_order_the_text_uses():
    result = headline(["川渝不夜地标", "（重庆）"], ["2025"], page_text="获评“2025川渝不夜地标”")
    assert result.title == "2025川渝不夜地标（重庆）"


@pytest.mark.parametrize("lines, expected", [
    (["三方签约推动市属国企", "能源矿业领域协同发展"], True),
    (["33618，重庆制造两年新变化"], True),
    (["人 民 民 主 重 庆 实 践"], True),
    (["“加速度”。"], False),
    (["二"], False),
    (["2020年 3月，建行重庆市分行联动建行"], False),
    (["主持人\t记者\t夏元"], False),
    (["市地矿集团在省域自然资源要素市场培育。专业技术全链条服务"], False),
])
def test_headline_shapes(lines, expected):
    assert is_headline_like(lines) is expected


def test_list_entries_and_name_tags():
    assert is_list_entry("不夜合川·醉美江湾")
    assert not is_list_entry("川渝不夜地标（重庆）")
    assert is_name_tag("黎勇", "市人大代表、涪陵区委书记黎勇 … 黎勇")
    assert not is_name_tag("巴国城", "巴国城 … 巴国城")  # no surname: a place
    assert not is_name_tag("黎勇", "黎勇")  # named nowhere else on the page
