"""Headline-shaped text, and splitting a headline into kicker (引题), title and subtitle (副题).

A Chinese newspaper headline can stack up to three decks: a kicker that sets
the scene (`江津区拓宽民意沟通新渠道——`, `大足区人大`), the main title, and a
subtitle that adds detail (`水环境质量好中更优 大气环境质量持续改善`). The
extraction gives us lines, not font sizes, so decks are told apart by shape:
a trailing dash, a much shorter or longer line, a couplet with a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.extract.names import SURNAMES
from corpus.pages.lines import LETTER_SPACED, display_width, is_terminal, join_lines

MAX_HEAD_CHARS = 45
MAX_HEAD_LINES = 4
_INNER_STOP = re.compile(r"[。！？；](?!$)")
# `优先百姓好！`, `拜年变了味，当刹！`: a short headline may end with ！ or ？.
_EXCLAIMED = re.compile(r"[^。！？，]{2,12}(?:，[^。！？，]{1,6})?[！？]")
# `2020年 3月，…` / `6月3日，…`: a sentence, never a headline.
DATED_START = re.compile(r"^(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[^，。]{0,4}，")
_SECTION_NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十]{1,3}[）)、.]?$")
_LIST_ENTRY = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z·&\s]{2,14}$")
_KICKER_END = re.compile(r"(?:——|—|－－)$")
_COUPLET = re.compile(r"\S{3,}\s+\S{3,}")
_NUMBER_ONLY = re.compile(r"^[0-9０-９]{2,4}$")


def is_headline_like(lines: list[str]) -> bool:
    """Could these lines be a headline, subhead or label rather than running text?"""
    text = join_lines(lines)
    if not text or "\t" in text or len(lines) > MAX_HEAD_LINES:
        return False
    if any(LETTER_SPACED.match(line) for line in lines):
        return True
    if (is_terminal(text) and not _EXCLAIMED.fullmatch(text)) or _INNER_STOP.search(text) or DATED_START.match(text):
        return False
    if _SECTION_NUMBER.match(text):
        return False  # 一 / 二 / （三）: a section number inside an article
    return len(text.replace(" ", "")) <= MAX_HEAD_CHARS and text.count("，") <= 2


def is_list_entry(text: str) -> bool:
    """A short entry of a boxed list (`山城巷传统风貌区`, `不夜合川·醉美江湾`)."""
    return bool(_LIST_ENTRY.match(text)) and sum("\u4e00" <= c <= "\u9fff" for c in text) >= 2


# Pages whose name-tag counts are cached: page hash → [counts still allowed, {text: occurrences}].
_PAGE_COUNTS: dict[int, list] = {}
NAME_TAG_COUNTS = 256  # a real page has a handful of headshots; never count more per page


def is_name_tag(text: str, page_text: str) -> bool:
    """A headshot label: a bare 2–3 character personal name that the page names elsewhere too.

    Occurrences are counted once per name and at most NAME_TAG_COUNTS names per page, so a
    page of a hundred thousand short lines can't make this quadratic.
    """
    if not (re.fullmatch(r"[\u4e00-\u9fff]{2,3}", text) and text[0] in SURNAMES):
        return False
    key = hash(page_text)
    state = _PAGE_COUNTS.get(key)
    if state is None:
        if len(_PAGE_COUNTS) > 16:
            _PAGE_COUNTS.clear()
        state = _PAGE_COUNTS[key] = [NAME_TAG_COUNTS, {}]
    counts = state[1]
    if text not in counts:
        if state[0] <= 0:
            return False
        state[0] -= 1
        counts[text] = page_text.count(text)
    return counts[text] >= 2


@dataclass
class Headline:
    """The decks of one headline."""

    title: str = ""
    kicker: str = ""
    subtitle: str = ""


def decks_of(paragraphs: list[list[str]]) -> list[str]:
    """Split headline paragraphs (each a list of lines) into decks, wrapped lines joined."""
    decks: list[list[str]] = []
    carry = False  # previous deck ended with `：` and runs on (`黔江：` / `加强河流治理`)
    for lines in paragraphs:
        lines = _drop_banners(lines)
        for i, line in enumerate(lines):
            if decks and (carry or (i > 0 and not _deck_break(lines[i - 1], line))):
                decks[-1].append(line)
            else:
                decks.append([line])
            carry = line.endswith(("：", ":"))
    return [join_lines(deck) for deck in decks if deck]


def _deck_break(previous: str, line: str) -> bool:
    """Is `line` a new deck rather than the wrapped rest of `previous`?"""
    if _KICKER_END.search(previous) or _COUPLET.search(previous) or _COUPLET.search(line):
        return True
    return display_width(line) > display_width(previous) * 1.3


def _drop_banners(lines: list[str]) -> list[str]:
    """Remove letter-spaced series banners (`人 民 民 主 重 庆 实 践`) and the line set above them."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if LETTER_SPACED.match(line):
            drop.add(i)
            # The banner's first line is set to the same width; a line before it is another deck.
            if i >= 2 and abs(display_width(lines[i - 1]) - display_width(line)) <= 1.5:
                drop.add(i - 1)
    return [line for i, line in enumerate(lines) if i not in drop]


def split_headline(decks: list[str], page_text: str = "") -> Headline:
    """Decide which deck is kicker, title and subtitle."""
    decks = _merge_numbers([d.strip() for d in decks if d.strip()], page_text)
    if not decks:
        return Headline()
    kicker = ""
    if len(decks) > 1 and _KICKER_END.search(decks[0]):
        kicker, decks = decks[0], decks[1:]
    if len(decks) == 1:
        if kicker:
            return Headline(title=decks[0], kicker=kicker)
        return _single_line(decks[0])
    first, second, rest = decks[0], decks[1], decks[2:]
    w1, w2 = display_width(first), display_width(second)
    if kicker or w1 <= 0.5 * w2 or (w2 < w1 and not rest):
        # A short lead-in, or a longer first deck: the second deck is the main title.
        kicker = kicker or first
        return Headline(title=second, kicker=kicker if kicker != second else "", subtitle=" ".join(rest))
    return Headline(title=first, subtitle=" ".join([second, *rest]))


def _single_line(text: str) -> Headline:
    """`专题记者会 打造“新”动力源 重庆制造奔向重庆创造`: a long lead segment is a kicker."""
    parts = text.split()
    if len(parts) >= 3:
        lead, others = parts[0], parts[1:]
        if display_width(lead) >= 1.5 * max(display_width(p) for p in others):
            return Headline(title=" ".join(others), kicker=lead)
    return Headline(title=text)


def _merge_numbers(decks: list[str], page_text: str) -> list[str]:
    """A bare year printed large beside a title (`2025`) joins it, in the order the text uses."""
    merged: list[str] = []
    for deck in decks:
        if _NUMBER_ONLY.match(deck) and merged:
            target = merged[-1]
            probe = deck + target[:4]
            merged[-1] = deck + target if probe in page_text else target + deck
        else:
            merged.append(deck)
    return merged
