"""A block of credits at the end of a roundup page goes to the sections it credits."""

from __future__ import annotations

from corpus.pages.parse import parse_page

SECTIONS = [
    ("璧山 新质生产力汇聚产业发展新势能", "进入4月，长安璧山智能网联低碳产业园内的企业迎来生产高峰期，璧山区产线马力全开。"),
    ("铜梁 数智赋能 激活企业转型升级新引擎", "日前，位于铜梁高新区的生产车间，13条智能化生产线正有序运转，铜梁区技改成效明显。"),
    ("大足 涉险滩闯难关开辟新径破难题", "四月的渝州大地，春潮涌动，大足区聚力高质量、供给侧、智能化三向突破，大足石刻火爆全网。"),
]
CAPTIONS = "①璧山：威致科技生产线，工人和机器手臂协同作业。\n②铜梁：高新区企业数字化智能化改造。\n③大足：高新区万亩园区内，工人正在生产无人机。"
CREDITS = "璧山区融媒体中心记者 曾清龙 文图\n铜梁区融媒体中心记者 龙始鑫 文图\n新渝报记者 余佳 文图"


def page() -> str:
    blocks = [part for section in SECTIONS for part in section]
    return "\n\n".join([*blocks, CAPTIONS, CREDITS]) + "\n"


def test_credits_go_to_sections_in_order_and_to_the_photos_of_the_same_district():
    articles = parse_page(page(), "p.txt", None)[0]
    sections = [a for a in articles if a.kind == "article"]
    photos = [a for a in articles if a.kind == "photo"]
    assert [s.title for s in sections] == [title for title, _ in SECTIONS]
    assert [[r.name for r in s.reporters] for s in sections] == [["曾清龙"], ["龙始鑫"], ["余佳"]]
    assert [p.districts for p in photos] == [["璧山区"], ["铜梁区"], ["大足区"]]
    assert [[r.name for r in p.reporters] for p in photos] == [["曾清龙"], ["龙始鑫"], ["余佳"]]
    assert all("记者" not in a.body for a in articles)


def test_numbered_captions_lose_their_number():
    photos = [a for a in parse_page(page(), "p.txt", None)[0] if a.kind == "photo"]
    assert photos[0].body == "璧山：威致科技生产线，工人和机器手臂协同作业。"
