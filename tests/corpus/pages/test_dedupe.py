"""Paragraphs that extraction printed twice are kept once, in the article they belong to."""

from __future__ import annotations

from corpus.pages.parse import parse_page

HECHUAN = "合川 高质量打造西部陆海新通道重庆北向枢纽"
JIANGJIN = "江津 奋勇争先挑大梁 全力建设现代化重庆枢纽之城"
HC_TEXT = "日前，走进位于合川的重庆涪沱物流园，合川保税物流中心率先映入眼帘，合川区工人们正加紧完成内外装修。"
JJ_TEXT = "今年3月中旬，一列西部陆海新通道江津班列顺利抵达江津小南坪站。江津区坚持以产业为基础，推动城乡融合。"
REPEATED = "在城乡融合方面，江津区坚持以人民为中心的发展思想，江津区依托自然人文景观推动乡村振兴。"


def test_a_repeated_paragraph_stays_only_in_the_article_it_fits():
    page = "\n\n".join([HECHUAN, HC_TEXT, REPEATED, JIANGJIN, JJ_TEXT, REPEATED]) + "\n"
    hechuan, jiangjin = parse_page(page, "p.txt", None)[0]
    assert REPEATED not in hechuan.body
    assert jiangjin.body.endswith(REPEATED)


def test_a_paragraph_repeated_inside_one_article_is_kept_once():
    page = "\n\n".join([JIANGJIN, JJ_TEXT, REPEATED, REPEATED]) + "\n"
    (article,) = parse_page(page, "p.txt", None)[0]
    assert article.body.count(REPEATED) == 1
