"""The quality measure itself: matching by body ends and field comparison."""

from __future__ import annotations

import json

from corpus.model import Article, Reporter
from corpus.pages.quality import compare_page, main, shares


def label(**fields) -> dict:
    base = {"title": "标题", "kicker": "", "subtitle": "", "kind": "article", "continuation": False,
            "body_start": "9月 23日，在", "body_end": "展提供坚实支撑。", "month_day": "09-23", "year": None,
            "reporters": [{"name": "佘振芳", "role": "记者"}], "districts": [], "source": "重庆日报"}
    return base | fields


def article(**fields) -> Article:
    base = dict(id="x", title="标题", body="9月 23日，在市属国企\n为发展提供坚实支撑。", date="2025-09-23",
                date_source="inferred", reporters=[Reporter("佘振芳", "记者")], source="重庆日报")
    return Article(**(base | fields))


def test_a_matching_item_counts_every_agreeing_field():
    result = compare_page([article()], [label()])
    assert result["found"] == 1 and result["title"] == 1 and result["reporters"] == 1
    assert result["wrong"] == [] and result["extra"] == []


def test_wrong_fields_and_missed_items_are_listed():
    result = compare_page([article(title="别的")], [label(), label(body_start="不存在的开头", title="另一篇")])
    assert result["found"] == 1
    assert result["wrong"] == [{"item": "标题", "field": "title", "label": "标题", "parsed": "别的"}]
    assert result["missed"] == ["不存在的开头…展提供坚实支撑。 (另一篇)"]


def test_year_is_only_compared_where_labelled():
    result = compare_page([article()], [label(year=2025)])
    assert result["year_labelled"] == 1 and result["year"] == 1


def test_shares_are_relative_to_found_items():
    counts = {"labelled": 4, "found": 2, "year_labelled": 0, "title": 1, "kicker": 2, "subtitle": 2, "kind": 2,
              "continuation": 2, "month_day": 2, "year": 0, "reporters": 2, "districts": 2, "source": 2}
    assert shares(counts)["found"] == 0.5 and shares(counts)["title"] == 0.5


def test_main_prints_json(tmp_path, capsys):
    (tmp_path / "labels").mkdir()
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "p.txt").write_text("本报讯（新重庆-重庆日报记者 佘振芳）9月 23日，在市属国企\n为发展提供坚实支撑。\n",
                                                encoding="utf-8")
    (tmp_path / "labels" / "p.json").write_text(json.dumps([label(title="", body_start="本报讯（新重庆-")],
                                                           ensure_ascii=False), encoding="utf-8")
    assert main(["--labels", str(tmp_path / "labels"), "--samples", str(tmp_path / "samples")]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["total"]["found"] == 1
