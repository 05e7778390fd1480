"""Ranking on a purpose-built index: word over bigram-only, phrase over scattered, title over body, occurrences."""

import json

import pytest

from index.build import reindex
from search.engine.handle import IndexHandle
from search.request import SearchRequest
from search.run import run_search

DOCS = [
    {"id": "word", "title": "物流新闻", "body": "园区实行保税监管昨日起，企业纷纷入驻。"},
    {"id": "bigram-only", "title": "园区新闻", "body": "综合保税区昨日通过验收，企业纷纷入驻。"},
    {"id": "together", "title": "城市新闻", "body": "滨江的夜经济持续升温，市民出门消费。"},
    {"id": "apart", "title": "城市观察", "body": "夜里灯光很亮，区域经济持续升温，市民出门。"},
    {"id": "in-title", "title": "火锅节开幕", "body": "美食节在南岸开幕，吸引众多市民。"},
    {"id": "in-body", "title": "美食街人气旺", "body": "解放碑美食街上，市民在吃火锅，游客拍照。"},
    {"id": "greeting", "title": "新春团拜会举行 向香港同胞澳门同胞台湾同胞和海外侨胞致以问候",
     "body": "新春团拜会昨日举行，向香港同胞、澳门同胞、台湾同胞和海外侨胞致以节日问候。会上还表演了节目。"},
    {"id": "compatriots", "title": "两岸青年交流活动举行",
     "body": "两岸青年交流活动昨日举行，台湾同胞踊跃参加。参加活动的台湾同胞表示收获很多，台湾同胞还参观了企业。"},
]


@pytest.fixture(scope="module", params=["whoosh", "cluster"])
def index(request, tmp_path_factory):
    """The documents as one index, then as three shards on a Dask cluster: both must rank alike."""
    d = tmp_path_factory.mktemp("ranking")
    (d / "docs.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in DOCS), encoding="utf-8")
    if request.param == "cluster":
        engine = request.getfixturevalue("sharded")([d / "docs.jsonl"], d / "shards")
        yield engine
        engine.close()
        return
    reindex([d / "docs.jsonl"], d / "ix")
    yield IndexHandle(d / "ix").current()


def order(index, q):
    return [h["id"] for h in run_search(index, SearchRequest(q=q))["hits"]]


def test_a_jieba_word_match_ranks_above_a_bigram_only_match(index):
    assert order(index, "保税") == ["word", "bigram-only"]


def test_words_standing_together_rank_above_scattered_words(index):
    assert order(index, "夜 经济") == ["together", "apart"]


def test_quoted_phrase_only_matches_the_words_together(index):
    assert order(index, '"夜经济"') == ["together"]


def test_a_title_match_ranks_above_a_body_match(index):
    assert order(index, "火锅") == ["in-title", "in-body"]


def test_a_string_scores_by_how_often_it_occurs_not_how_often_its_pieces_do(index):
    # A headline listing 香港同胞 澳门同胞 台湾同胞 holds 同胞 three times but the string once.
    assert order(index, "台湾同胞") == ["compatriots", "greeting"]


def test_sort_by_date_ignores_scores_and_keeps_every_match(index):
    assert sorted(order(index, "保税")) == sorted(
        h["id"] for h in run_search(index, SearchRequest(q="保税", sort="newest"))["hits"])
