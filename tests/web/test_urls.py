"""URLs built for search data: toggles, removals, hits, links."""

from werkzeug.datastructures import MultiDict

from search.request import parse_search_args
from web.urls import article_url, toggle_url


def test_toggle_url_adds_or_removes_a_value_and_resets_the_page():
    req = parse_search_args(MultiDict([("q", "夜经济"), ("district", "江津区"), ("page", "3")]))
    assert toggle_url(req, "district", "大足区") == "?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E&district=%E6%B1%9F%E6%B4%A5%E5%8C%BA&district=%E5%A4%A7%E8%B6%B3%E5%8C%BA"
    assert toggle_url(req, "district", "江津区") == "?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E"


def test_article_urls_quote_every_character_a_path_cannot_hold():
    assert article_url("a b?c#d/e") == "/article/a%20b%3Fc%23d%2Fe"
    assert article_url("x", "夜 经济") == "/article/x?q=%E5%A4%9C+%E7%BB%8F%E6%B5%8E"
