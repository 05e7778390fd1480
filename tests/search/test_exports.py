"""Whole result sets as CSV and JSON Lines (bulk.py), and the Atom feed of a search, from the tiny index."""

import csv
import io
import json
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

import pytest

from search.engine.budget import Deadline, StepClock
from search.engine.handle import IndexHandle
from search.request import SearchRequest
from search.run import run_search
from search.views.bulk import CSV_COLUMNS, csv_chunks, export, jsonl_chunks
from search.views.exports import ATOM, feed_search, neutralise, to_atom


@pytest.fixture
def tiny(tiny_any):
    """Both engines: one index, and the same articles as shards on a Dask cluster."""
    return tiny_any


NS = {"a": ATOM}
BUILT = datetime(2026, 1, 1, tzinfo=timezone.utc)


def link(article_id: str) -> str:
    return f"http://x/article/{article_id}"


def rows(chunks) -> list[list[str]]:
    text = "".join(chunks)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_holds_every_match_whatever_page_and_size(tiny):
    got = export(tiny, SearchRequest(page=3, size=1, sort="newest"), Deadline(5))
    assert got.total == got.exported == 13 and got.complete
    assert len(list(got.records)) == 13


def test_export_can_be_capped(tiny):
    got = export(tiny, SearchRequest(), Deadline(5), limit=4)
    assert (got.total, got.exported, len(list(got.records))) == (13, 4, 4)


def test_csv_starts_with_its_header_row_and_holds_full_text_and_metadata(tiny):
    out = rows(csv_chunks(export(tiny, SearchRequest(q="夜经济"), Deadline(5)).records, link))
    assert out[0] == list(CSV_COLUMNS)
    row = dict(zip(out[0], out[1]))
    assert row["id"] == "night-economy" and row["permalink"] == "http://x/article/night-economy"
    assert row["reporters"] == "记者 余杰；实习生 彭茜" and row["districts"] == "江津区"
    assert row["body"].startswith("6月4日晚，江津区滨江新城的夜市人头攒动") and row["date_source"] == "dateline"
    assert row["date_label"] == "2025-06-04" and row["url"] == ""


def test_csv_marks_inferred_years_and_missing_dates(tiny):
    out = rows(csv_chunks(export(tiny, SearchRequest(sort="oldest"), Deadline(5)).records, link))
    by_id = {r[0]: dict(zip(out[0], r)) for r in out[1:]}
    assert by_id["rare-name"]["date_label"] == "2023-03-08（年份推断）"
    assert (by_id["html-injection"]["date_source"], by_id["html-injection"]["date_label"]) == ("none", "日期不详")


def test_csv_cells_that_look_like_formulas_are_neutralised(tiny):
    records = [{"id": "x", "title": "=HYPERLINK(\"http://evil\")", "subtitle": "+1", "source": "@SUM(A1)",
                "body": "-2+3", "reporters": [], "districts": []}]
    row = dict(zip(CSV_COLUMNS, rows(csv_chunks(iter(records), link))[1]))
    assert row["title"] == "'=HYPERLINK(\"http://evil\")" and row["subtitle"] == "'+1"
    assert row["source"] == "'@SUM(A1)" and row["body"] == "'-2+3"
    assert neutralise("\tcmd") == "'\tcmd" and neutralise("重庆=1") == "重庆=1"


def test_jsonl_is_one_whole_record_a_line_with_its_permalink(tiny):
    lines = "".join(jsonl_chunks(export(tiny, SearchRequest(q="保税"), Deadline(5)).records, link)).splitlines()
    record = json.loads(lines[0])
    assert record["id"] == "bonded-zone" and record["permalink"] == "http://x/article/bonded-zone"
    assert record["body"].startswith("9月23日") and record["reporters"][0]["name"] == "杨骏"


def test_export_runs_the_query_as_the_page_does_corrected_and_relaxed(tiny):
    req = SearchRequest(q="余振芳 能源", size=100)
    got = export(tiny, req, Deadline(5))
    page = run_search(tiny, req)
    assert got.ran == page["ran"] == "佘振芳 能源" and page["corrected"] and page["relaxed"]
    assert [r["id"] for r in got.records] == [h["id"] for h in page["hits"]]


def test_atom_is_well_formed_and_escapes_markup_in_titles_and_names(tiny):
    data = feed_search(tiny, SearchRequest(q="标签"))
    feed = ET.fromstring(to_atom(data, "http://x/", "http://x/feed.atom?q=a", "http://x/search?q=a", BUILT))
    entry = feed.find("a:entry", NS)
    assert entry.find("a:title", NS).text == "<script>alert('x')</script>标题测试"
    assert entry.find("a:author/a:name", NS).text == "<i>坏名字</i>"
    assert entry.find("a:id", NS).text == "http://x/article/html-injection"
    assert entry.find("a:updated", NS).text == "2026-01-01T00:00:00+00:00"  # undated: the archive's build time


