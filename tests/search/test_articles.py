"""An article for display: marked query terms, citation, related articles, all within a budget."""

from search.engine.budget import Deadline, StepClock
from search.engine.handle import IndexHandle
from search.highlight import MAX_MARKS
from search.views.articles import article_view


def test_an_article_shows_its_paragraphs_marked_and_its_related_articles(tiny):
    data = article_view(tiny, "night-economy", "夜经济")
    assert any("<mark>夜经济</mark>" in p for p in data["paragraphs_html"])
    assert data["related"] and "[N]." in data["citation"]


def test_past_its_deadline_an_article_is_shown_unmarked_and_without_related_articles(tiny):
    data = article_view(tiny, "night-economy", "夜经济", deadline=Deadline(1.0, StepClock(1.0)))
    assert data["paragraphs_html"] and not any("<mark>" in p for p in data["paragraphs_html"])
    assert data["related"] == [] and data["title"]


def test_an_unknown_id_is_none(tiny):
    assert article_view(tiny, "no-such-article") is None


def test_a_long_ocr_article_is_marked_within_the_cap(long_index):
    data = article_view(IndexHandle(long_index).current(), "long-ocr", "重 OR 庆", deadline=Deadline(60.0))
    assert sum(p.count("<mark>") for p in data["paragraphs_html"]) <= MAX_MARKS
