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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from corpus.extract.closings import trailing_credit
from corpus.extract.credits import parse_credit
from corpus.extract.signatures import parse_signature
from corpus.pages.headlines import DATED_START, is_headline_like
from corpus.pages.lines import OPEN_END, Line, cjk_count, is_terminal, join_lines, page_lines
from corpus.segmenter import frequency, stock

COLUMN, PARAGRAPH = "column", "paragraph"
# Lines this much narrower (in em) than their column end a paragraph or headline.
SHORT_BY = 1.6
_STARTS_PARAGRAPH = re.compile(
    r"^(?:[■□●◆▲★◎•]|本报讯|[\u4e00-\u9fff]{1,6}?(?:报|社|台|网)讯|新华社[\u4e00-\u9fff]{0,8}?\d|"
    r"[（(](?:上|下)接|[①-⑳]|-\s)")
# A sentence-final mark inside the line: only running text has those.
_INNER_STOP = re.compile(r"[。！？](?!$)")


@dataclass
class Paragraph:
    """Consecutive lines read as one paragraph; keeps its lines for headline analysis."""

    lines: list[Line]

    @property
    def text(self) -> str:
        """The lines joined, column wraps undone."""
        return join_lines([line.text for line in self.lines])

    @property
    def start(self) -> int:
        """Offset of the first character in the page text."""
        return self.lines[0].start

    @property
    def end(self) -> int:
        """Offset just after the last character in the page text."""
        return self.lines[-1].end

    @property
    def gap_before(self) -> int:
        """Blank lines above the paragraph (two or more: a separate frame on the page)."""
        return self.lines[0].gap_before


def detect_layout(lines: list[Line]) -> str:
    """Column layout when typical lines are column-narrow, else one paragraph per line."""
    if not lines:
        return PARAGRAPH
    widths = sorted(line.width for line in lines)
    # Column lines stay under ~25 em; a quarter of lines wider than any column means paragraphs.
    return COLUMN if statistics.median(widths) <= 30 and widths[len(widths) * 3 // 4] <= 36 else PARAGRAPH


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
    """Each line's column width: the typical width of the wrapped lines around it.

    A line that runs on into the next without a blank line was wrapped, so
    it is (nearly) full width; pages mix column widths, so this is local.
    """
    widths = [line.width for line in lines]
    if not widths:
        return []
    wrapped = [i for i in range(len(lines) - 1) if lines[i + 1].gap_before == 0]
    if not wrapped:
        return [statistics.median(widths)] * len(lines)
    everywhere = sorted(widths[i] for i in wrapped)
    page_width = everywhere[len(everywhere) * 3 // 4]
    result = []
    for i in range(len(lines)):
        near = wrapped[bisect_left(wrapped, i - 8): bisect_right(wrapped, i + 8)]
        around = sorted(widths[j] for j in near)
        result.append(around[len(around) * 3 // 4] if len(around) >= 3 else page_width)
    return result


def _column_breaks(lines: list[Line]) -> list[bool]:
    """breaks[i]: does a paragraph end after line i?"""
    widths = _column_widths(lines)
    breaks = []
    body = False  # is the paragraph being built certainly running text, not a headline?
    start = 0
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if i == 0 or breaks[-1]:
            # A paragraph that follows another without a blank line is text; so is a dated lead.
            body = (i > 0 and line.gap_before == 0) or bool(DATED_START.match(line.text))
            start = i
        body = body or bool(_INNER_STOP.search(line.text))
        short = line.width < widths[i] - SHORT_BY
        # The last lines: a closing credit the column wrap split (`…。（` / `杜中武孙传刚）`, or over three
        # lines: `…之风。（` / `江苏兴化棉纺织厂办公室唐锦禄` / `）`).
        tail = "".join(prev.text for prev in lines[max(start, i - 2):i])[-60:] + line.text
        # A credit line is a paragraph of its own, unless the column wrapped a dateline's long
        # credit onto it (`…新华社` / `记者赵毅、尚绪谦、刘也刚报道：…`).
        own_line = line.gap_before > 0 or i == start
        if (starts_paragraph(nxt.text) or _is_marker(line.text) or "\t" in line.text + nxt.text
                or trailing_credit(tail) or (own_line and _is_credit(line.text))
                or (_is_credit(nxt.text) and (nxt.gap_before > 0 or short or is_terminal(line.text)))):
            brk = True
        elif is_terminal(line.text) or (nxt.gap_before and _CLOSED_AFTER_STOP.search(tail)):
            brk = nxt.gap_before > 0 or short
        elif nxt.gap_before == 0 or OPEN_END.search(line.text) or body:
            brk = False  # a wrap, or a column break inside running text
        else:
            ends_headline = _headline_so_far(lines[start:i + 1]) and not _DANGLING.search(line.text)
            brk = (short or ends_headline) and not _word_spans(line.text, nxt.text)
        breaks.append(brk)
    return breaks + [True]


# `…三十六口。（杜中武孙传刚）`: a sentence and the bracket after it end the paragraph.
_CLOSED_AFTER_STOP = re.compile(r"[。！？][”’」』]?[（(][^（()）]{1,40}[）)]$")
# A line ending so can't end a headline: the sentence runs on over a column break (`…施工领域的`).
_DANGLING = re.compile(r"[的地得之和与及或是为在对把将被从向以于了着所其]$")


def _headline_so_far(lines: list[Line]) -> bool:
    """Is the paragraph being built shaped like a headline (short, no sentence punctuation)?

    A blank line after a headline ends it, even when its lines are as wide as the column.
    """
    return len(lines) <= 3 and is_headline_like([line.text for line in lines])


def _is_credit(text: str) -> bool:
    """A byline or photo credit on its own line (`新渝报记者 谢凤 摄`) is a paragraph of its own."""
    return len(text) <= 40 and parse_credit(text) is not None


def _is_signature(text: str) -> bool:
    """A writer's name on its own line (`黄建林` over `家住…`): a byline, even where a word spans the break."""
    return len(text) <= 12 and parse_signature(text) is not None


def _is_marker(text: str) -> bool:
    return bool(re.fullmatch(r"[（(](?:上|下)接\s*[0-9０-９一二三四五六七八九十]+\s*版[）)]", text))


def _paragraph_breaks(lines: list[Line]) -> list[bool]:
    """breaks[i]: does a paragraph end after line i? Only a line that can't end one runs on."""
    breaks = []
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        cut = (nxt.gap_before == 1 and "\t" not in line.text + nxt.text and not is_terminal(line.text)
               and not starts_paragraph(nxt.text)
               and (line.text[-1] in "，、；（“《" or not is_headline_like([line.text])
                    or (_word_spans(line.text, nxt.text) and not _is_signature(line.text))))
        breaks.append(not cut)
    return breaks + [True]


def _word_spans(left: str, right: str) -> bool:
    """Does a dictionary word run across the break (`入选中` + `国500强` → 中国)?"""
    if not (cjk_count(left[-1:]) and cjk_count(right[:1])):
        return False
    window_left, window_right = left[-6:], right[:6]
    window = _CONTROL.sub(" ", window_left + window_right)  # segmenters never see a NUL
    offset = 0
    # jieba's stock dictionary, not the index's (entity names must not change how pages are read).
    # The HMM glues unknown characters into guesses (`烤鱼街` + `不夜合川` → 街不夜): only dictionary
    # words count.
    for word in stock().cut(window):
        if offset < len(window_left) < offset + len(word):
            return frequency(word) > 0
        offset += len(word)
    return False


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
