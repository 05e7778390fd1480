"""Permalink ids come from the source and the article's place in it, with the old ids as aliases."""

from __future__ import annotations

import json
from datetime import date

from corpus.files.jsonl import parse_jsonl
from corpus.files.meta import IssueMeta
from corpus.ids import assign_page_ids, file_stem, legacy_ids
from corpus.model import Article, article_id
from corpus.pages.parse import parse_page

PAGE = ("三方签约推动协同发展\n\n本报讯（记者 佘振芳）9月23日，三方签署协同发展合作协议。\n\n"
        "综保区通过验收\n\n本报讯（首席记者 杨骏）9月23日，综合保税区通过正式验收。\n")


def records(*rows: dict) -> list[Article]:
    return parse_jsonl("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "exports/cms.jsonl")[0]


def test_a_record_keeps_its_own_id_stripped_and_as_text():
    first, second = records({"id": "  given-1 ", "title": "甲"}, {"id": 42, "title": "乙"})
    assert (first.id, second.id) == ("given-1", "42")
    assert first.aliases == [] and second.aliases == []


def test_a_record_without_id_is_named_after_its_file_and_line():
    rows = [json.dumps({"title": "甲"}, ensure_ascii=False), "", json.dumps({"title": "乙"}, ensure_ascii=False)]
    first, second = parse_jsonl("\n".join(rows), "cms.jsonl")[0]
    assert (first.id, second.id) == ("cms-L1", "cms-L3")
    assert (first.order, second.order) == (1, 3)  # reading order: the line (files are read in ranges)


def test_the_same_id_twice_in_one_file_gets_a_suffix():
    ids = [a.id for a in records({"id": "x", "title": "甲"}, {"id": "x", "title": "乙"}, {"id": "x", "title": "丙"})]
    assert ids == ["x", "x~2", "x~3"]


def test_a_page_with_issue_metadata_gets_paper_date_page_and_order():
    meta = IssueMeta("重庆日报", date(2025, 9, 24), "3")
    articles, _ = parse_page(PAGE, "重庆日报/2025-09-24/3.txt", meta)
    assert [a.id for a in articles] == ["重庆日报-20250924-3-01", "重庆日报-20250924-3-02"]
    assert [a.order for a in articles] == [1, 2]


def test_a_page_without_metadata_is_named_after_its_file():
    articles, _ = parse_page(PAGE, "000_ccd9cb33b59a5db2.txt", None)
    assert [a.id for a in articles] == ["000_ccd9cb33b59a5db2-01", "000_ccd9cb33b59a5db2-02"]
    assert file_stem("a/3.txt") == "a/3"


def test_ids_do_not_change_when_the_text_is_corrected():
    before = [a.id for a in parse_page(PAGE, "p.txt", None)[0]]
    after = [a.id for a in parse_page(PAGE.replace("正式验收", "国家验收"), "p.txt", None)[0]]
    assert before == after


def test_aliases_hold_the_content_hash_ids_of_earlier_versions():
    articles = [Article(id="", title="同题", body="同文", order=1), Article(id="", title="同题", body="同文", order=2)]
    assign_page_ids(articles, "p.txt", None)
    first = article_id("p.txt", "同题\n同文")
    second = article_id("p.txt", "同题\n同文#2")
    assert [a.aliases for a in articles] == [[first], [second]]
    assert legacy_ids(["同题\n同文"], ["own"], "p.txt") == ["own"]


def test_a_record_without_id_has_its_old_hash_id_as_alias():
    (article,) = records({"title": "乙", "body": "同样的内容"})
    assert article.aliases == [article_id("exports/cms.jsonl", "乙\n同样的内容")]
