"""Datelines, bylines and credits → reporters, roles and source."""

from __future__ import annotations

import pytest

from corpus.extract.bylines import parse_credit, parse_dateline, split_trailing_credit


def people(credit) -> list[tuple[str, str]]:
    return [(r.name, r.role) for r in credit.reporters]


def test_paper_dateline_gives_reporter_source_and_body_start():
    text = "本报讯 （新重庆-重庆日报记者 佘振芳）9月 23日，在市属国有企业能源矿业领域协同发展推进会上"
    dateline = parse_dateline(text)
    assert people(dateline.credit) == [("佘振芳", "记者")]
    assert dateline.credit.source == "重庆日报"
    assert text[dateline.body_offset:].startswith("9月 23日，在市属")


def test_local_paper_dateline_with_two_roles():
    dateline = parse_dateline("新渝报讯（记者 余杰 实习生 彭茜）6月 4日，大足区人大常委会")
    assert people(dateline.credit) == [("余杰", "记者"), ("彭茜", "实习生")]
    assert dateline.credit.source == "新渝报"


def test_dateline_without_credit_or_date():
    dateline = parse_dateline("新渝报讯（记者 何美林 实习生 彭茜）今年六五环境日主题为“美丽中国我先行”")
    assert people(dateline.credit) == [("何美林", "记者"), ("彭茜", "实习生")]
    assert dateline.month_day is None


def test_wire_dateline_carries_agency_and_date():
    text = "新华社北京12月24日电 国务院总理李强12月23日主持召开国务院常务会议"
    dateline = parse_dateline(text)
    assert dateline.credit.source == "新华社"
    assert dateline.month_day == (12, 24)
    assert text[dateline.body_offset:].startswith("国务院总理")


def test_full_width_digits_in_a_wire_dateline():
    assert parse_dateline("新华社北京１２月３１日电 记者从…").month_day == (12, 31)


def test_brackets_that_are_not_a_credit_make_no_dateline():
    assert parse_dateline("本报讯（以下简称“四企”联盟）成立大会") is None
    assert parse_dateline("据介绍，重庆市“四企”联盟是") is None


@pytest.mark.parametrize("text, expected, source, photo", [
    ("■新重庆-重庆日报记者 夏元", [("夏元", "记者")], "重庆日报", False),
    ("新重庆-重庆日报首席记者 杨骏", [("杨骏", "首席记者")], "重庆日报", False),
    ("新重庆-重庆晨报记者 王尊 陈军", [("王尊", "记者"), ("陈军", "记者")], "重庆晨报", False),
    ("新渝报记者 谢凤 摄", [("谢凤", "记者")], "新渝报", True),
    ("特约摄影 杨敏/视觉重庆", [("杨敏", "特约摄影")], None, True),
    ("通讯员 龚长浩 摄/视觉重庆", [("龚长浩", "通讯员")], None, True),
    ("张三 摄", [("张三", "摄影")], None, True),
    ("见习记者 李四", [("李四", "见习记者")], None, False),
    ("合川区融媒体中心记者 陈钰玲文 谭兴龙图", [("陈钰玲", "记者"), ("谭兴龙", "记者")], None, False),
    ("潼南区融媒体中心记者 马文 文图", [("马文", "记者")], None, False),
])
def test_credits(text, expected, source, photo):
    credit = parse_credit(text)
    assert people(credit) == expected
    assert credit.source == source
    assert credit.photo is photo


@pytest.mark.parametrize("text", ["高健", "重庆10个项目上榜", "新重庆-重庆日报记者", "记者从市商务委获悉",
                                  "以下简称“四企”联盟", ""])
def test_things_that_are_not_credits(text):
    assert parse_credit(text) is None


def test_org_fragments_are_never_names():
    credit = parse_credit("新重庆-重庆日报记者 佘振芳")
    assert all("重庆" not in r.name and "记者" not in r.name for r in credit.reporters)


def test_trailing_reporter_credit_is_taken_off_a_brief():
    text, credit = split_trailing_credit("●12月24日，市公安局举行仪式。（记者 周松）")
    assert text == "●12月24日，市公安局举行仪式。"
    assert people(credit) == [("周松", "记者")]


def test_trailing_source_credit_is_taken_off_the_last_paragraph():
    text, credit = split_trailing_credit("让更多“重庆制造”升级为“重庆创造”。 据新重庆客户端")
    assert text == "让更多“重庆制造”升级为“重庆创造”。"
    assert credit.source == "新重庆客户端" and credit.reporters == []


def test_an_ordinary_closing_bracket_is_left_alone():
    paragraph = "黔江区金洞乡鱼泉村的鲟鱼养殖基地和民居（无人机照片）。"
    assert split_trailing_credit(paragraph) == (paragraph, None)
