"""Reporter and district indexes, and every value of a search's facet behind a "more" link."""

import json

import pytest

from index.build import reindex
from web import create_app


def names(data: dict) -> list[str]:
    return [e["name"] for g in data["groups"] for e in g["entries"]]


def test_reporter_index_sorts_by_pinyin_with_surname_readings_and_counts(archive_client):
    data = archive_client.get("/api/reporters").get_json()
    assert names(data) == ["安然", "欧阳娜娜", "佘振芳", "王尊", "张伟"]
    assert [g["initial"] for g in data["groups"]] == ["A", "O", "S", "W", "Z"]
    she = data["groups"][2]["entries"][0]
    assert she == {"name": "佘振芳", "count": 3, "initial": "S", "first_date": "2025-09-22",
                   "last_date": "2025-09-24", "url": "/api/reporter/%E4%BD%98%E6%8C%AF%E8%8A%B3",
                   "search_url": "/search?reporter=%E4%BD%98%E6%8C%AF%E8%8A%B3&sort=newest"}


def test_index_filters_by_characters_pinyin_or_initials_and_sorts_by_count(archive_client):
    assert names(archive_client.get("/api/reporters?match=振").get_json()) == ["佘振芳"]
    assert names(archive_client.get("/api/reporters?match=zhang").get_json()) == ["张伟"]
    assert names(archive_client.get("/api/reporters?match=oynn").get_json()) == ["欧阳娜娜"]
    by_count = archive_client.get("/api/reporters?sort=count").get_json()
    assert [e["count"] for e in by_count["groups"][0]["entries"]] == [3, 3, 3, 3, 2]
    assert archive_client.get("/api/reporters?sort=size").status_code == 400


def test_district_index_page_lists_districts_with_links_and_a_filter_box(archive_client):
    html = archive_client.get("/districts").get_data(as_text=True)
    assert "区县索引" in html and 'id="match"' in html and 'data-filter="entries"' in html
    assert '<a href="/district/%E6%B1%9F%E6%B4%A5%E5%8C%BA">江津区</a>' in html
    assert html.index("北碚区") < html.index("江津区") < html.index("渝中区")
    assert "filter.js" in html and "<script>" not in html


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """An app over 40 articles by 40 different reporters (more than a facet list shows)."""
    corpus = tmp_path_factory.mktemp("crowded") / "crowded.jsonl"
    rows = [{"id": f"c{i}", "title": f"稿件{i}", "body": "重庆夜景。", "date": "2025-01-01", "source": "重庆日报",
             "reporters": [{"name": f"记者{i:02d}号"}]} for i in range(40)]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    reindex([corpus], corpus.parent / "index")
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus.parent / "index")}).test_client()


def test_a_long_facet_shows_a_more_link_to_all_its_values(crowded):
    html = crowded.get("/search?q=夜景").get_data(as_text=True)
    assert '<a href="/facet/reporter?q=%E5%A4%9C%E6%99%AF">全部 记者（30+ 项）…</a>' in html
    data = crowded.get("/api/facet/reporter?q=夜景").get_json()
    assert len(data["buckets"]) == 40 and data["total"] == 40
    assert data["buckets"][0]["toggle_url"].startswith("/search?q=%E5%A4%9C%E6%99%AF&reporter=")


def test_facet_value_page_keeps_the_search_marks_selected_values_and_filters(crowded):
    data = crowded.get("/api/facet/reporter?q=夜景&reporter=记者07号&match=记者3").get_json()
    assert [v["value"] for v in data["buckets"]] == [f"记者3{i}号" for i in range(10)] + ["记者07号"]
    assert data["buckets"][-1]["selected"] and data["buckets"][-1]["toggle_url"] == "/search?q=%E5%A4%9C%E6%99%AF"
    html = crowded.get("/facet/reporter?q=夜景").get_data(as_text=True)
    assert 'class="back" href="/search?q=%E5%A4%9C%E6%99%AF"' in html and "全部 40 项" in html
    assert crowded.get("/facet/colour").status_code == 404
