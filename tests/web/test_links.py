"""Every link a page offers leads somewhere, for ids and names with `?`, `#`, `/`, spaces, and 300 characters.

Such values are indexed like any other; before, their article pages answered 404 (ids over 64
characters) and their facet links 400 (values over 64 characters), and ids with `?` or `#` broke
links in the exports.
"""

import json
import re
from html import unescape
from urllib.parse import quote

import pytest

from index.build import reindex
from web import create_app

LONG_ID = "报/2025?第#1 版&" + "长" * 300
REPORTER = "欧阳" + "长名字" * 30  # 92 characters
SOURCE = "重庆" + "长报名" * 30 + "报"
DISTRICT = "某" * 80 + "新区"
RECORD = {"id": LONG_ID, "title": "长编号文章夜经济", "body": "江津区夜经济长编号正文。\n第二段。", "date": "2025-06-04",
          "reporters": [{"name": REPORTER, "role": "记者"}], "districts": ["江津区", DISTRICT], "source": SOURCE}
TWIN = {**RECORD, "id": "twin", "title": "长编号文章的相关报道夜经济"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """An app over an index of two articles whose id, reporter, district and paper are long and odd."""
    folder = tmp_path_factory.mktemp("odd")
    corpus = folder / "odd.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (RECORD, TWIN)), encoding="utf-8")
    reindex([corpus], folder / "index", workers=1)
    return create_app({"TESTING": True, "INDEX_DIR": str(folder / "index")}).test_client()


def internal_links(html: str) -> list[str]:
    """Every same-site href of a page (static files and fragments left out)."""
    hrefs = {unescape(h) for h in re.findall(r'href="([^"]+)"', html)}
    return sorted(h for h in hrefs if h.startswith(("/", "?")) and not h.startswith("/static/"))


def status(client, url: str) -> int:
    """The status of a GET, its response closed (an unread export gives its heavy slot back)."""
    resp = client.get(url)
    resp.close()
    return resp.status_code


def follow_all(client, path: str) -> dict[str, int]:
    """Status of every link on the page at `path` (query-only links resolved against it)."""
    resp = client.get(path)
    assert resp.status_code == 200, path
    base = path.split("?")[0]
    return {link: status(client, base + link if link.startswith("?") else link)
            for link in internal_links(resp.get_data(as_text=True))}


def test_the_article_of_a_long_odd_id_is_found_and_its_link_quotes_every_character(client):
    hit = client.get("/api/search?q=长编号").get_json()["hits"][0]
    assert hit["id"] == LONG_ID and hit["url"].startswith("/article/" + quote("报/2025?第#1 版&", safe=""))
    assert client.get(hit["url"]).status_code == 200
    assert client.get("/api/article/" + quote(LONG_ID, safe="")).get_json()["id"] == LONG_ID


@pytest.mark.parametrize("page", ["/search?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E", "/article/" + quote(LONG_ID, safe=""),
                                  "/reporter/" + quote(REPORTER, safe=""), "/district/" + quote(DISTRICT, safe="")])
def test_every_link_on_the_page_answers(client, page):
    statuses = follow_all(client, page)
    assert statuses and all(code in (200, 302) for code in statuses.values()), statuses


def test_long_values_work_as_filters_and_facets(client):
    data = client.get("/api/search", query_string={"reporter": REPORTER, "district": DISTRICT,
                                                   "source": SOURCE}).get_json()
    assert data["total"] == 2 and not data["unknown_filters"]
    facets = {b["value"] for buckets in data["facets"].values() for b in buckets}
    assert {REPORTER, DISTRICT, SOURCE} <= facets
    assert client.get("/api/reporter/" + quote(REPORTER, safe="")).get_json()["count"] == 2


def test_values_beyond_the_bound_are_still_refused(client):
    assert client.get("/api/search", query_string={"reporter": "长" * 513}).status_code == 400
    assert client.get("/api/article/" + "长" * 513).status_code == 404
