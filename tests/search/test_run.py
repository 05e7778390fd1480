"""Searching a small real index: recall, ranking, filters, facets, timeline, highlighting."""

import numpy as np
import pytest

from search.engine.budget import Deadline, StepClock
from search.engine.handle import IndexHandle
from search.request import SearchRequest
from search.run import run_search


@pytest.fixture
def tiny(tiny_any):
    """Both engines: one index, and the same articles as shards on a Dask cluster."""
    return tiny_any


def search(index, q="", **kw):
    filters = {k: v if isinstance(v, list) else [v] for k, v in kw.pop("filters", {}).items()}
    return run_search(index, SearchRequest(q=q, filters=filters, **kw))


def ids(result):
    return [h["id"] for h in result["hits"]]


@pytest.mark.parametrize("q, expected", [
    ("保税", "bonded-zone"),          # substring inside jieba's word 保税区
    ("铁路港综合", "bonded-zone"),     # spans two words
    ("覃婕妤", "rare-name"),           # a name jieba does not know
    ("婕妤", "rare-name"),             # part of that name
    ("重慶", "bonded-zone"),           # traditional query, simplified text
    ("参观大足", "traditional"),        # simplified query, traditional text
    ("1998年", "fullwidth"),           # half-width query, full-width text
    ("pm2.5", "ai-empowerment"),       # Latin with digits, any case
    ("AI赋能", "ai-empowerment"),       # mixed Chinese/Latin
    ("25.1%", "ai-empowerment"),
])
def test_verbatim_strings_find_their_article(tiny, q, expected):
    assert expected in ids(search(tiny, q, size=20))


def test_single_character_query_finds_characters_at_the_end_of_a_run(tiny):
    assert "bonded-zone" in ids(search(tiny, "港", size=20))


def test_all_words_must_match_and_too_few_matches_are_relaxed_after_them(tiny):
    r = search(tiny, "火锅 江津")
    assert ids(r)[0] == "night-economy"  # the one article with both words first
    assert r["relaxed"]["all_words_total"] == 1 and set(ids(r)) > {"night-economy"}
    assert any("全部词语同时出现的文章 1 篇" in n for n in r["notices"])


def test_quoted_phrase_is_exact_and_scattered_words_are_not_a_match(tiny):
    assert ids(search(tiny, '"夜经济"')) == ["night-economy"]
    assert "scattered" not in ids(search(tiny, '"夜经济"'))


def test_exclusion_removes_articles(tiny):
    assert "night-economy" not in ids(search(tiny, "火锅 -江津"))
    assert {"hotpot-title", "hotpot-body"} <= set(ids(search(tiny, "火锅 -江津")))


def test_or_matches_either(tiny):
    assert {"night-economy", "bonded-zone"} <= set(ids(search(tiny, "夜经济 OR 保税区")))


def test_title_match_ranks_above_body_match(tiny):
    assert ids(search(tiny, "火锅"))[0] == "hotpot-title"


def test_field_prefixes_restrict_to_title_reporter_and_district(tiny):
    assert ids(search(tiny, "title:火锅")) == ["hotpot-title"]
    assert set(ids(search(tiny, "reporter:佘振芳"))) == {"energy-mining", "traditional"}
    assert ids(search(tiny, "夜经济 district:江津")) == ["night-economy"]


def test_sort_newest_and_oldest_put_undated_articles_last(tiny):
    newest = ids(search(tiny, "", sort="newest", size=50))
    oldest = ids(search(tiny, "", sort="oldest", size=50))
    assert newest[0] == "bonded-zone" or newest[0] == "energy-mining"
    assert oldest[0] == "hotpot-title"
    assert newest[-1] == oldest[-1] == "html-injection"


def test_filters_or_within_a_facet_and_across_facets(tiny):
    r = search(tiny, "", filters={"district": ["江津区", "大足区"]}, size=50)
    assert set(ids(r)) == {"night-economy", "traditional"}
    r = search(tiny, "", filters={"district": ["江津区", "大足区"], "source": "重庆晨报"}, size=50)
    assert ids(r) == ["traditional"]


def test_each_facet_is_counted_with_the_other_facets_filters_only(tiny):
    r = search(tiny, "", filters={"district": "江津区", "source": "重庆晨报"}, size=50)
    districts = {b["value"]: b for b in r["facets"]["district"]}
    sources = {b["value"]: b["count"] for b in r["facets"]["source"]}
    # district counts ignore the district selection but honour source=重庆晨报
    assert districts["大足区"]["count"] == 1 and districts["江津区"]["selected"]
    # source counts ignore the source selection but honour district=江津区
    assert sources == {"新渝报": 1, "重庆晨报": 0}  # a selected value stays visible to untick


def test_date_range_accepts_year_month_and_day(tiny):
    assert len(ids(search(tiny, "", date_from="2025", date_to="2025", size=50))) == 6
    assert set(ids(search(tiny, "", date_from="2025-09", date_to="2025-09", size=50))) == {
        "bonded-zone", "energy-mining", "photo-qianjiang"}
    assert set(ids(search(tiny, "", date_from="2025-09-23", date_to="2025-09-23", size=50))) == {
        "bonded-zone", "energy-mining"}


