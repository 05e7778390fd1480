"""Ranking on purpose-built indexes: word over bigram-only, phrase over scattered, title over body, occurrences;
pages that hold what the full ranking puts there."""

import json
import random

import pytest

from index.build import reindex
from search.engine.base import Retrieval
from search.engine.budget import Deadline
from search.engine.handle import IndexHandle
from search.query import parse_query
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
    yield from _engine(request, tmp_path_factory.mktemp("ranking"), DOCS)


def _engine(request, d, docs: list[dict]):
    """`docs` as one index or as three shards on the test cluster, as the fixture's param says."""
    (d / "docs.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in docs), encoding="utf-8")
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


# Pages of a ranking whose "typed together" bonus is worked out only where a page depends on it:
# every page — by number, by cursor, under a filter, from one index or from shards — must hold
# exactly the matches and scores the full ranking puts there.

FILLER = "市民出门散步，街道干净整洁，天气晴朗。"


def _docs(n: int = 400) -> list[dict]:
    """Articles holding 经济 and 发展 — side by side in some, apart in others — at many lengths."""
    rng = random.Random(7)
    docs = []
    for i in range(n):
        parts = [FILLER] * rng.randint(0, 6)
        for _ in range(rng.randint(1, 3)):
            parts.insert(rng.randint(0, len(parts)), rng.choice(
                ["区域经济发展势头良好。", "经济稳定，社会发展。", "经济运行平稳。发展质量提升。", "推动经济高质量发展。"]))
        docs.append({"id": f"a{i:04d}", "title": rng.choice(["经济发展观察", "城市新闻", "发展经济", "社区动态"]),
                     "body": "".join(parts), "date": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     "reporters": [rng.choice(["张三", "李四", "王五"])]})
    return docs


@pytest.fixture(scope="module", params=["whoosh", "cluster"])
def engine(request, tmp_path_factory):
    yield from _engine(request, tmp_path_factory.mktemp("ranking-pages"), _docs())


def _hits(engine, q: str, **kw):
    got = engine.retrieve(Retrieval(query=parse_query(q), facets=(), timeline=False, **kw), Deadline(30))
    assert got.complete
    return got


def _ranking(engine, q: str, **kw) -> list[tuple[str, float]]:
    """Every match with its score, in rank order: one page holding them all."""
    got = _hits(engine, q, size=10_000, **kw)
    assert len(got.hits) == got.total
    return [(h.record["id"], h.score) for h in got.hits]


def _same(page, expected):
    assert [i for i, _ in page] == [i for i, _ in expected]
    assert [s for _, s in page] == pytest.approx([s for _, s in expected], rel=1e-9)


@pytest.mark.parametrize("q", ["经济发展", "经济 发展"])
def test_numbered_pages_hold_what_the_full_ranking_puts_there(engine, q):
    full = _ranking(engine, q)
    assert len(full) > 300
    for offset in (0, 10, 150):
        page = _hits(engine, q, offset=offset, size=10).hits
        _same([(h.record["id"], h.score) for h in page], full[offset:offset + 10])


def test_the_string_typed_together_decides_the_order(engine):
    # The bonus is what the pages are about: without it, the order of these matches differs.
    full = [i for i, _ in _ranking(engine, "经济发展")]
    apart = [i for i, _ in _ranking(engine, "经济 -经济发展")]
    assert set(apart) < set(full)
    together_first = [i for i in full[:20] if i not in apart]
    assert len(together_first) >= 15


def test_cursor_pages_walk_the_full_ranking(engine):
    full = _ranking(engine, "经济发展")
    walked, after = [], None
    while len(walked) < 60:
        got = _hits(engine, "经济发展", size=7, after=after)
        walked += [(h.record["id"], h.score) for h in got.hits]
        after = got.hits[-1].cursor
    _same(walked[:60], full[:60])


def test_a_filtered_page_ranks_the_filtered_matches_alike(engine):
    full = _ranking(engine, "经济发展", filters={"reporter": ["李四"]})
    page = _hits(engine, "经济发展", filters={"reporter": ["李四"]}, size=10).hits
    _same([(h.record["id"], h.score) for h in page], full[:10])


def test_an_export_streams_the_full_ranking(engine):
    full = [i for i, _ in _ranking(engine, "经济发展")]
    streamed = engine.stream(Retrieval(query=parse_query("经济发展"), facets=(), timeline=False), Deadline(30))
    assert [r["id"] for r in streamed.records] == full
