"""The query parser and the search never raise, and do bounded work, whatever the text.

Bounded work is asserted as what was read, never as seconds: the parser reads only the start of
a huge query, a huge query searches exactly as its start does, and a search whose budget has run
out (an injected StepClock) comes back cut short and saying so.
"""

from __future__ import annotations

import re
from itertools import accumulate
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.engine.budget import Deadline, StepClock
from search.query import FIELDS, MAX_CLAUSES, MAX_QUERY_CHARS, ParsedQuery, describe, parse_query
from search.request import MAX_PAGE, BadRequest, SearchRequest, parse_search_args
from search.run import run_search

from .fuzzkit import DISTRICTS, REPORTERS, SEARCH_SECONDS, WORDS

SYNTAX = ['"', "“", "”", "(", ")", "（", "）", "-", "--", "+", "OR", "or", "|", "||", "或", "AND", "NOT",
          "title:", "reporter:", "district:", "source:", "TITLE:", "标题：", ":", "：", "*", "?", "~", "^", "\\",
          " ", "\u3000", "\t", "\n", "\r", "\x00", "\x1b[31m", "\u200b", "\ufeff", "\U0001f600", "<", ">", "&",
          "%", "%00", "'", ";", "\ufffd", "\u202e"]
WEB_MAX_BYTES = 65_536  # `serve` refuses longer request lines (MAX_HEADER_BYTES): no web query is longer, encoded
FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Query-shaped text: syntax pieces, real (common) words and arbitrary characters, in any order.
piece = st.one_of(st.sampled_from(SYNTAX), st.sampled_from(WORDS + list(REPORTERS) + list(DISTRICTS)),
                  st.text(max_size=4))
query_text = st.one_of(st.lists(piece, max_size=60).map("".join),
                       st.lists(piece, max_size=60).map(" ".join),
                       st.text(max_size=400))
# Built to be expensive: long, nested, many alternatives, many phrases.
HUGE = {
    "deep_parentheses": "(" * 50_000 + "重庆" + ")" * 50_000,
    "many_ors": " OR ".join(WORDS * 200),
    "many_quotes": '"' * 10_001,
    "many_phrases": " ".join(f'"{w} {v}"' for w, v in zip(WORDS * 50, WORDS[1:] * 50)),
    "one_megabyte": "重庆火锅" * 250_000,
    "long_word": "a" * 1_000_000,
    "many_fields": "title:reporter:district:source:" * 10_000,
    "many_negations": " ".join("-" + w for w in WORDS * 100),
    "control_characters": "".join(chr(c) for c in range(32)) * 1000,
    "combining_marks": "重" + "\u0301" * 100_000,
}


def web_sized(q: str) -> str:
    """The longest start of `q` that fits in a request line once percent-encoded."""
    sizes = accumulate(len(quote(c, safe="")) for c in q[:WEB_MAX_BYTES])
    return q[: sum(1 for total in sizes if total <= WEB_MAX_BYTES - len("GET /api/search?q= HTTP/1.1"))]


def check_parsed(parsed: ParsedQuery) -> None:
    assert isinstance(parsed, ParsedQuery)
    assert len(parsed.clauses) <= MAX_CLAUSES
    for clause in parsed.clauses:
        assert clause.terms
        for term in clause.terms:
            assert isinstance(term.text, str) and term.text.strip()
            assert term.field in (None, *FIELDS)


@FUZZ
@given(st.text(max_size=2000))
def test_parse_query_never_raises_on_any_unicode(text):
    check_parsed(parse_query(text))


@FUZZ
@given(query_text)
def test_parse_query_never_raises_on_query_shaped_text_and_describe_reparses(text):
    parsed = parse_query(text)
    check_parsed(parsed)
    check_parsed(parse_query(describe(parsed)))


