"""/export.csv, /export.jsonl and /feed.atom through the Flask test client."""

import csv
import io
import json
from xml.etree import ElementTree as ET

import pytest

from web import create_app

NS = {"a": "http://www.w3.org/2005/Atom"}
BULK = 1_200  # articles in the bulk index: more than the 1,000 rows exports used to stop at


@pytest.fixture
def bulk_client(bulk_index):
    """Test client of an app over the 1,200-article bulk index."""
    return create_app({"TESTING": True, "INDEX_DIR": str(bulk_index)}).test_client()


def test_csv_export_streams_every_match_with_a_clean_header_for_pandas(bulk_client):
    resp = bulk_client.get("/export.csv?q=夜市&sort=oldest")
    assert resp.status_code == 200 and resp.mimetype == "text/csv" and resp.is_streamed
    assert "attachment" in resp.headers["Content-Disposition"]
    assert (resp.headers["X-Total-Count"], resp.headers["X-Export-Count"]) == (str(BULK), str(BULK))
    # What pandas.read_csv(…, encoding="utf-8-sig") sees: the header row first, then one row per article.
    table = list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))
    assert len(table) == BULK and list(table[0])[:4] == ["id", "date", "date_source", "date_label"]
    assert {r["url"] for r in table} == {""} | {f"https://example.cn/{i}.htm" for i in range(1, BULK, 2)}
    assert all("\n=SUM(A1)" in r["body"] for r in table)  # the whole text (a cell's later lines are not formulas)
    assert table[0]["permalink"].startswith("http://localhost/article/b") and table[0]["page"]


def test_jsonl_export_streams_whole_records(bulk_client):
    resp = bulk_client.get("/export.jsonl?source=新渝报")
    lines = resp.get_data(as_text=True).splitlines()
    assert resp.mimetype == "application/x-ndjson" and len(lines) == BULK // 3
    first = json.loads(lines[0])
    assert first["source"] == "新渝报" and first["page"] and first["permalink"].startswith("http://localhost/")


def test_exports_are_not_gzipped_into_one_buffer(bulk_client):
    resp = bulk_client.get("/export.csv", headers={"Accept-Encoding": "gzip"})
    assert resp.is_streamed and "Content-Encoding" not in resp.headers


def test_export_limit_caps_rows_and_says_so_in_headers(tiny_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EXPORT_LIMIT": 3}).test_client()
    resp = client.get("/export.csv?page=2&size=1")
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "id" and len(rows) == 1 + 3
    assert [resp.headers[h] for h in ("X-Total-Count", "X-Export-Count", "X-Export-Limit", "X-Export-Complete")] \
        == ["13", "3", "3", "false"]


def test_a_streaming_export_keeps_its_heavy_slot_until_sent_and_the_next_is_told_to_retry(tiny_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "HEAVY_SLOTS": 1, "HEAVY_WAIT_SECONDS": 0.0})
    client = app.test_client()
    first = client.get("/export.csv", buffered=False)  # not read yet: its slot stays taken
    busy = client.get("/export.jsonl")
    assert busy.status_code == 503 and busy.headers["Retry-After"].isdigit()
    first.get_data()
    first.close()
    assert client.get("/export.jsonl").status_code == 200


def test_an_export_that_is_never_read_gives_its_slot_back_when_closed(tiny_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "HEAVY_SLOTS": 1, "HEAVY_WAIT_SECONDS": 0.0})
    client = app.test_client()
    head = client.head("/export.csv")  # a HEAD request: the rows are never produced
    assert head.status_code == 200 and head.data == b""
    head.close()
    unread = client.get("/export.jsonl", buffered=False)
    unread.close()  # the client left before the first row
    assert app.extensions["yuwen_admission"].take()


def test_csv_export_is_the_same_search_as_the_page(client):
    resp = client.get("/export.csv?q=重庆&source=重庆日报&page=7")
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    api = client.get("/api/search?q=重庆&source=重庆日报&size=100").get_json()
    assert [r[0] for r in rows[1:]] == [h["id"] for h in api["hits"]]
    assert resp.headers["X-Total-Count"] == str(api["total"])


def test_atom_feed_is_titled_by_its_filters_newest_first_50_by_default(bulk_client):
    resp = bulk_client.get("/feed.atom?source=新渝报")
    feed = ET.fromstring(resp.data)
    assert feed.find("a:title", NS).text == "渝闻 · 来源：新渝报"
    dates = [e.find("a:updated", NS).text for e in feed.findall("a:entry", NS)]
    assert len(dates) == 50 and dates == sorted(dates, reverse=True)
    assert feed.find("a:link[@rel='self']", NS).get("href") == "http://localhost/feed.atom?source=%E6%96%B0%E6%B8%9D%E6%8A%A5"
    assert len(ET.fromstring(bulk_client.get("/feed.atom?source=新渝报&size=5").data).findall("a:entry", NS)) == 5


def test_atom_feed_answers_304_to_a_poll_with_its_etag_or_date(bulk_client):
    resp = bulk_client.get("/feed.atom?q=夜市")
    assert resp.status_code == 200 and resp.headers["ETag"] and resp.headers["Last-Modified"]
    again = bulk_client.get("/feed.atom?q=夜市", headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = bulk_client.get("/feed.atom?q=夜市", headers={"If-Modified-Since": resp.headers["Last-Modified"]})
    assert since.status_code == 304
    other = bulk_client.get("/feed.atom?q=夜市&source=新渝报", headers={"If-None-Match": resp.headers["ETag"]})
    assert other.status_code == 200


def test_atom_feed_escapes_markup(client):
    text = client.get("/feed.atom?q=标签").get_data(as_text=True)
    assert "<script>" not in text and "&lt;script&gt;" in text and "<i>" not in text
    ET.fromstring(text)


def test_exports_reject_bad_parameters_with_400(client):
    assert client.get("/export.csv?sort=sideways").status_code == 400
    assert client.get("/export.jsonl?from=2025-13").status_code == 400
    assert client.get("/feed.atom?from=2025-13").status_code == 400


def test_results_page_links_to_its_csv_jsonl_and_atom_twins(client):
    html = client.get("/search?q=保税&page=1&size=20").get_data(as_text=True)
    assert 'href="/export.csv?q=%E4%BF%9D%E7%A8%8E"' in html and 'href="/export.jsonl?q=%E4%BF%9D%E7%A8%8E"' in html
    assert 'href="/feed.atom?q=%E4%BF%9D%E7%A8%8E"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html
