"""Paragraphs → typed units: what role each paragraph plays on the printed page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.extract.closings import bracket_credit, trailing_credit
from corpus.extract.credits import Credit, parse_credit
from corpus.extract.signatures import parse_signature
from corpus.extract.datelines import Dateline, parse_dateline
from corpus.pages.headlines import is_headline_like
from corpus.pages.paragraphs import Paragraph

# Unit kinds.
BODY = "body"  # running text
HEAD = "head"  # headline-shaped: a headline, subhead, label or list entry
DATELINE = "dateline"  # running text opening with 本报讯（…） or 新华社…电
BYLINE = "byline"  # a credit on its own line: ■新重庆-重庆日报记者 夏元
CREDIT = "credit"  # a photo credit on its own line: 新渝报记者 谢凤 摄
CONTINUED = "continued"  # （上接1版）
BRIEF = "brief"  # ●12月24日，… — one short news item
DECK = "deck"  # `- 审议通过…`: summary lines under a headline
TABLE = "table"  # tab-separated rows: 主持人	新重庆-重庆日报记者	夏元
CAPTION = "caption"  # ①璧山：威致科技生产线，… — a numbered photo caption

_CONTINUED = re.compile(r"^[（(]\s*上接\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[）)]\s*")
_TURN = re.compile(r"\s*[（(]\s*下转\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[）)]\s*$")
_BRIEF = re.compile(r"^[●◆•]\s*")
_DECK = re.compile(r"^[-－–]\s+")
_NUMBERED = re.compile(r"^[①-⑳]\s*")


@dataclass
class Unit:
    """A paragraph with its role and what was parsed out of it."""

    para: Paragraph
    kind: str
    text: str  # the printed text: dateline and credits kept, only markers (●, ①, （上接1版）) removed
    credit: Credit | None = None  # from a dateline, byline, photo credit or trailing credit
    dateline: Dateline | None = None
    closes: bool = False  # a trailing credit (`据新重庆客户端`, `（记者 周松）`) ends the article
    notes: set[str] = field(default_factory=set)  # e.g. "subhead", "caption"
    core: str = ""  # the news text alone: without dateline or trailing credit
    signature: Credit | None = None  # a headline-shaped line that could be a writer's name
    index: int = -1  # position among the page's units

    def __post_init__(self):
        self.core = self.core or self.text

    @property
    def lines(self) -> list[str]:
        """The paragraph's printed lines."""
        return [line.text for line in self.para.lines]

    @property
    def gap_before(self) -> int:
        """Blank lines above the paragraph."""
        return self.para.gap_before


def classify(paragraph: Paragraph) -> Unit:
    """Decide what one paragraph is."""
    text = paragraph.text
    marker = _CONTINUED.match(text)
    if marker:
        return Unit(paragraph, CONTINUED, text[marker.end():].strip())
    if "\t" in text:
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        credit = parse_credit(" ".join(cells[1:])) if len(cells) > 1 else None
        return Unit(paragraph, TABLE, text, credit=credit)
    dateline = parse_dateline(text)
    if dateline:
        unit = Unit(paragraph, DATELINE, text, dateline.credit, dateline, core=text[dateline.body_offset:].strip())
        return _trailing(unit)
    credit = _credit_line(text) if len(text) <= MAX_CREDIT_LINE else None
    if credit:
        kind = CREDIT if credit.photo else BYLINE
        unit = Unit(paragraph, kind, text, credit)
        if is_byline_marker(text):
            unit.notes.add("leading")
        if _BRACKETED.match(text) or _COMMENTATOR.match(text) is None and text.startswith(("（", "(")):
            unit.notes.add("closing")  # `（北京市西城区佟景宸）`: a signature after the text, never over it
        return unit
    if len(text) <= MAX_CREDIT_LINE and _FOLIO.search(text):
        unit = Unit(paragraph, HEAD, text)
        unit.notes.add("folio")  # the page's running head: paper, date, page number
        return unit
    if _BRIEF.match(text):
        return _trailing(Unit(paragraph, BRIEF, _BRIEF.sub("", text)))
    if _NUMBERED.match(text):
        return Unit(paragraph, CAPTION, _NUMBERED.sub("", text))
    if _DECK.match(text):
        return Unit(paragraph, DECK, _DECK.sub("", text))
    if _NOTE.match(text):
        return _trailing(Unit(paragraph, BODY, text))  # `（《…丛书》由…出版社出版）`: a note, not a headline
    if is_headline_like([line.text for line in paragraph.lines]):
        unit = Unit(paragraph, HEAD, text)
        unit.signature = parse_signature(text) if len(text) <= MAX_CREDIT_LINE else None
        return unit
    return _trailing(Unit(paragraph, BODY, text))


MAX_CREDIT_LINE = 40
# `本报评论员`, `本报特约评论员`: a byline that names no one.
_COMMENTATOR = re.compile(r"^(?:本报|新华社)?(?:特约)?评论员$")
_NOTE = re.compile(r"^[（(][^（()）]{2,}[）)]$")
# `人民日报 1998年1月5日 第4版`, `重庆日报 2025年9月24日 星期三 3版`: a running head.
_FOLIO = re.compile(r"(?:第\s*[A-Z]?[0-9０-９]{1,3}\s*版|[0-9０-９]{1,3}\s*版\s*$)"
                    r"(?=.*(?:\d{4}|日报|晚报|晨报|时报|报|星期))|(?:\d{4}|日报|晚报|晨报|时报|星期).*(?:第\s*)?"
                    r"[A-Z]?[0-9０-９]{1,3}\s*版\s*$")
_BRACKETED = re.compile(r"^[（(](?P<inner>[^（()）]{2,38})[）)]$")


def _credit_line(text: str) -> Credit | None:
    """A credit on its own line: `新渝报记者 谢凤 摄`, `（孟西安王鸣媛）`, `（本报莫斯科１月４日电）`, `本报评论员`."""
    if _COMMENTATOR.match(text):
        return Credit()
    bracketed = _BRACKETED.match(text)
    if bracketed:
        return bracket_credit(bracketed.group("inner"), pen=True)
    return parse_credit(text)


def is_byline_marker(text: str) -> bool:
    """Does the line open with the ■-style mark papers print before a byline?"""
    return bool(text) and text[0] in "■□◆◇▲△★☆◎"


def _trailing(unit: Unit) -> Unit:
    """Note `（记者 周松）`, `据新重庆客户端` or `（下转N版）` at the end of running text.

    The credit stays in the text (it is printed); the turn marker goes (navigation, not news).
    """
    text = _TURN.sub("", unit.text)
    core = _TURN.sub("", unit.core)
    found = trailing_credit(core)
    if found:
        start, credit = found
        core = core[:start].rstrip()
        unit.closes = True
        if unit.credit is None:
            unit.credit = credit
        else:
            unit.credit.reporters += [r for r in credit.reporters if r not in unit.credit.reporters]
            unit.credit.source = unit.credit.source or credit.source
    unit.text, unit.core = text, core
    return unit
