"""Queries typed the way people type Chinese: unspaced words, questions, operators, numbers, corrections.

Each example of the issue "Search the way people type Chinese" is a test here, on a
small index of hand-written articles (tests/data/semantics.jsonl).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import reindex
from search.engine.handle import IndexHandle
from search.query import parse_query
from search.request import SearchRequest
from search.run import run_search

DATA = Path(__file__).parent.parent / "data" / "semantics.jsonl"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("semantics") / "index"
    reindex([DATA], root)
    handle = IndexHandle(root)
    yield handle.current()
    handle.close()


def search(engine, q: str, **kw) -> dict:
    return run_search(engine, SearchRequest(q=q, **kw))


def ids(result: dict) -> list[str]:
    return [h["id"] for h in result["hits"]]


def roles(q: str) -> list[tuple[str, str]]:
    return [(c.text, c.role) for c in parse_query(q).clauses]


def test_an_unspaced_phrase_finds_articles_holding_its_words_apart(engine):
    r = search(engine, "成渝双城经济圈")
    assert {"chengyu-1", "chengyu-2", "chengyu-3"} <= set(ids(r))
    assert r["parsed"]["required"] == ["成渝", "双城", "经济圈"] and not r["relaxed"]


def test_the_typed_string_standing_together_ranks_first(engine):
    # chengyu-1 holds 成渝地区双城经济圈 (the words together and in order); the others scatter them.
    assert ids(search(engine, "双城经济圈"))[0] == "chengyu-1"


@pytest.mark.parametrize("q, article", [
    ("农村人居环境整治取得了哪些成效", "renju-1"),
    ("长江十年禁渔效果怎么样", "jinyu-1"),
])
def test_natural_questions_find_the_article_that_answers_them(engine, q, article):
    r = search(engine, q)
    assert ids(r)[0] == article
    assert set(r["parsed"]["optional"]) & {"了", "哪些", "怎么样"}


def test_function_and_question_words_are_optional_and_only_score():
    assert roles("长江十年禁渔效果怎么样") == [
        ("长江", "must"), ("十年", "must"), ("禁渔", "must"), ("效果", "must"), ("怎么样", "score")]
    assert ("的", "score") in roles("重庆的火锅")


@pytest.mark.parametrize("q", ["乡村振兴 重庆", "乡村振兴 AND 重庆", "乡村振兴 and 重庆", "乡村振兴，重庆",
                               "乡村振兴、重庆", "乡村振兴；重庆", "乡村振兴+重庆", "乡村振兴\u3000重庆"])
def test_and_as_people_type_it(engine, q):
    assert set(ids(search(engine, q))[:2]) == {"xiangcun-cq", "xiangcun-zj"}
    assert "OR AND OR" not in str(search(engine, q))


@pytest.mark.parametrize("q", ["乡村振兴 NOT 浙江", "乡村振兴 not 浙江", "乡村振兴 -浙江"])
def test_not_as_people_type_it(engine, q):
    found = ids(search(engine, q))
    assert "xiangcun-zj" not in found and "xiangcun-cq" in found


@pytest.mark.parametrize("q", ["富硒 OR 禁渔", "富硒 or 禁渔", "富硒 | 禁渔", "富硒 或 禁渔"])
def test_or_as_people_type_it_and_huo_standing_alone_is_or(engine, q):
    assert {"jiangjin", "jinyu-1"} <= set(ids(search(engine, q)))


def test_he_is_a_function_word_never_an_operator():
    assert roles("重庆和成都") == [("重庆", "must"), ("和", "score"), ("成都", "must")]


@pytest.mark.parametrize("q", ['"四个全面"', "“四个全面”", "「四个全面」", "『四个全面』"])
def test_paired_quotes_of_every_kind_mean_an_exact_string(engine, q):
    assert roles(q) == [('"四个全面"', "must")]
    assert ids(search(engine, q)) == ["quote-src"]


def test_a_lone_quotation_mark_is_an_ordinary_character(engine):
    r = search(engine, "取“四")
    assert ids(r)[0] == "quote-src" and r["total"] == 1
    assert roles("取“四") == [("取“四", "must")]


@pytest.mark.parametrize("q", ["C919", "c919大型客机", "60", "5G", "25.1%", "５Ｇ"])
def test_numbers_and_latin_words_are_found_wherever_they_stand(engine, q):
    assert "c919" in ids(search(engine, q))


def test_a_number_is_not_found_inside_a_longer_number(engine):
    assert ids(search(engine, "300万")) == ["wan-300"]
    assert ids(search(engine, "1300万")) == ["wan-1300"]


@pytest.mark.parametrize("typed, corrected", [("jiangjin", "江津"), ("余振芳", "佘振芳")])
def test_pinyin_or_a_misspelt_name_shows_the_corrected_results_and_says_which_query_ran(engine, typed, corrected):
    r = search(engine, typed)
    assert ids(r)[0] == "jiangjin"
    assert r["corrected"]["from"] == typed and r["corrected"]["to"].startswith(corrected)
    assert r["ran"] == r["corrected"]["to"] and r["did_you_mean"] is None  # said once
    literal = search(engine, typed, literal=True)
    assert literal["corrected"] is None and "jiangjin" not in ids(literal)


def test_too_few_matches_relax_step_by_step_and_say_so(engine):
    r = search(engine, "富硒 禁渔")  # no article holds both
    assert r["relaxed"]["all_words_total"] == 0 and r["relaxed"]["dropped"]
    assert {"jiangjin", "jinyu-1"} <= set(ids(r))
    assert any("全部词语同时出现的文章 0 篇" in n for n in r["notices"])
    assert r["parsed"]["relaxed"] and r["segmentation"][0]["role"] in ("required", "relaxed")


def test_no_empty_page_while_any_word_occurs(engine):
    assert search(engine, "富硒 不存在的词语组合")["total"] >= 1


def test_segmentation_says_what_is_required_optional_and_excluded(engine):
    r = search(engine, "重庆的乡村振兴 -浙江")
    by_role = {s["term"]: s["role"] for s in r["segmentation"]}
    assert by_role["重庆"] in ("required", "relaxed") and by_role["的"] == "optional"
    assert by_role["浙江"] == "excluded"


def test_a_match_in_the_opening_outranks_one_deep_in_the_body(engine):
    assert ids(search(engine, "江北嘴金融城数字经济"))[:2] == ["lead-match", "deep-match"]


def test_a_stub_ranks_below_a_full_article_on_the_same_subject(engine):
    found = ids(search(engine, "数字经济"))
    assert found.index("full") < found.index("stub")


def test_words_side_by_side_in_an_unrelated_list_do_not_outrank_an_article_about_both(engine):
    found = ids(search(engine, "四川 地震"))
    assert found[0] == "about-both" and "side-by-side" in found


def test_words_asking_for_recent_news_lean_towards_newer_articles(engine):
    assert ids(search(engine, "最近重庆夜经济"))[0] == "new-news"
    assert parse_query("最近重庆夜经济").recent and not parse_query("重庆夜经济").recent


def test_a_place_typed_in_full_finds_articles_that_print_only_its_short_name(engine):
    # Papers name a place in full once, then short (浦东新区 … 浦东 … 浦东); an article about
    # it outranks one that names it in full in passing.
    r = search(engine, "浦东新区")
    found = ids(r)
    assert r["parsed"]["required"] == ["浦东"] and "浦东新区" in r["parsed"]["together"]
    assert found.index("pudong-about") < found.index("pudong-passing")


def test_among_articles_alike_the_place_in_full_ranks_first(engine):
    assert ids(search(engine, "南岸区"))[:2] == ["nanan-full", "nanan-short"]


@pytest.mark.parametrize("q, required", [
    ("开发区", ["开发区"]),  # 开发 is no place: the word stays whole
    ("两江新区建设", ["两江新区", "建设"]),  # the gazetteer: 两江 alone is also 两江四岸, the two rivers
    ("江津区夜经济", ["江津", "经济"]),  # jieba guesses 江津 · 区夜 · 经济; 区 belongs to the place
    ("四川省成都市", ["四川", "成都"]),
])
def test_a_suffix_is_dropped_only_from_a_place(q, required):
    assert [c.text for c in parse_query(q).of_role("must")] == required


def test_a_word_that_is_no_place_keeps_its_suffix(engine):
    assert "kaifa" not in ids(search(engine, "开发区"))
