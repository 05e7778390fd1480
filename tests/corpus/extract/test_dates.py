"""Month and day from datelines and leads; years from the issue or the text."""

from __future__ import annotations

from datetime import date

import pytest

from corpus.extract.dates import cn_number, infer_year, lead_month_day, resolve


@pytest.mark.parametrize("lead, expected", [
    ("9月 23日，在市属国有企业能源矿业领域", (9, 23)),
    ("9 月 23 日，市政府新闻办举行", (9, 23)),
    ("１２月３１日，全市", (12, 31)),
    ("十二月三十一日，全市", (12, 31)),
    ("6月5日上午，前来大足石刻", (6, 5)),
    ("今年六五环境日主题为“美丽中国我先行”，大足区成效如何？6月5日，发布活动举行。", (6, 5)),
])
def test_month_day_of_the_lead(lead, expected):
    assert lead_month_day(lead) == expected


@pytest.mark.parametrize("lead", [
    "近日，江津第五中学校的高三学生何媛媛在校园“金龙信箱”前驻足良久。",
    "重庆国际铁路港综合保税区于2024年4月30日经国务院批复设立。",  # a dated past event
    "两年前，重庆吹响制造业高质量发展的号角。",
    "2月30日，不存在的日子。",
])
def test_no_month_day_without_one_in_the_lead(lead):
    assert lead_month_day(lead) is None


def test_a_date_far_into_the_article_is_not_its_date():
    assert lead_month_day("今天" + "很" * 200 + "。6月3日，会议召开。") is None


def test_chinese_numbers():
    assert [cn_number(x) for x in ("12", "十", "十二", "二十三", "三十一", "五")] == [12, 10, 12, 23, 31, 5]


def test_issue_year_with_dateline_month_and_day():
    guess = resolve((9, 23), date(2025, 9, 24), None)
    assert (guess.date, guess.source) == ("2025-09-23", "dateline")


def test_dateline_from_late_december_in_a_january_issue_is_last_year():
    assert resolve((12, 31), date(2025, 1, 2), None).date == "2024-12-31"


def test_issue_date_alone_when_no_dateline():
    guess = resolve(None, date(2025, 9, 24), None)
    assert (guess.date, guess.source) == ("2025-09-24", "issue")


def test_inferred_year_is_marked_inferred_and_no_evidence_gives_no_date():
    assert (resolve((6, 5), None, 2025).date, resolve((6, 5), None, 2025).source) == ("2025-06-05", "inferred")
    assert resolve((6, 5), None, None).date is None
    assert resolve(None, None, 2025).date is None


def test_leap_day_in_a_non_leap_year_does_not_crash():
    assert resolve((2, 29), None, 2025).date == "2025-02-28"


@pytest.mark.parametrize("text, year", [
    ("首届2025川渝城市夜经济嘉年华活动评选出不夜地标。", 2025),  # an event named with its year
    ("2024年，重庆新能源汽车产量达95.32万辆。", 2025),  # a finished year, reported after it ended
    ("在2021年至2024年全市规上工业单位增加值能耗累计下降12.3%。", 2025),
    ("今年是“十四五”规划收官之年。", 2025),
    ("2025年，全市工业投资将增长10%。明年工作要点已经确定。", 2024),  # 明年 beside a plan year
    ("全市工业产值从2020年的6991亿元提升至目前的8912亿元。", 2021),
])
def test_year_inferred_from_how_the_text_talks_about_years(text, year):
    assert infer_year(text) == year


def test_targets_and_plan_titles_say_nothing_about_the_present():
    assert infer_year("到2027年，全市工业总产值迈上4万亿元台阶。") is None
    assert infer_year("《重庆市未来产业培育行动计划（2024—2027年）》") is None


def test_no_years_no_guess():
    assert infer_year("近日，江津区建立人大代表联络体系。") is None


def test_page_evidence_helps_an_item_without_its_own():
    assert infer_year("9月23日，三方签约。", page_text="2025川渝城市夜经济嘉年华") == 2025


def test_a_printed_weekday_picks_the_year_nearest_the_inferred_one():
    from corpus.extract.dates import weekday_year

    assert weekday_year("6月5日（星期四），大足区召开大会。", (6, 5), 2024) == 2025  # 5 June 2025 was a Thursday
    assert weekday_year("6月5日，大足区召开大会。", (6, 5), 2024) is None
    assert weekday_year("6月5日（星期四），大足区召开大会。", (6, 5), None) is None


def test_a_year_is_never_taken_from_an_amount():
    assert infer_year("加拿大政府通过全加各银行没收了无主户头的存款，财政上增加２０７８亿加元。") is None
    assert infer_year("全市新增就业2025万人，完成投资1998亿元。") is None


def test_a_year_must_be_plausible():
    from corpus.extract.dates import plausible_year

    assert plausible_year(2078) is None and plausible_year(1900) is None
    assert plausible_year(2026, issue=date(2025, 9, 24)) is None
    assert plausible_year(1998, issue=date(1998, 1, 5)) == 1998


def test_an_inferred_year_stays_flagged_on_a_page_without_issue_metadata():
    from corpus.pages.parse import parse_page

    page = ("江津夜市人头攒动\n\n本报讯（记者 余杰）6月4日，江津区滨江新城的夜市人头攒动。2024年，全区夜间消费增长两成。"
            "全区累计投入２０７８亿元。\n")
    (article,) = parse_page(page, "p.txt", None)[0]
    assert (article.date, article.date_source) == ("2025-06-04", "inferred")
