"""/export.csv and /feed.atom through the Flask test client."""

import csv
import io
from xml.etree import ElementTree as ET

import pytest

from web import create_app

NS = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def limited(tiny_index):
    """The tiny-index app with exports capped at 3 rows."""
    return create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EXPORT_LIMIT": 3}).test_client()


def test_csv_export_is_a_download_of_the_same_search(client):
    resp = client.get("/export.csv?q=重庆&source=重庆日报")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    api = client.get("/api/search?q=重庆&source=重庆日报&size=100").get_json()
    assert [r[0] for r in rows[2:]] == [h["id"] for h in api["hits"]]
    assert resp.headers["X-Total-Count"] == str(api["total"])


def test_csv_export_is_bounded_by_export_limit_and_says_so(limited):
    resp = limited.get("/export.csv?page=2&size=1")
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert "共 13 篇，仅含前 3 篇（导出上限 3 篇）" in rows[0][0]
    assert len(rows) == 2 + 3
    assert (resp.headers["X-Export-Count"], resp.headers["X-Export-Limit"]) == ("3", "3")


def test_atom_feed_is_valid_xml_newest_first_with_a_subtitle_about_the_limit(limited):
    resp = limited.get("/feed.atom?source=重庆日报")
    assert resp.status_code == 200 and resp.mimetype == "application/atom+xml"
    feed = ET.fromstring(resp.data)
    assert "共 6 篇，仅含前 3 篇（导出上限 3 篇）" in feed.find("a:subtitle", NS).text
    dates = [e.find("a:updated", NS).text for e in feed.findall("a:entry", NS)]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    assert feed.find("a:link[@rel='self']", NS).get("href") == "http://localhost/feed.atom?source=%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5"


def test_atom_feed_escapes_markup(client):
    text = client.get("/feed.atom?q=标签").get_data(as_text=True)
    assert "<script>" not in text and "&lt;script&gt;" in text and "<i>" not in text
    ET.fromstring(text)


def test_exports_reject_bad_parameters_with_400(client):
    assert client.get("/export.csv?sort=sideways").status_code == 400
    assert client.get("/feed.atom?from=2025-13").status_code == 400


def test_results_page_links_to_its_csv_and_atom_twins(client):
    html = client.get("/search?q=保税").get_data(as_text=True)
    assert 'href="/export.csv?q=%E4%BF%9D%E7%A8%8E"' in html
    assert 'href="/feed.atom?q=%E4%BF%9D%E7%A8%8E"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html
