"""Export records: every field kept, `authors` read like `reporters`, missing fields read from the text."""

from __future__ import annotations

import json

from corpus.files.jsonl import parse_jsonl
from index.build import reindex
from search.engine.handle import IndexHandle


def read(*rows: dict):
    return parse_jsonl("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "cms.jsonl")[0]


def people(article) -> list[tuple[str, str]]:
    return [(r.name, r.role) for r in article.reporters]


def test_authors_are_read_like_reporters():
    (article,) = read({"title": "甲", "authors": ["王尊、陈军", {"name": "夏元", "role": "首席记者"}],
                       "reporters": ["王尊"]})
    assert people(article) == [("王尊", "记者"), ("陈军", "记者"), ("夏元", "首席记者")]


def test_url_page_section_and_unknown_fields_are_kept():
    (article,) = read({"id": "pd-1", "title": "甲", "body": "正文", "url": " https://example.org/1 ", "page": 4,
                       "section": "要闻", "article_no": 7, "tags": ["经济", 1], "meta": {"k": None}})
    assert (article.url, article.page, article.section) == ("https://example.org/1", "4", "要闻")
    assert article.extra == {"article_no": 7, "tags": ["经济", 1], "meta": {"k": None}}


def test_reporters_districts_and_date_come_from_the_text_when_the_record_lacks_them():
    (article,) = read({"title": "江津夜经济", "body": "本报讯（记者 余杰 实习生 彭茜）6月4日，江津区滨江新城夜市人头攒动。"
                                                      "江津区推出夜间消费券。\n2024年，全区夜间消费增长两成。"})
    assert people(article) == [("余杰", "记者"), ("彭茜", "实习生")]
    assert article.districts == ["江津区"]
    assert (article.date, article.date_source) == ("2025-06-04", "inferred")


def test_fields_the_record_gives_are_not_overridden_by_the_text():
    (article,) = read({"title": "甲", "body": "本报讯（记者 余杰）6月4日，江津区夜市。", "reporters": ["夏元"],
                       "districts": [], "date": "2024-06-04"})
    assert people(article) == [("夏元", "记者")]
    assert article.districts == [] and article.date == "2024-06-04"


def test_unknown_fields_reach_the_stored_article_and_the_api(tmp_path):
    from web import create_app

    corpus = tmp_path / "cms.jsonl"
    corpus.write_text(json.dumps({"id": "r1", "title": "江津夜经济", "body": "江津区夜市人头攒动。", "url": "https://e.org/r1",
                                  "page": "A03", "channel": "区县"}, ensure_ascii=False), encoding="utf-8")
    reindex([corpus], tmp_path / "index")
    record = IndexHandle(tmp_path / "index").current().record("r1")
    assert (record["url"], record["page"], record["extra"]) == ("https://e.org/r1", "A03", {"channel": "区县"})
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    data = client.get("/api/article/r1").get_json()
    assert (data["url"], data["page"], data["extra"]) == ("https://e.org/r1", "A03", {"channel": "区县"})
    assert 'href="https://e.org/r1"' in client.get("/article/r1").get_data(as_text=True)
