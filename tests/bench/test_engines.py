"""The engine comparison: tantivy on our bigram tokens and our parse finds what our engine finds."""

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.append(str(BENCH))  # appended: bench/ module names must not shadow the project's

import ours  # noqa: E402
import tantivy_engine  # noqa: E402
import tasks  # noqa: E402
from corpora import load_articles, scaled  # noqa: E402
from corpus.model import Article  # noqa: E402

ARTICLES = [
    {"id": "a", "title": "长江经济带", "body": "2025年夏天，长江禁渔。", "date": "2025-06-01",
     "source": "重庆日报", "districts": ["江津区"], "reporters": [{"name": "王伟", "role": "记者"}]},
    {"id": "b", "title": "火锅节", "body": "重庆火锅，麻辣鲜香。长", "date": "2024-01-05", "source": "新华社"},
    {"id": "c", "title": "夜经济", "body": "江津区的夜市。", "date": "2024-02-05", "source": "重庆日报",
     "kind": "brief"},
]


@pytest.fixture(scope="module")
def tantivy_searcher(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tantivy")
    docs = folder / "docs.jsonl"
    docs.write_text("".join(json.dumps(ours.tantivy_document(Article.from_dict(a)), ensure_ascii=False) + "\n"
                            for a in ARTICLES), encoding="utf-8")
    tantivy_engine.build(str(docs), str(folder / "index"), heap_mb=64, threads=1)
    ix = tantivy_engine.open_index(str(folder / "index"))
    return ix.searcher(), ix.schema


def ids(searcher_schema, text: str) -> list[str]:
    searcher, sch = searcher_schema
    hits = searcher.search(tantivy_engine.to_query(sch, ours.query_plan(text)), 10).hits
    return sorted(searcher.doc(address)["id"][0] for _, address in hits)


def test_tantivy_documents_hold_our_bigram_tokens_and_facet_values():
    doc = ours.tantivy_document(Article.from_dict(ARTICLES[0]))
    assert doc["title"] == "长江 江经 经济 济带"
    assert doc["body"].startswith("2025 年夏 夏天 长江 江禁 禁渔")
    assert doc["body"].endswith("王伟")  # reporter names are searchable, as in our index
    assert (doc["reporter"], doc["district"], doc["source"], doc["year"], doc["month"]) == (
        ["王伟"], ["江津区"], "重庆日报", "2025", "2025-06")


def test_a_term_matches_where_it_stands_verbatim_in_the_title_or_the_body(tantivy_searcher):
    assert ids(tantivy_searcher, "长江") == ["a"]
    assert ids(tantivy_searcher, '"江经济"') == ["a"]
    assert ids(tantivy_searcher, '"江经夜"') == []
    assert ids(tantivy_searcher, "重庆 火锅 -麻辣") == []


def test_one_character_matches_wherever_it_stands_as_in_our_index(tantivy_searcher):
    # 长 starts a bigram in a, ends b's body on its own; 夜 starts c's title run and a bigram in c's body
    assert ids(tantivy_searcher, "长") == ["a", "b"]
    assert ids(tantivy_searcher, "济") == ["a", "c"]  # the last character of 经济 and of 夜经济
    assert ids(tantivy_searcher, "2025年") == ["a"]  # a number, then one character: a regex phrase


def test_facet_counts_come_from_terms_aggregations(tantivy_searcher):
    searcher, sch = tantivy_searcher
    counts = tantivy_engine.total_and_facets(searcher, sch, ours.query_plan("江"))  # 长江, 江津区
    assert counts["total"] == 2
    assert counts["facets"]["source"] == {"重庆日报": 2}
    assert counts["facets"]["month"] == {"2025-06": 1, "2024-02": 1}


def test_task_names_end_with_their_bench_module():
    assert tasks.split_task("tantivy_documents_ours") == ("tantivy_documents", "ours")
    assert tasks.split_task("build_tantivy_engine") == ("build", "tantivy_engine")


@pytest.mark.parametrize("module", [ours, tantivy_engine, tasks])
def test_the_examples_in_the_docstrings_hold(module):
    # pytest.ini leaves bench/ out of --doctest-modules
    assert doctest.testmod(module).failed == 0


def test_a_smaller_scaled_corpus_is_the_start_of_a_larger_one():
    # why every size can run the same queries, drawn from the first articles
    base = load_articles()
    assert list(scaled(base, 5, 1)) == list(scaled(base, 12, 1))[:5]


def test_both_engines_find_the_same_totals_on_a_small_scaled_corpus():
    proc = subprocess.run([sys.executable, str(BENCH / "bench_engines.py"), "--scale", "300", "--queries", "20"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    size = out["sizes"][0]
    assert size["articles"] == 300
    assert size["totals"]["same_total"] == size["totals"]["queries"] == 20
    assert size["totals"]["same_total_different_facets"] == 0
    for engine, latency in (("ours", "run_search_ms"), ("tantivy", "top10_facets_ms")):
        build = size[engine]["build"]
        assert build["articles"] == 300 and build["articles_per_s"] > 0 and build["index_mb"] > 0
        assert build["peak_mb"] > 0 and build["tree_memory"]["samples"] > 0
        assert {"p50", "p95", "max"} <= set(size[engine]["search"][latency])
    assert {"build_rate_ours_over_tantivy", "index_size_ours_over_tantivy", "run_search_p95_met",
            "run_search_p95_within_5x_met"} <= set(size["targets"])
    assert [row["articles"] for row in out["growth"]["tantivy"]] == [300]
    assert set(out["what"]) >= {"build", "tree_memory", "totals", "targets"}
