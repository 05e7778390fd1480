"""Snippets and highlighting: what is marked, which window is shown, and that both stay bounded."""

import random

from search.engine.budget import Deadline, StepClock
from search.highlight import MAX_MARKS, MAX_MARKS_PER_NEEDLE, highlight, needles, snippet, spans

COMMON = "重庆江津市民发展经济文化旅游消费城市乡村振兴产业企业"


def ocr_line(chars: int, seed: int = 1) -> str:
    """A long OCR line without punctuation, made of common characters (every query character occurs
    in it thousands of times)."""
    rng = random.Random(seed)
    return "".join(rng.choice(COMMON) for _ in range(chars))


def expired() -> Deadline:
    """A deadline that has run out at its first check."""
    return Deadline(1.0, StepClock(1.0))


def test_longer_needles_claim_their_characters_first():
    assert highlight("江津区和江津", needles(["江津区", "江津"])) == "<mark>江津区</mark>和<mark>江津</mark>"


def test_matching_folds_width_case_and_traditional_characters_but_marks_the_original():
    assert highlight("重慶ＡＩ大會", needles(["重庆", "ai"])) == "<mark>重慶</mark><mark>ＡＩ</mark>大會"


def test_everything_outside_the_marks_is_escaped():
    assert highlight("<b>重庆</b>", needles(["重庆"])) == "&lt;b&gt;<mark>重庆</mark>&lt;/b&gt;"


def test_snippet_shows_the_window_with_the_most_distinct_matches():
    text = "重庆" + "。" * 300 + "江津夜经济，重庆" + "。" * 300
    out = snippet(text, needles(["重庆", "江津", "夜经济"]), width=40)
    assert "<mark>江津</mark><mark>夜经济</mark>，<mark>重庆</mark>" in out
    assert out.startswith("…") and out.endswith("…")


def test_a_text_without_matches_shows_its_opening():
    assert snippet("甲乙丙丁" * 100, needles(["重庆"]), width=8) == "甲乙丙丁甲乙丙丁…"


def test_matches_considered_per_text_stop_at_a_cap_however_often_the_characters_occur():
    # The attack: `重 OR 庆 OR 江 OR 津` on a long OCR line; every character occurs ~2 000 times here.
    found = spans(ocr_line(30_000), needles(["重", "庆", "江", "津"]))
    assert len(found) <= MAX_MARKS
    assert len(found) == 4 * MAX_MARKS_PER_NEEDLE  # each character gets its share, none crowds the others out
    assert found == sorted(found) and all(e <= s2 for (_, e), (s2, _) in zip(found, found[1:]))


def test_thirty_two_common_characters_are_still_capped_in_total():
    found = spans(ocr_line(30_000), needles(list(COMMON)))
    assert len(found) == MAX_MARKS


def test_snippet_of_a_long_ocr_line_marks_every_queried_character_in_one_window():
    out = snippet(ocr_line(199_000), needles(["重", "庆", "江", "津"]))
    assert all(f"<mark>{c}</mark>" in out for c in "重庆江津")


def test_snippet_past_the_deadline_is_the_opening_text_unmarked():
    text = "江津夜经济" + ocr_line(5_000)
    assert snippet(text, needles(["江津"]), width=10, deadline=expired()) == "江津夜经济" + text[5:10] + "…"


def test_highlight_past_the_deadline_marks_nothing():
    assert highlight("江津<夜经济>", needles(["江津"]), expired()) == "江津&lt;夜经济&gt;"


def test_a_deadline_with_time_left_changes_nothing():
    text = "江津夜经济" * 3
    assert snippet(text, needles(["夜经济"]), deadline=Deadline(60.0)) == snippet(text, needles(["夜经济"]))
