"""The page parser does work in proportion to the page: no quadratic step for any shape of input.

Work is counted, not timed: every Python and C function call the parser makes
while reading a page of n and of 4n repeats of the same shape. Linear work
grows about 4×; a quadratic step (the byline regex on 300 000 unclosed `（`,
title candidates on a page of dateline lines) would grow 16×.
"""

from __future__ import annotations

import sys

import pytest

from corpus.extract.closings import trailing_credit
from corpus.extract.datelines import parse_dateline
from corpus.pages.parse import parse_page

GROWTH = 5.5  # allowed growth of work from n to 4n (linear: ~4, quadratic: ~16)
SHAPES = {
    "unclosed brackets": lambda n: "（" * (50 * n),
    "dateline lines": lambda n: "本报讯（记者 张三）9月23日电\n" * n,
    "datelines and headlines": lambda n: "".join(f"第{i}号文件发布\n\n本报讯（记者 张三）9月{i % 28 + 1}日，第{i}次会议。\n\n"
                                                 for i in range(n)),
    "short name lines": lambda n: "".join("王李张刘陈"[i % 5] + "伟芳娜敏静丽强"[i % 7] + "\n\n" for i in range(n)),
    "one long paragraph": lambda n: "江津区夜经济发展迅速，市民消费热情高涨，\n" * n,
    "repeated paragraphs": lambda n: "本报讯（记者 张三）9月23日，三方签约推动协同发展。\n\n" * n,
    "one line like a running head": lambda n: "重庆日报2025年第3版" * (10 * n),
}


def calls(text: str) -> int:
    """Function calls (Python and C) made while parsing the page."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        parse_page(text, "x.txt", None)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("shape", SHAPES)
def test_work_grows_linearly_with_the_page(shape):
    make = SHAPES[shape]
    small, large = calls(make(100)), calls(make(400))
    assert large / small < GROWTH, f"{shape}: {small} → {large} calls"


def test_credit_regexes_only_look_at_a_bounded_window():
    # A regex's own steps can't be counted from Python; what keeps them linear is that the
    # patterns only ever see the paragraph's head or tail, so a huge paragraph reads like a short one.
    brackets = "（" * 300_000
    assert trailing_credit(brackets + "（记者 周松）")[1].reporters[0].name == "周松"
    assert parse_dateline("本报讯（记者 佘振芳）" + brackets).credit.reporters[0].name == "佘振芳"
    assert trailing_credit(brackets) is None and parse_dateline(brackets) is None
