"""Pages of a ranking whose "typed together" bonus is worked out only where a page depends on it.

Every page — by number, by cursor, under a filter, from one index or from shards —
must hold exactly the matches and scores the full ranking puts there.
"""

import json
import random

import pytest

from index.build import reindex
from search.engine.base import Retrieval
from search.engine.budget import Deadline
from search.engine.handle import IndexHandle
from search.query import parse_query

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
    d = tmp_path_factory.mktemp("ranking-pages")
    (d / "docs.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in _docs()), encoding="utf-8")
    if request.param == "cluster":
        engine = request.getfixturevalue("sharded")([d / "docs.jsonl"], d / "shards")
        yield engine
        engine.close()
        return
    reindex([d / "docs.jsonl"], d / "ix")
    yield IndexHandle(d / "ix").current()


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
