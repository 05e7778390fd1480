"""Lines → paragraphs, for both page layouts.

Column layout: lines wrap every 10–20 characters and a blank line separates
paragraphs — except that column and page breaks also drop blank lines into
the middle of paragraphs (`…施工领域的` / blank / `“硬核力量”。`), and
sometimes lose the one between two paragraphs. So a break is decided from the
line's shape: a sentence-final mark, or a line clearly shorter than its
column, ends a paragraph; a full-width line without one does not.

Paragraph layout: one paragraph per line, but the same breaks split a few
paragraphs in two mid-word (`全区新入选中` / blank / `国500强…`).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache

from corpus.lines import OPEN_END, Line, cjk_count, is_terminal, join_lines, page_lines

COLUMN, PARAGRAPH = "column", "paragraph"
# Lines this much narrower (in em) than their column end a paragraph or headline.
SHORT_BY = 1.6
# A paragraph-layout line this long without a final mark is a paragraph cut in two.
LONG_LINE = 36
_STARTS_PARAGRAPH = re.compile(
    r"^(?:[■□●◆▲★◎•]|本报讯|[\u4e00-\u9fff]{1,6}?(?:报|社|台|网)讯|新华社[\u4e00-\u9fff]{0,8}?\d|"
    r"[（(](?:上|下)接|[①-⑳]|-\s)")
# `2020年 3月，…` / `6月3日，…`: a sentence, never a headline.
_DATED_START = re.compile(r"^(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[^，。]{0,4}，")
# A sentence-final mark inside the line: only running text has those.
_INNER_STOP = re.compile(r"[。！？](?!$)")


@dataclass
class Paragraph:
    """Consecutive lines read as one paragraph; keeps its lines for headline analysis."""

    lines: list[Line]

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def gap_before(self) -> int:
        return self.lines[0].gap_before


def detect_layout(lines: list[Line]) -> str:
    """Column layout when typical lines are column-narrow, else one paragraph per line."""
    if not lines:
        return PARAGRAPH
    return COLUMN if statistics.median(line.width for line in lines) <= 30 else PARAGRAPH


def split_paragraphs(text: str) -> tuple[list[Paragraph], str]:
    """The page's paragraphs in reading order of the extraction, and the layout found."""
    lines = page_lines(text)
    layout = detect_layout(lines)
    breaks = _column_breaks(lines) if layout == COLUMN else _paragraph_breaks(lines)
    paragraphs: list[Paragraph] = []
    for i, line in enumerate(lines):
        if i == 0 or breaks[i - 1]:
            paragraphs.append(Paragraph([line]))
        else:
            paragraphs[-1].lines.append(line)
    return paragraphs, layout


def starts_paragraph(text: str) -> bool:
    """Lines that always open a paragraph: datelines, bylines, bullets, continuation marks."""
    return bool(_STARTS_PARAGRAPH.match(text))


def _column_widths(lines: list[Line]) -> list[float]:
    """Each line's column width: the typical width of the full lines around it.

    Pages mix column widths, so this is local; lines far shorter than the
    page's median (list entries, headline lines) don't count towards it.
    """
    widths = [line.width for line in lines]
    floor = statistics.median(widths) * 0.6 if widths else 0
    result = []
    for i in range(len(lines)):
        around = sorted(w for w in widths[max(0, i - 6): i + 7] if w >= floor)
        result.append(around[len(around) * 3 // 4] if around else floor / 0.6)
    return result


def _column_breaks(lines: list[Line]) -> list[bool]:
    """breaks[i]: does a paragraph end after line i?"""
    widths = _column_widths(lines)
    breaks = []
    body = False  # is the paragraph being built certainly running text, not a headline?
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if i == 0 or breaks[-1]:
            # A paragraph that follows another without a blank line is text; so is a dated lead.
            body = (i > 0 and line.gap_before == 0) or bool(_DATED_START.match(line.text))
        body = body or bool(_INNER_STOP.search(line.text))
        short = line.width < widths[i] - SHORT_BY
        if starts_paragraph(nxt.text) or _is_marker(line.text) or "\t" in line.text + nxt.text:
            brk = True
        elif is_terminal(line.text):
            brk = nxt.gap_before > 0 or short
        elif nxt.gap_before == 0 or OPEN_END.search(line.text) or body:
            brk = False  # a wrap, or a column break inside running text
        else:
            brk = short and not _word_spans(line.text, nxt.text)
        breaks.append(brk)
    return breaks + [True]


def _is_marker(text: str) -> bool:
    return bool(re.fullmatch(r"[（(](?:上|下)接\s*[0-9０-９一二三四五六七八九十]+\s*版[）)]", text))


def _paragraph_breaks(lines: list[Line]) -> list[bool]:
    breaks = []
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        cut = ("\t" not in line.text + nxt.text and nxt.gap_before > 0 and not is_terminal(line.text) and not starts_paragraph(nxt.text)
               and (line.text[-1] in "，、；（“《" or len(line.text) > LONG_LINE
                    or line.text.count("，") >= 3
                    or _word_spans(line.text, nxt.text)))
        breaks.append(not cut)
    return breaks + [True]


def _word_spans(left: str, right: str) -> bool:
    """Does a dictionary word run across the break (`入选中` + `国500强` → 中国)?"""
    if not (cjk_count(left[-1:]) and cjk_count(right[:1])):
        return False
    window_left, window_right = left[-6:], right[:6]
    offset = 0
    for word in _tokenizer().lcut(window_left + window_right, HMM=False):
        if offset < len(window_left) < offset + len(word):
            return True
        offset += len(word)
    return False


@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba tokenizer: the indexer's user dictionary must not change how we parse."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer
