"""Fuzzy entity matching: resolving filter values, autocomplete, recognition and corrections."""

from __future__ import annotations


import pytest
from rapidfuzz import fuzz

from corpus.model import Article, Reporter
from index.lexicon import Entity, Lexicon, LexiconBuilder
from search.entities.fuzzy import EntityMatcher, Match
from search.entities.shapes import char_shape_similarity
from search.entities.similarity import name_similarity


def articles(count: int, reporter: str, district: str, source: str = "重庆日报") -> list[Article]:
    return [
        Article(id=f"{reporter}{i}", reporters=[Reporter(reporter)], districts=[district], source=source)
        for i in range(count)
    ]


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    """Gazetteer districts, a few reporters (汪敏 has more articles than her homophone 王敏), two names."""
    builder = LexiconBuilder(tag_text=False)
    builder.add_all(articles(30, "佘振芳", "江津区"))
    builder.add_all(articles(10, "余杰", "江北区", "新渝报"))
    builder.add_all(articles(5, "王敏", "綦江区"))
    builder.add_all(articles(8, "汪敏", "沙坪坝区"))
    builder.add_all(articles(3, "夏元", "两江新区"))
    lexicon = builder.build()
    lexicon.entities += [Entity("org", "重庆大学", (), 4), Entity("place", "渝", (), 50)]
    return EntityMatcher(lexicon)


def brief(match: Match | None) -> tuple[str, str, str] | None:
    return None if match is None else (match.type, match.name, match.how)


# resolve: filter values


def test_exact_reporter_name_resolves_as_exact(matcher):
    assert brief(matcher.resolve("reporter", "佘振芳")) == ("reporter", "佘振芳", "exact")


def test_short_district_name_resolves_as_alias(matcher):
    match = matcher.resolve("district", "大足")
    assert brief(match) == ("district", "大足区", "alias")
    assert match.matched == "大足"


def test_traditional_characters_resolve_like_simplified(matcher):
    assert brief(matcher.resolve("district", "綦江區")) == ("district", "綦江区", "exact")


@pytest.mark.parametrize("typed", ["jiangjin", "Jiang Jin", "jiangjinqu"])
def test_full_pinyin_resolves_district(matcher, typed):
    assert brief(matcher.resolve("district", typed)) == ("district", "江津区", "pinyin")


def test_initials_resolve_district(matcher):
    assert brief(matcher.resolve("district", "spb")) == ("district", "沙坪坝区", "initials")


def test_lookalike_reporter_name_resolves_to_real_reporter(matcher):
    match = matcher.resolve("reporter", "余振芳")
    assert brief(match) == ("reporter", "佘振芳", "shape")
    assert 90 <= match.score < 100


def test_lookalike_district_name_resolves_to_real_district(matcher):
    assert brief(matcher.resolve("district", "江律")) == ("district", "江津区", "shape")


def test_soundalike_district_name_resolves_to_real_district(matcher):
    match = matcher.resolve("district", "旗江")
    assert brief(match) == ("district", "綦江区", "sound")
    assert match.matched == "綦江"


def test_pinyin_typo_resolves_as_fuzzy(matcher):
    assert brief(matcher.resolve("district", "jiangjing")) == ("district", "江津区", "fuzzy")


@pytest.mark.parametrize("typed", ["张三丰", "xyzzy", "能源", "", "  "])
def test_unrelated_string_resolves_to_nothing(matcher, typed):
    assert matcher.resolve("reporter", typed) is None
    assert matcher.resolve("district", typed) is None


def test_resolve_looks_only_at_the_requested_type(matcher):
    assert matcher.resolve("reporter", "江津") is None
    assert matcher.resolve("no-such-type", "江津") is None


def test_plain_edit_distance_underrates_lookalikes_that_shape_similarity_catches():
    plain = fuzz.ratio("余振芳", "佘振芳", processor=None)
    assert plain < 70
    assert name_similarity("余振芳", "佘振芳").score > plain + 20


def test_lookalike_characters_score_above_unrelated_ones():
    assert char_shape_similarity("余", "佘") > 0.7
    assert char_shape_similarity("余", "张") < 0.3


# ranking: exact characters first


def test_homophone_ranks_below_exact_character_match(matcher):
    names = [(m.name, m.how) for m in matcher.close_matches("reporter", "王敏")]
    assert names[:2] == [("王敏", "exact"), ("汪敏", "sound")]  # though 汪敏 has more articles
    assert [m.name for m in matcher.suggest("王敏", types=["reporter"])][:2] == ["王敏", "汪敏"]


