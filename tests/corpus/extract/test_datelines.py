"""Datelines of every common shape: source, date, reporters, and where the news text starts."""

from __future__ import annotations

import pytest

from corpus.extract.datelines import parse_dateline


def names(dateline) -> list[str]:
    return [r.name for r in dateline.credit.reporters]


@pytest.mark.parametrize("text, reporters, source, month_day, rest", [
    ("本报讯 （新重庆-重庆日报记者 佘振芳）9月 23日，在市属", ["佘振芳"], "重庆日报", None, "9月 23日"),
    ("新渝报讯（记者 余杰 实习生 彭茜）6月 4日，大足区", ["余杰", "彭茜"], "新渝报", None, "6月 4日"),
    ("本报北京１月５日讯 记者王科报道：近年来，首都", ["王科"], None, (1, 5), "近年来"),
    ("本报郑州１月３日电记者戴鹏报道：棚外零下数度", ["戴鹏"], None, (1, 3), "棚外"),
    ("本报北京一月八日讯新华社记者周志方、赵秀娟，本报记者李舫报道：江泽民", ["周志方", "赵秀娟", "李舫"], None, (1, 8),
     "江泽民"),
    ("新华社北京１月８日电（记者于海生）国务院总理", ["于海生"], "新华社", (1, 8), "国务院"),
    ("据新华社耶路撒冷１月７日电（记者戚德良、支林飞）以色列", ["戚德良", "支林飞"], "新华社", (1, 7), "以色列"),
    ("据新华社上海１月８日电（汪洪洋、林志平）上海税务", ["汪洪洋", "林志平"], "新华社", (1, 8), "上海"),
    ("新华社重庆1月12日专电 重庆市", [], "新华社", (1, 12), "重庆市"),
    ("华龙网7月30日8时35分讯(见习记者 张三)7月30日，", ["张三"], "华龙网", (7, 30), "7月30日"),
    ("华龙网-新重庆客户端讯(记者 李四)近日，", ["李四"], "华龙网", None, "近日"),
    ("【文汇网讯】(记者王五 重庆报道)近日，", ["王五"], "文汇报", None, "近日"),
    ("本报讯记者丁子报道：新岁伊始", ["丁子"], None, None, "新岁伊始"),
    ("新华社北京12月24日电 国务院总理李强", [], "新华社", (12, 24), "国务院"),
])
def test_dateline_shapes(text, reporters, source, month_day, rest):
    dateline = parse_dateline(text)
    assert names(dateline) == reporters
    assert dateline.credit.source == source
    assert dateline.month_day == month_day
    assert text[dateline.body_offset:].startswith(rest)


def test_local_paper_dateline_with_two_roles():
    dateline = parse_dateline("新渝报讯（记者 余杰 实习生 彭茜）6月 4日，大足区人大常委会")
    assert [(r.name, r.role) for r in dateline.credit.reporters] == [("余杰", "记者"), ("彭茜", "实习生")]


@pytest.mark.parametrize("text", ["本报讯（以下简称“四企”联盟）成立大会", "据介绍，重庆市“四企”联盟是",
                                  "该网站电话是12345", "记者从市商务委获悉"])
def test_text_that_is_no_dateline(text):
    assert parse_dateline(text) is None


def test_a_dateline_is_only_looked_for_at_the_start_of_a_long_paragraph():
    assert parse_dateline("（" * 300_000) is None
