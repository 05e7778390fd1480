"""Credit lines of every common shape → the people named, their printed roles, and the newsroom."""

from __future__ import annotations

import pytest

from corpus.extract.credits import parse_credit


def people(credit) -> list[tuple[str, str]]:
    return [(r.name, r.role) for r in credit.reporters]


@pytest.mark.parametrize("text, expected, source, photo", [
    ("■新重庆-重庆日报记者 夏元", [("夏元", "记者")], "重庆日报", False),
    ("新重庆-重庆日报首席记者 杨骏", [("杨骏", "首席记者")], "重庆日报", False),
    ("新重庆-重庆晨报记者 王尊 陈军", [("王尊", "记者"), ("陈军", "记者")], "重庆晨报", False),
    ("新渝报记者 谢凤 摄", [("谢凤", "记者")], "新渝报", True),
    ("特约摄影 杨敏/视觉重庆", [("杨敏", "特约摄影")], None, True),
    ("通讯员 龚长浩 摄/视觉重庆", [("龚长浩", "通讯员")], None, True),
    ("张三 摄", [("张三", "摄影")], None, True),
    ("见习记者 李四", [("李四", "见习记者")], None, False),
    ("合川区融媒体中心记者 陈钰玲文 谭兴龙图", [("陈钰玲", "记者"), ("谭兴龙", "记者")], "合川区融媒体中心", False),
    ("潼南区融媒体中心记者 马文 文图", [("马文", "记者")], "潼南区融媒体中心", False),
    ("本报记者 张三", [("张三", "记者")], None, False),
    ("本报驻俄罗斯记者刘刚", [("刘刚", "记者")], None, False),
    ("特派记者 张三 李四 王五", [("张三", "特派记者"), ("李四", "特派记者"), ("王五", "特派记者")], None, False),
    ("新华社记者罗玉文、本报记者陈维伟报道", [("罗玉文", "记者"), ("陈维伟", "记者")], "新华社", False),
    ("记者 王尊、陈军", [("王尊", "记者"), ("陈军", "记者")], None, False),
    ("记者 王尊/陈军", [("王尊", "记者"), ("陈军", "记者")], None, False),
    ("记者 张三/李四 摄", [("张三", "记者"), ("李四", "记者")], None, True),
    ("文/张三", [("张三", "文")], None, False),
    ("张三/文", [("张三", "文")], None, False),
    ("张三 摄影报道", [("张三", "摄影")], None, True),
    ("本报驻泰国记者成元生国际广播电台记者陆永江", [("成元生", "记者"), ("陆永江", "记者")], "中央广播电视总台", False),
    ("本报记者江玉《中国电力报》记者张大和", [("江玉", "记者"), ("张大和", "记者")], None, False),
    ("张滨作", [("张滨", "作者")], None, True),  # a cartoon's credit
])
def test_credit_shapes(text, expected, source, photo):
    credit = parse_credit(text)
    assert people(credit) == expected
    assert credit.source == source
    assert credit.photo is photo


def test_a_co_photographer_does_not_make_a_byline_a_photo_credit():
    credit = parse_credit("上游新闻·重庆晨报记者 王尊 陈军 摄影 李四")
    assert people(credit) == [("王尊", "记者"), ("陈军", "记者"), ("李四", "摄影")]
    assert credit.source == "重庆晨报" and credit.photo is False


@pytest.mark.parametrize("text", ["高健", "重庆10个项目上榜", "新重庆-重庆日报记者", "记者从市商务委获悉",
                                  "越共中央机关报《人民报》今",  # a column line, not a name and a newsroom
                                  "以下简称“四企”联盟", "", "记者" * 50])
def test_things_that_are_not_credits(text):
    assert parse_credit(text) is None


def test_org_fragments_are_never_names():
    credit = parse_credit("新重庆-重庆日报记者 佘振芳")
    assert all("重庆" not in r.name and "记者" not in r.name for r in credit.reporters)