def test_atom_subtitle_says_how_many_of_how_many_and_updated_is_the_newest_real_date(tiny):
    data = feed_search(tiny, SearchRequest(sort="newest"), size=3)
    feed = ET.fromstring(to_atom(data, "http://x", "http://x/feed.atom", "http://x/search", BUILT))
    assert feed.find("a:subtitle", NS).text == "共 13 篇，本订阅含最新 3 篇"
    entries = feed.findall("a:entry", NS)
    assert [e.find("a:updated", NS).text[:10] for e in entries] == ["2025-09-23", "2025-09-23", "2025-09-20"]
    assert feed.find("a:updated", NS).text == "2025-09-23T00:00:00+08:00"


def test_atom_entries_carry_their_date_source_and_the_inferred_mark(tiny):
    data = feed_search(tiny, SearchRequest(q="覃婕妤"))
    entry = ET.fromstring(to_atom(data, "http://x", "http://x/f", "http://x/s", BUILT)).find("a:entry", NS)
    marks = {c.get("term"): c.get("label") for c in entry.findall("a:category", NS)}
    assert marks["date_source:inferred"] == "2023-03-08（年份推断）"
    assert entry.find("a:summary", NS).text.startswith("【2023-03-08（年份推断）】")


def test_atom_title_names_the_query_and_filters(tiny):
    data = feed_search(tiny, SearchRequest(q="重庆", filters={"source": ["重庆日报"], "kind": ["photo"]}))
    feed = ET.fromstring(to_atom(data, "http://x", "http://x/f", "http://x/s", BUILT))
    assert feed.find("a:title", NS).text == "渝闻 · “重庆” · 来源：重庆日报 · 类型：图片"


def test_atom_drops_control_characters_xml_cannot_hold(tiny):
    data = feed_search(tiny, SearchRequest(q="夜经济\x01"))
    feed = ET.fromstring(to_atom(data, "http://x", "http://x/f", "http://x/s", BUILT))
    assert feed.find("a:title", NS).text == "渝闻 · “夜经济”"


@pytest.mark.parametrize("cell", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1+1", "\u3000=1+1", "＝1+1", "＋1", "－1", "＠A1",
    "  \u3000＝HYPERLINK(\"x\")", " 重庆",
])
def test_every_cell_a_spreadsheet_could_read_as_a_formula_is_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["重庆", "重庆=1", "2025-06-04", "a-b", ""])
def test_ordinary_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_feed_entries_past_the_deadline_carry_their_opening_text_and_the_search_says_so(tiny):
    # The smallest budget (in clock readings) that lets matching finish runs out before the snippets.
    for steps in range(1, 100):
        data = feed_search(tiny, SearchRequest(q="重庆 OR 江津"), deadline=Deadline(steps, StepClock(1.0)))
        if data["hits"]:
            break
    assert data["timed_out"] and all("<mark>" not in h["snippet"] for h in data["hits"])
    whole = feed_search(tiny, SearchRequest(q="重庆 OR 江津"))
    assert not whole["timed_out"] and any("<mark>" in h["snippet"] for h in whole["hits"])


def test_an_export_whose_matching_ran_out_of_time_says_it_is_incomplete(long_index):
    index = IndexHandle(long_index).current()
    got = export(index, SearchRequest(q="重庆 OR 江津"), Deadline(1.0, StepClock(1.0)))
    assert not got.complete


def test_permalinks_in_rows_and_entries_quote_ids_that_a_path_cannot_hold(tiny):
    from web.urls import article_url

    records = [{"id": "a b?c#d/e", "title": "x", "reporters": [], "districts": []}]
    row = dict(zip(CSV_COLUMNS, rows(csv_chunks(iter(records), lambda i: "https://yuwen.example" + article_url(i)))[1]))
    assert row["permalink"] == "https://yuwen.example/article/a%20b%3Fc%23d%2Fe"
    data = feed_search(tiny, SearchRequest(q="夜经济"))
    data["hits"][0]["id"] = "a b?c#d/e"
    entry = ET.fromstring(to_atom(data, "https://yuwen.example/", "x", "y", BUILT)).find("a:entry", NS)
    assert entry.find("a:id", NS).text == "https://yuwen.example/article/a%20b%3Fc%23d%2Fe"
