"""The relevance benchmark's metrics, baselines, pooling and its query and judgment files."""

import json
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.append(str(BENCH))  # appended: bench/ module names must not shadow the project's

import relevance  # noqa: E402
import relevance_baselines as baselines  # noqa: E402
from relevance_metrics import dcg, page_scores, summary  # noqa: E402

QUERIES = json.loads((BENCH / "relevance" / "queries.json").read_text(encoding="utf-8"))
JUDGMENTS = json.loads((BENCH / "relevance" / "judgments.json").read_text(encoding="utf-8"))
TYPES = {"name", "place", "organisation", "topic", "event", "two-char", "long", "question", "variant"}


def test_dcg_uses_the_grades_as_gains_with_a_log2_discount():
    assert dcg([2, 1, 0]) == pytest.approx(2 + 1 / 1.5849625, rel=1e-6)
    assert dcg([1] * 12) == dcg([1] * 10)  # only the first 10 count


def test_page_scores_count_unjudged_documents_as_not_relevant_and_report_them():
    scores = page_scores(["x", "b", "a"], {"a": 2, "b": 1, "c": 0})
    assert scores["unjudged"] == 1
    assert scores["p10"] == 0.2
    assert scores["rr"] == 0.5
    assert 0 < scores["ndcg"] < 1


def test_page_scores_take_the_ideal_ranking_from_every_judged_document():
    assert page_scores(["a"], {"a": 2})["ndcg"] == 1.0
    assert page_scores(["a"], {"a": 2, "b": 2})["ndcg"] < 1.0


def test_summary_leaves_queries_without_relevant_documents_out_of_the_means_but_counts_empty_pages():
    rows = [{**page_scores([], {"a": 0}), "total": 0, "id": "q1"},
            {**page_scores(["a"], {"a": 2}), "total": 5, "id": "q2"}]
    out = summary(rows)
    assert out["queries"] == 2 and out["scored"] == 1
    assert out["ndcg@10"] == 1.0 and out["mrr"] == 1.0
    assert out["empty_pages"] == 1


def test_bigram_baseline_normalises_like_the_engine():
    expected = ["长江", "江经", "经济", "济带"]
    assert baselines.bigrams("長江經濟帶") == baselines.bigrams("长江经济带") == expected
    assert baselines.bigrams("Ｃ９１９大飞机") == ["c919", "大飞", "飞机"]


def test_words_baseline_drops_punctuation_and_keeps_latin_runs_whole():
    words = baselines.words("一季度GDP增长25.1%，")
    assert "gdp" in words and "25.1%" in words
    assert not any(w in "，、。" for w in words)


def test_bm25_matches_any_query_term_and_weights_titles_in_the_words_baseline():
    docs = [{"title": "台风登陆", "body": "沿海地区做好防范。"},
            {"title": "秋粮收获", "body": "台风过后，各地抢收秋粮，台风影响有限。"},
            {"title": "春运启动", "body": "铁路增开列车。"}]
    index = baselines.BM25.build(baselines.word_fields(d) for d in docs)
    best, total = index.search(baselines.words("台风 秋粮"))
    assert total == 2 and 2 not in best
    best, _ = index.search(baselines.words("台风"))
    assert best[0] == 0  # in the title once beats the body twice


def test_bm25_index_round_trips_through_its_npz_file(tmp_path):
    docs = [{"title": "重庆", "body": "成渝地区双城经济圈"}, {"title": "成都", "body": "双城记"}]
    index = baselines.BM25.build(baselines.bigram_fields(d) for d in docs)
    index.save(tmp_path / "i.npz")
    again = baselines.BM25.load(tmp_path / "i.npz")
    query = baselines.bigrams("双城经济圈")
    assert again.search(query) == index.search(query)
    assert again.vocab == index.vocab


def test_pool_lists_only_unjudged_pairs_with_the_rank_each_system_gave():
    queries = [{"id": "q1", "q": "台风", "need": "typhoons"}]
    results = {"ours": [{"ids": ["a", "b"], "total": 2}],
               "bm25_bigrams": [{"ids": ["b", "c"], "total": 9}],
               "bm25_words_title": [{"ids": [], "total": 0}]}
    pairs = relevance.pool(queries, results, {"q1": {"a": 2}}, [], 0)
    assert [(p["id"], p["ranks"]) for p in pairs] == [
        ("b", {"ours": 2, "bm25_bigrams": 1}), ("c", {"bm25_bigrams": 2})]


def test_queries_are_graded_needs_of_every_type_split_into_dev_and_held_out():
    ids = [q["id"] for q in QUERIES]
    assert len(ids) == len(set(ids)) >= 40
    assert {q["type"] for q in QUERIES} == TYPES
    assert {q["set"] for q in QUERIES} == {"dev", "held_out"}
    assert 10 <= sum(q["set"] == "held_out" for q in QUERIES) <= 15
    assert all(q["q"].strip() and len(q["need"]) > 20 for q in QUERIES)


def test_judgments_hold_only_record_ids_and_grades_of_known_queries():
    assert set(JUDGMENTS) <= {q["id"] for q in QUERIES}
    for grades in JUDGMENTS.values():
        assert all(re.fullmatch(r"[\w.:-]{1,64}", rid) for rid in grades)  # ids, never article text
        assert set(grades.values()) <= {0, 1, 2}
