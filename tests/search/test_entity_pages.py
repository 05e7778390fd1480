"""Reporter and district pages over doc values."""

import pytest

from search.views.entity import canonical_name, entity_page
from web.urls import with_entity_urls


@pytest.fixture
def tiny(tiny_any):
    """Both engines: one index, and the same articles as shards on a Dask cluster."""
    return tiny_any


def test_canonical_name_keeps_known_names_and_resolves_typos_pinyin_and_short_names(tiny):
    assert canonical_name(tiny, "reporter", "佘振芳") == "佘振芳"
    assert canonical_name(tiny, "reporter", "余振芳") == "佘振芳"
    assert canonical_name(tiny, "district", "jiangjin") == "江津区"
    assert canonical_name(tiny, "district", "大足") == "大足区"


def test_canonical_name_is_none_for_names_no_article_carries(tiny):
    assert canonical_name(tiny, "reporter", "张三丰") is None
    assert canonical_name(tiny, "district", "江北区") is None  # a real district, but not in this index


def test_reporter_page_counts_dates_and_lists_newest_first(tiny):
    page = with_entity_urls(entity_page(tiny, "reporter", "佘振芳"))
    assert page["count"] == 2
    assert (page["first_date"], page["last_date"]) == ("2024-05-01", "2025-09-23")
    assert [h["id"] for h in page["recent"]] == ["energy-mining", "traditional"]
    assert page["links"]["search"] == "/search?reporter=%E4%BD%98%E6%8C%AF%E8%8A%B3&sort=newest"


def test_entity_timeline_bars_link_to_searches(tiny):
    page = with_entity_urls(entity_page(tiny, "reporter", "佘振芳"))
    assert page["timeline"]["interval"] == "month"
    assert all(b["url"].startswith("/search?reporter=") for b in page["timeline"]["buckets"])


def test_cooccurring_entities_exclude_the_entity_itself(tiny):
    page = with_entity_urls(entity_page(tiny, "reporter", "余杰"))
    assert [(p["name"], p["count"]) for p in page["cooccurring"]["reporter"]] == [("彭茜", 1)]
    assert [p["name"] for p in page["cooccurring"]["district"]] == ["江津区"]
    assert page["cooccurring"]["reporter"][0]["url"] == "/reporter/%E5%BD%AD%E8%8C%9C"


def test_district_page_lists_its_reporters_and_sources(tiny):
    page = entity_page(tiny, "district", "大足区")
    assert page["count"] == 1 and page["aliases"] and "大足" in page["aliases"]
    assert [p["name"] for p in page["cooccurring"]["reporter"]] == ["佘振芳"]
    assert page["sources"][0]["value"] == "重庆晨报"


def test_entity_page_is_none_for_an_unknown_name(tiny):
    assert entity_page(tiny, "reporter", "张三丰") is None
