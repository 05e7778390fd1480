"""The query language: words, phrases, exclusions, OR, field prefixes, and graceful degradation."""

import pytest

from search.query import MAX_CLAUSES, MAX_QUERY_CHARS, describe, parse_query


def shape(q):
    return [(c.negated, [(t.text, t.field, t.phrase) for t in c.terms]) for c in parse_query(q).clauses]


def test_plain_words_are_each_required():
    assert shape("江津 夜经济") == [(False, [("江津", None, False)]), (False, [("夜经济", None, False)])]


def test_quoted_phrase_exclusion_or_and_field_prefixes():
    assert shape('"夜 经济" -火锅 title:重庆 OR 成都 reporter:佘振芳') == [
        (False, [("夜 经济", None, True)]),
        (True, [("火锅", None, False)]),
        (False, [("重庆", "title", False), ("成都", None, False)]),
        (False, [("佘振芳", "reporter", False)]),
    ]


def test_chinese_quotes_and_fullwidth_colon_work_like_ascii_ones():
    assert shape("“综合保税区” 来源 district：江津") == [
        (False, [("综合保税区", None, True)]), (False, [("来源", None, False)]),
        (False, [("江津", "district", False)])]


@pytest.mark.parametrize("text, expected", [
    ('"unbalanced', "unbalanced"),
    ("((", ""),
    ("title:", "title"),
    ("-", ""),
    ("OR", ""),
    ("a OR OR b", "a OR b"),
    ("unknown:field", "unknown field"),  # not a field: its words
    ("(重庆)", "重庆"),
])
def test_malformed_syntax_degrades_to_plain_words(text, expected):
    assert describe(parse_query(text)) == expected


def test_only_exclusions_are_searched_as_plain_words_with_a_note():
    parsed = parse_query("-火锅")
    assert describe(parsed) == "火锅" and parsed.notes


def test_very_long_queries_are_cut_and_say_so():
    parsed = parse_query(" ".join(f"词{i}" for i in range(1000)))
    assert len(parsed.clauses) == MAX_CLAUSES
    assert any(str(MAX_QUERY_CHARS) in n for n in parsed.notes)