def test_timeline_counts_matches_per_month_and_links_to_a_date_range(tiny):
    r = search(tiny, "", date_from="2025", date_to="2025")
    buckets = {b["key"]: b for b in r["timeline"]["buckets"]}
    assert r["timeline"]["interval"] == "month"
    assert buckets["2025-09"]["count"] == 3 and buckets["2025-02"]["count"] == 0
    assert (buckets["2025-09"]["date_from"], buckets["2025-09"]["date_to"]) == ("2025-09", "2025-09")


def test_snippets_mark_matches_and_escape_html(tiny):
    r = search(tiny, "保税")
    assert "<mark>保税</mark>" in r["hits"][0]["snippet"]
    r = search(tiny, "标签")
    assert "&lt;b&gt;<mark>标签</mark>&lt;/b&gt;" in r["hits"][0]["snippet"]
    assert "<script>" not in r["hits"][0]["title_html"]


def test_traditional_text_is_highlighted_where_it_stands(tiny):
    r = search(tiny, "参观")
    assert "<mark>參觀</mark>" in r["hits"][0]["snippet"]


def test_pages_beyond_the_results_are_empty_not_errors(tiny):
    r = search(tiny, "火锅", page=5)
    assert r["total"] == 3 and r["hits"] == []


def test_response_shows_how_the_query_was_segmented(tiny):
    r = search(tiny, "江津夜经济")
    assert r["segmentation"][0]["tokens"][:1] == ["江津"]


def test_control_characters_in_a_query_never_reach_the_segmenters_dictionary(tiny):
    # A segmenter's dictionary lookup may not survive a NUL (jieba-fast-dat 0.59 segfaulted on 三\x00);
    # the correction path looks words up. Control characters are spaces by the time it runs.
    for q in ("三\x00", "三\x00 齉", "齉\x00", "余振芳\x00能源", "夜\x00经济", "重庆\x1f火锅\x7f"):
        data = run_search(tiny, SearchRequest(q=q))
        assert isinstance(data["total"], int)
    assert run_search(tiny, SearchRequest(q="夜\x00经济"))["total"] >= 1


def test_a_search_cut_by_its_budget_says_its_counts_are_incomplete(tiny):
    from search.engine.budget import Deadline, StepClock

    # A clock that moves a second on every reading: the budget runs out while postings are read.
    r = run_search(tiny, SearchRequest(q="重庆 发展 江津"), deadline=Deadline(2.0, StepClock(1.0)))
    assert r["timed_out"] and any("截断" in n for n in r["notices"])
    full = run_search(tiny, SearchRequest(q="重庆 发展 江津"))
    assert not full["timed_out"] and r["total"] <= full["total"]


def test_searches_cut_short_at_any_point_leave_no_partial_list_behind(tiny_index):
    # A cut search reads only some segments of a list; cached, that part once served every later
    # search (an excluded article came back, counts were short) until the next reindex.
    engine, fresh = IndexHandle(tiny_index).current(), IndexHandle(tiny_index).current()
    for q in ("火锅 -江津", "重庆 发展 江津", "\"夜经济\""):
        for steps in range(1, 30):
            run_search(engine, SearchRequest(q=q), deadline=Deadline(steps, StepClock(1.0)))
        after, expected = search(engine, q), search(fresh, q)
        assert (after["total"], ids(after)) == (expected["total"], ids(expected)), q


def test_no_list_is_read_twice_for_one_search(tiny_whoosh):
    from search.engine.base import Retrieval
    from search.engine.budget import Deadline
    from search.query import parse_query

    tiny = tiny_whoosh  # the single index's postings cache (each shard has its own)
    postings = tiny.evaluator.postings
    r = Retrieval(query=parse_query("长江 洪水 1998年"), size=5)
    deadline = Deadline(5.0)
    before = postings.reads
    tiny.retrieve(r, deadline)
    first = postings.reads - before
    tiny.retrieve(r, deadline)  # the same search's second step (a relaxation, say) reads nothing new
    assert first > 0 and postings.reads - before == first


def test_a_list_wanted_for_as_many_documents_as_it_holds_is_read_whole_and_kept(tiny_whoosh):
    postings = tiny_whoosh.evaluator.postings
    wanted = np.arange(postings.doc_count)
    part = postings.within("body_bi", "重庆", wanted)
    before = postings.reads
    whole = postings.get("body_bi", "重庆")  # the next search's whole list: from the cache
    assert len(part) > 1 and postings.reads == before and whole.docs.tolist() == part.docs.tolist()


def test_snippets_draw_on_the_search_budget_and_fall_back_to_the_opening_text(long_index):
    # `重庆 OR 江津` on a 199k-character OCR line: marking it once took tens of seconds outside the
    # budget. A deadline that has run out at its first check cuts the snippets too, and says so.
    index = IndexHandle(long_index).current()
    data = run_search(index, SearchRequest(q="重庆 OR 江津"), deadline=Deadline(1.0, StepClock(1.0)))
    assert data["timed_out"] and any("截断" in n for n in data["notices"])
    assert all("<mark>" not in h["snippet"] + h["title_html"] for h in data["hits"])


def test_a_long_ocr_line_is_marked_in_one_window_when_there_is_time(long_index):
    data = run_search(IndexHandle(long_index).current(), SearchRequest(q="重 OR 庆 OR 江 OR 津"),
                      deadline=Deadline(60.0))
    hit = next(h for h in data["hits"] if h["id"] == "long-ocr")
    assert not data["timed_out"] and hit["snippet"].count("<mark>") > 10