def test_close_matches_offer_candidates_for_an_unknown_reporter(matcher):
    matches = matcher.close_matches("reporter", "王民")
    assert [(m.name, m.how) for m in matches] == [("王敏", "sound"), ("汪敏", "sound")]
    assert matches[0].score > matches[1].score  # one homophone beats two


def test_close_matches_of_nonsense_are_empty(matcher):
    assert matcher.close_matches("reporter", "xyzzy") == []


# suggest: autocomplete


def test_suggest_completes_name_prefix_most_written_about_first(matcher):
    names = [m.name for m in matcher.suggest("江", types=["district"])]
    assert names[:2] == ["江津区", "江北区"]  # 30 articles, then 10
    assert all(m.how == "prefix" for m in matcher.suggest("江", types=["district"]))


def test_suggest_completes_full_pinyin_prefix(matcher):
    assert [m.name for m in matcher.suggest("jiangj")][:1] == ["江津区"]


def test_suggest_completes_initials(matcher):
    assert brief(matcher.suggest("spb")[0]) == ("district", "沙坪坝区", "initials")


def test_suggest_puts_exact_before_prefix_before_fuzzy(matcher):
    hows = [m.how for m in matcher.suggest("江津")]
    assert hows[0] == "alias"
    tiers = {"exact": 0, "alias": 0, "prefix": 1, "pinyin": 1, "initials": 1}
    assert [tiers.get(h, 2) for h in hows] == sorted(tiers.get(h, 2) for h in hows)


def test_suggest_falls_back_to_lookalike_prefixes(matcher):
    assert brief(matcher.suggest("余振")[0]) == ("reporter", "佘振芳", "shape")


def test_suggest_filters_by_type(matcher):
    assert {m.name for m in matcher.suggest("重庆")} >= {"重庆大学", "重庆日报", "重庆高新区"}
    assert [m.name for m in matcher.suggest("重庆", types=["source"])] == ["重庆日报"]
    assert [m.name for m in matcher.suggest("重庆", types="org")] == ["重庆大学"]


def test_suggest_respects_limit_and_ignores_empty_queries(matcher):
    assert len(matcher.suggest("j", limit=3)) == 3
    assert matcher.suggest("") == [] and matcher.suggest("   ") == []


# recognise: entities in a query


def test_recognise_finds_district_short_name_in_query(matcher):
    assert [brief(m) for m in matcher.recognise("江津 夜经济")] == [("district", "江津区", "alias")]


def test_recognise_finds_reporter_in_query(matcher):
    assert [brief(m) for m in matcher.recognise("佘振芳 能源")] == [("reporter", "佘振芳", "exact")]


def test_recognise_takes_longest_names_without_overlaps_in_text_order(matcher):
    found = matcher.recognise("重庆大学 两江新区 余杰")
    assert [(m.name, m.matched) for m in found] == [("重庆大学", "重庆大学"), ("两江新区", "两江新区"), ("余杰", "余杰")]


def test_recognise_ignores_one_character_names(matcher):
    assert matcher.recognise("渝 新闻") == []


# correct: queries that found nothing


def test_correct_replaces_near_miss_names(matcher):
    assert matcher.correct("余振芳 能源") == "佘振芳 能源"
    assert matcher.correct("江律 夜经济") == "江津 夜经济"


def test_correct_returns_none_when_nothing_is_near_a_name(matcher):
    assert matcher.correct("佘振芳 能源") is None
    assert matcher.correct("夜经济 发展") is None


def test_correct_leaves_ordinary_words_that_resemble_names_alone(matcher):
    assert name_similarity("江河", "江津").score > 72  # 氵 makes 河 look like 津 …
    assert matcher.correct("江河 治理") is None  # … but 江河 is a word, not a misspelt 江津


def test_correct_turns_whole_pinyin_names_into_characters(matcher):
    assert matcher.correct("jiangjin 夜经济") == "江津 夜经济"


def test_correct_keeps_operators_signs_and_field_prefixes(matcher):
    assert matcher.correct('reporter:余振芳 OR -"旗江"') == 'reporter:佘振芳 OR -"綦江"'


def test_correct_finds_names_inside_unspaced_queries(matcher):
    assert matcher.correct("余振芳能源") == "佘振芳能源"


def test_matcher_works_from_a_saved_lexicon(matcher, tmp_path):
    lexicon = Lexicon(matcher.entities)
    lexicon.save(tmp_path / "lexicon.json")
    again = EntityMatcher(Lexicon.load(tmp_path / "lexicon.json"))
    assert brief(again.resolve("reporter", "余振芳")) == ("reporter", "佘振芳", "shape")
