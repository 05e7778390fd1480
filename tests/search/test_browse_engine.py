"""Engine support for browsing: print order, per-day counts, value spans, streamed result sets."""

from index.docvalues import day_number, iso_day
from search.engine.base import Retrieval
from search.engine.budget import Deadline


def issue(source: str, day: str, **changes) -> Retrieval:
    d = day_number(day)
    filters = {"source": [source], **changes.pop("filters", {})}
    changes = {"facets": (), "timeline": False, **changes}
    return Retrieval(filters=filters, day_from=d, day_to=d, **changes)


def test_print_order_is_page_then_reading_order_whatever_the_file_order(archive):
    got = archive.retrieve(issue("重庆日报", "2025-09-23", sort="print", size=10), Deadline(5))
    assert [h.record["id"] for h in got.hits] == [
        "重庆日报-20250923-1-01", "重庆日报-20250923-1-02", "重庆日报-20250923-2-01", "重庆日报-20250923-10-01"]


def test_print_order_pages_through_with_cursors(archive):
    first = archive.retrieve(issue("重庆日报", "2025-09-23", sort="print", size=3), Deadline(5))
    rest = archive.retrieve(issue("重庆日报", "2025-09-23", sort="print", size=3, after=first.hits[-1].cursor),
                            Deadline(5))
    assert first.more and not rest.more
    assert [h.record["id"] for h in rest.hits] == ["重庆日报-20250923-10-01"]


def test_page_and_section_are_facets_of_an_issue(archive):
    got = archive.retrieve(issue("重庆日报", "2025-09-23", size=0, facets=("page", "section")), Deadline(5))
    assert {b.value: b.count for b in got.facets["page"]} == {"1": 2, "2": 1, "10": 1}
    assert {b.value for b in got.facets["section"]} == {"要闻", "区县新闻", "两江潮"}
    page = archive.retrieve(issue("重庆日报", "2025-09-23", sort="print", filters={"page": ["1"]}), Deadline(5))
    assert [h.record["order"] for h in page.hits] == [1, 2]


def test_day_counts_mark_the_days_with_issues(archive):
    got = archive.retrieve(Retrieval(filters={"source": ["重庆日报"]}, size=0, days=True, facets=()), Deadline(5))
    assert {iso_day(d): n for d, n in got.days.items()} == {
        "2025-09-22": 1, "2025-09-23": 4, "2025-09-24": 1, "2025-10-02": 1}


def test_spans_give_every_paper_its_count_and_dated_range(archive):
    got = archive.retrieve(Retrieval(size=0, facets=(), spans=("source", "reporter")), Deadline(5))
    papers = {s.value: (s.count, iso_day(s.first_day), iso_day(s.last_day)) for s in got.spans["source"]}
    assert papers == {"重庆日报": (8, "2025-09-22", "2025-10-02"), "新渝报": (3, "2024-12-31", "2025-06-04")}
    undated_only = {s.value: s for s in got.spans["reporter"]}["欧阳娜娜"]
    assert undated_only.count == 2 and iso_day(undated_only.first_day) == "2025-09-23"


def test_stream_yields_every_match_in_order_and_knows_the_total(archive):
    streamed = archive.stream(Retrieval(sort="oldest"), Deadline(5))
    ids = [r["id"] for r in streamed]
    assert streamed.total == len(ids) == 11 and streamed.complete
    assert ids[0] == "新渝报-20241231-A01-01" and ids[-1] == "cms-undated-1"


def test_stream_continues_after_a_cursor(archive):
    first = archive.retrieve(Retrieval(sort="newest", size=4), Deadline(5))
    streamed = archive.stream(Retrieval(sort="newest", after=first.hits[-1].cursor), Deadline(5))
    rest = [r["id"] for r in streamed]
    assert streamed.total == 11 and len(rest) == 7
    assert not {h.record["id"] for h in first.hits} & set(rest)
