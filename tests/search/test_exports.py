"""CSV and Atom exports of a search, built from the tiny index."""

import csv
import io
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

import pytest

from search.views.exports import ATOM, export_search, neutralise, to_atom, to_csv
from search.request import SearchRequest


@pytest.fixture
def tiny(tiny_any):
    """Both engines: one index, and the same articles as shards on a Dask cluster."""
    return tiny_any


NS = {"a": ATOM}
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_ignores_page_and_size_and_stops_at_the_limit(tiny):
    data = export_search(tiny, SearchRequest(page=3, size=1), limit=4)
    assert data["total"] == 13 and data["exported"] == 4 and data["truncated"]


def test_csv_starts_with_a_row_saying_what_was_cut(tiny):
    out = rows(to_csv(export_search(tiny, SearchRequest(q="重庆"), limit=2), "http://x/"))
    assert out[0][0].startswith("# 渝闻导出") and "仅含前 2 篇（导出上限 2 篇）" in out[0][0]
    assert out[1][:3] == ["id", "date", "title"]
    assert len(out) == 4


def test_csv_of_a_complete_export_does_not_claim_a_cut(tiny):
    out = rows(to_csv(export_search(tiny, SearchRequest(q="夜经济")), "http://x/"))
    assert "仅含" not in out[0][0]
    row = dict(zip(out[1], out[2]))
    assert row["id"] == "night-economy" and row["url"] == "http://x/article/night-economy"
    assert row["reporters"] == "记者 余杰；实习生 彭茜" and row["districts"] == "江津区"
    assert "<mark>" not in row["snippet"] and "夜经济" in row["snippet"]


def test_csv_cells_that_look_like_formulas_are_neutralised(tiny):
    data = export_search(tiny, SearchRequest(q="夜经济"))
    data["hits"][0].update(title="=HYPERLINK(\"http://evil\")", subtitle="+1", source="@SUM(A1)",
                           snippet="-2+3")
    row = rows(to_csv(data, "http://x/"))[2]
    assert row[2] == "'=HYPERLINK(\"http://evil\")" and row[3] == "'+1" and row[4] == "'@SUM(A1)"
    assert row[-1] == "'-2+3"
    assert neutralise("\tcmd") == "'\tcmd" and neutralise("重庆=1") == "重庆=1"


def test_atom_is_well_formed_and_escapes_markup_in_titles_and_names(tiny):
    data = export_search(tiny, SearchRequest(q="标签"))
    feed = ET.fromstring(to_atom(data, "http://x/", "http://x/feed.atom?q=a", "http://x/search?q=a", NOW))
    entry = feed.find("a:entry", NS)
    assert entry.find("a:title", NS).text == "<script>alert('x')</script>标题测试"
    assert entry.find("a:author/a:name", NS).text == "<i>坏名字</i>"
    assert entry.find("a:id", NS).text == "http://x/article/html-injection"
    assert entry.find("a:updated", NS).text == "2026-01-01T00:00:00+00:00"  # undated article


def test_atom_subtitle_says_how_many_of_how_many(tiny):
    data = export_search(tiny, SearchRequest(sort="newest"), limit=3)
    feed = ET.fromstring(to_atom(data, "http://x", "http://x/feed.atom", "http://x/search", NOW))
    assert "共 13 篇，仅含前 3 篇" in feed.find("a:subtitle", NS).text
    entries = feed.findall("a:entry", NS)
    assert [e.find("a:updated", NS).text[:10] for e in entries] == ["2025-09-23", "2025-09-23", "2025-09-20"]
    assert feed.find("a:updated", NS).text == "2025-09-23T00:00:00+08:00"


def test_atom_drops_control_characters_xml_cannot_hold(tiny):
    data = export_search(tiny, SearchRequest(q="夜经济\x01"))
    feed = ET.fromstring(to_atom(data, "http://x", "http://x/f", "http://x/s", NOW))
    assert feed.find("a:title", NS).text == "渝闻 · 夜经济"
