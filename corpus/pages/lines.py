"""Raw page text → stripped lines with offsets; undoing column wraps; line shape tests.

PDF extraction of a column layout breaks a line every 10–20 characters,
in the middle of words and numbers (`自2023` / `年6月5日`). Chinese has no
spaces between words, so a wrap is undone by plain concatenation; only two
Latin words split by a wrap need the space back (`Real Estate` / `Developers`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
# Sentence-final marks, optionally followed by closing quotes or brackets: `。”` `！）` `……`
TERMINAL = re.compile(r"(?:[。！？!?…]|\.{3})[”’」』）)]*$")
# Marks that can't end a paragraph or a headline: the sentence must go on.
OPEN_END = re.compile(r"[，、；：,;（(“‘《〈【\-－—]$")
# A letter-spaced banner line: `人 民 民 主 重 庆 实 践`.
LETTER_SPACED = re.compile(r"^(?:[\u4e00-\u9fff] ){3,}[\u4e00-\u9fff]$")


@dataclass
class Line:
    """One non-blank line of the page, stripped, with its offsets in the page text."""

    text: str
    start: int
    end: int
    gap_before: int = 0  # blank lines between this line and the previous non-blank one

    @property
    def width(self) -> float:
        """Printed width in em: CJK characters count 1, Latin letters and digits ½."""
        return display_width(self.text)


def display_width(text: str) -> float:
    """Width of a string in em, the unit column widths are measured in."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF" or ch in "“”‘’…—·":
            width += 1
        else:
            width += 0.5
    return width


def page_lines(text: str) -> list[Line]:
    """The page's non-blank lines, stripped, each knowing how many blank lines precede it."""
    result: list[Line] = []
    offset = 0
    gap = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + len(raw) - len(raw.lstrip())
            result.append(Line(stripped, start, start + len(stripped), gap))
            gap = 0
        else:
            gap += 1
        offset += len(raw) + 1
    return result


def join_pair(left: str, right: str) -> str:
    """Join two wrapped pieces: a space only between two Latin words."""
    if not left:
        return right
    if not right:
        return left
    return left + " " + right if _latin_break(left, right) else left + right


def _latin_break(left: str, right: str) -> bool:
    """Does a wrap split two Latin words (`Real Estate` / `Developers`)? Looks at one character each side."""
    return bool(_LATIN_END.match(left[-1:]) and _LATIN_START.match(right[:1]))


def join_lines(lines: list[str]) -> str:
    """Undo column wrapping of a paragraph's lines (linear in the paragraph's length)."""
    pieces: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if pieces and _latin_break(pieces[-1], line):
            pieces.append(" ")
        pieces.append(line)
    return "".join(pieces)


def is_terminal(text: str) -> bool:
    """Does the text end a sentence (`。` `！` `？` `……`, maybe inside closing quotes)?"""
    return bool(TERMINAL.search(text.rstrip()))


def cjk_count(text: str) -> int:
    """Number of Chinese characters in the text."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