@pytest.mark.parametrize("name", sorted(HUGE))
def test_parse_query_reads_only_the_start_of_huge_and_nested_input(name):
    parsed = parse_query(HUGE[name])
    check_parsed(parsed)
    assert sum(len(t.text) for t in parsed.terms()) <= MAX_QUERY_CHARS
    # Work done: beyond the first MAX_QUERY_CHARS characters nothing is read but a note that it was cut.
    assert parsed.clauses == parse_query(HUGE[name][:MAX_QUERY_CHARS]).clauses
    assert any("查询过长" in note for note in parsed.notes)


def _marks_only(html: str) -> bool:
    """True when the only markup left in a highlighted string is <mark>…</mark>."""
    return "<" not in re.sub(r"</?mark>", "", html)


def check_result(data: dict, req: SearchRequest) -> None:
    assert isinstance(data["total"], int) and data["total"] >= 0
    assert len(data["hits"]) <= req.size and isinstance(data["timed_out"], bool)
    assert all(isinstance(n, str) for n in data["notices"])
    for hit in data["hits"]:
        assert _marks_only(hit["title_html"]) and _marks_only(hit["snippet"]), hit
    if data["timed_out"]:
        assert any("截断" in n for n in data["notices"])


def exhausted() -> Deadline:
    """A budget that has run out at its first check."""
    return Deadline(SEARCH_SECONDS, StepClock(SEARCH_SECONDS))


@FUZZ
@given(query_text, st.sampled_from(["relevance", "newest", "oldest"]), st.integers(1, 3))
def test_run_search_never_raises_and_escapes_hits_on_the_tiny_index(tiny, q, sort, page):
    req = SearchRequest(q=q, sort=sort, page=page)
    check_result(run_search(tiny, req), req)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS + SYNTAX[:20]), min_size=1, max_size=80).map(" ".join),
       st.dictionaries(st.sampled_from(["reporter", "district", "source", "kind", "year"]),
                       st.lists(st.sampled_from(REPORTERS + DISTRICTS + ("重庆日报", "article", "2020", "x")),
                                min_size=1, max_size=3), max_size=3),
       st.integers(1, MAX_PAGE))
def test_run_search_on_common_words_answers_in_full_or_cut_short_when_its_budget_is_spent(medium, q, filters,
                                                                                          page):
    req = SearchRequest(q=q, page=page, filters=filters)
    check_result(run_search(medium, req), req)
    check_result(run_search(medium, req, deadline=exhausted()), req)


@pytest.mark.parametrize("name", sorted(HUGE))
def test_run_search_handles_huge_and_nested_queries(medium, name):
    req = SearchRequest(q=web_sized(HUGE[name]))
    check_result(run_search(medium, req), req)


def _answer(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "took_ms"}


@pytest.mark.parametrize("name, chars", [("one_megabyte", 250_000), ("long_word", 1_000_000)])
def test_a_huge_query_does_no_more_work_than_the_part_that_is_searched(medium, name, chars):
    q = HUGE[name][:chars]
    req = SearchRequest(q=q)
    assert req.q == q[:MAX_QUERY_CHARS + 1]  # all that reaches the parser, entities and corrections
    short = SearchRequest(q=q[:MAX_QUERY_CHARS + 1])
    assert _answer(run_search(medium, req, deadline=Deadline(60.0))) == \
        _answer(run_search(medium, short, deadline=Deadline(60.0)))
    check_result(run_search(medium, req), req)


@FUZZ
@given(st.dictionaries(st.sampled_from(["q", "page", "size", "sort", "from", "to", "reporter", "district",
                                        "source", "kind", "year", "month", "x"]),
                       st.one_of(st.text(max_size=30), st.integers(-10, 1000).map(str)), max_size=8))
def test_search_arguments_are_either_rejected_as_bad_requests_or_searched(tiny, args):
    try:
        req = parse_search_args(args)
    except BadRequest as exc:
        assert exc.code.startswith(("bad_", "too_")) and exc.message
        return
    check_result(run_search(tiny, req), req)
