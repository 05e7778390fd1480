"""Writers' signatures: names alone, glued, after a position or a workplace, and pen names."""

from __future__ import annotations

import pytest

from corpus.extract.signatures import parse_signature, pen_name


@pytest.mark.parametrize("text, names", [
    ("张三", ["张三"]),  # a name alone under a headline
    ("孟西安王鸣媛", ["孟西安", "王鸣媛"]),  # printed glued together
    ("杨洪柯张起河", ["杨洪柯", "张起河"]),
    ("郭闯苏忠", ["郭闯", "苏忠"]),
    ("诸葛仓麟", ["诸葛仓麟"]),
    ("水利部部长钮茂生", ["钮茂生"]),
    ("社科院农发所副所长韩俊", ["韩俊"]),
    ("河南偃师市公安局焦宏", ["焦宏"]),
    ("湖南郴州市刘洪杰", ["刘洪杰"]),
    ("温家宝", ["温家宝"]),  # a public figure: a common dictionary word, still a name
    ("姚祥明羊盘初", ["姚祥明", "羊盘初"]),  # a rarer surname
    ("中国人民银行行长戴相龙", ["戴相龙"]),
    ("国家税务总局党组书记、副局长项怀诚", ["项怀诚"]),
    ("财政部部长兼国家税务总局局长刘仲藜", ["刘仲藜"]),
    ("江苏兴化棉纺织厂办公室唐锦禄", ["唐锦禄"]),  # readers' letters, signed with a workplace
    ("湖北长阳土家族自治县都镇湾镇人民政府余发勋", ["余发勋"]),
    ("中国人民银行四川德阳市分行荣鸿琪", ["荣鸿琪"]),
    ("四川省达川市委安全东", ["安全东"]),
    ("河南南阳市宛城区人民法院牛国华白梁英", ["牛国华", "白梁英"]),
])
def test_signatures_name_the_writer(text, names):
    assert [r.name for r in parse_signature(text).reporters] == names


@pytest.mark.parametrize("text", ["广州", "华盛顿", "油画", "扩大", "合作", "北京", "天气趋势分析", "图片：",
                                  "荣昌 重点项目从“纸上蓝图”变“现实图景”",
                                  "重庆市长江大桥", "江泽民会见伊拉克议长哈马迪", "山东鲁能泰山足球俱乐部揭牌",
                                  "温馨的贺卡", "顾客"])
def test_words_and_places_are_no_signature(text):
    assert parse_signature(text) is None


@pytest.mark.parametrize("text", ["塞夫", "管见", "粒砂", "小苏", "阿炳"])
def test_pen_names_over_an_article(text):
    assert [r.name for r in pen_name(text).reporters] == [text]


@pytest.mark.parametrize("text", ["致读者", "汇率", "泰国", "开栏的话", "高原", "短评", "节选", "外一首", "昌都"])
def test_short_headlines_are_no_pen_name(text):
    assert pen_name(text) is None
