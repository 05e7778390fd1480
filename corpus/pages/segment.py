"""Typed units → segments: the runs of text that make up one item each, plus loose headlines.

Bylines with text under them (■-marked or not, a writer's name included),
（上接N版） and ● briefs open an item wherever they stand; photo credits,
closing bylines and `据…`/`（记者…）` credits end one. A dateline right after
running text, or text right after a closing credit, opens a *soft* item: two
stories printed without a headline between, or one roundup — it stays an
item only if it finds a headline of its own (`merge_untitled`). Headline
units between items float free (titles.py decides whose they are); those
inside a run of text are resolved by inner_heads.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.extract.credits import Credit
from corpus.extract.signatures import pen_name
from corpus.pages.headlines import is_name_tag
from corpus.pages.similarity import share
from corpus.pages.units import BODY, BRIEF, BYLINE, CAPTION, CONTINUED, CREDIT, DATELINE, DECK, HEAD, Unit


@dataclass
class Segment:
    """Units read as one item, before its headline is known."""

    units: list[Unit] = field(default_factory=list)
    closed: bool = False  # nothing more can join: a photo's credit, a brief
    ended: bool = False  # a closing credit: text right after it still joins (roundups print several)
    soft: bool = False  # opened by a dateline right after text: undone if it finds no headline
    photo: bool = False
    kind: str = "article"  # article | photo | brief
    heads: list[Unit] = field(default_factory=list)  # assigned later by titles.py
    extra_credits: list[Credit] = field(default_factory=list)  # from a block of credits elsewhere
    block_units: list[Unit] = field(default_factory=list)  # the units those credits were printed in
    label: str = ""  # the column it is printed under (`政务简报`), when the page names one

    @property
    def continuation(self) -> bool:
        """Does the segment open with （上接N版）?"""
        return bool(self.units) and self.units[0].kind == CONTINUED

    def text(self) -> str:
        """The segment's running text, for comparing headlines with it."""
        return "\n".join(u.text for u in self.units if u.kind in (BODY, DATELINE, BRIEF, CONTINUED, CAPTION))


Slot = Segment | Unit  # the page as a sequence of segments and loose headline units


def build_segments(units: list[Unit], layout: str, page_text: str = "") -> list[Slot]:
    """Group units into segments at hard boundaries; loose headlines stay between them."""
    mark_verse(units)
    mark_signatures(units, page_text)
    slots: list[Slot] = []
    current: Segment | None = None
    artworks = artwork_credits(units)
    titles = set(artworks.values())
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if i in titles:
            continue  # an artwork's title: it heads its credit's item (below)
        if i in artworks:
            current = Segment([unit], closed=True, photo=True, kind="photo", heads=[units[artworks[i]]])
            slots.append(current)
            continue
        if unit.kind in (HEAD, DECK):
            if current is None or current.closed or current.ended:
                slots.append(unit)
            else:
                current.units.append(unit)
            continue
        if unit.kind == CAPTION or _in_credit_block(units, i):
            if unit.kind != CAPTION and current is not None and current.kind == "credits":
                current.units.append(unit)
                continue
            kind = "photo" if unit.kind == CAPTION else "credits"
            current = Segment([unit], closed=True, photo=unit.kind == CAPTION, kind=kind)
            slots.append(current)
            continue
        if _continues(unit, current, slots):
            # After a closing credit, a dateline opens the next brief of a column of briefs; plain
            # text may be a new story or more of a roundup: its headline will tell.
            current = Segment(soft=unit.kind != DATELINE)
            slots.append(current)
        elif _opens(unit, units[i - 1] if i else None, units[i + 1:i + 4], current) or current is None \
                or current.closed or current.ended:
            current = Segment(soft=_soft_start(unit, current))
            slots.append(current)
        elif _photo_apart(unit, current):
            current = Segment(photo=True)
            slots.append(current)
        current.units.append(unit)
        _close(current, unit, nxt)
    return _release_trailing_heads(slots)


# `迎虎年（书法）`, `细语（中国画）`, `国泰民安（篆刻）`: the title of a reproduced work of art.
_ARTWORK = re.compile(r"[（(][\u4e00-\u9fff]{0,4}(?:画|书法|篆刻|剪纸|摄影|雕塑|木刻|刺绣|楹联|对联)[）)]$")


def artwork_credits(units: list[Unit]) -> dict[int, int]:
    """Index of a closing credit → index of the artwork title printed next to it (`迎虎年（书法）` / `（关山月）`).

    The credit names the artist, not the writer of the story above; the title is printed over the
    credit or, in a column, after it.
    """
    pairs: dict[int, int] = {}
    for i, unit in enumerate(units):
        if unit.kind != HEAD or not _ARTWORK.search(unit.text):
            continue
        for k in (i + 1, i - 1):
            if 0 <= k < len(units) and units[k].kind in (BYLINE, CREDIT) and "closing" in units[k].notes \
                    and k not in pairs:
                pairs[k] = i
                break
    return pairs


def _close(segment: Segment, unit: Unit, nxt: Unit | None) -> None:
    """A photo credit or a brief ends its item; a closing credit ends it unless text runs on."""
    if unit.kind == CREDIT:
        segment.ended = segment.photo = True
    elif unit.kind == BRIEF:
        segment.closed = True
    elif unit.kind == BYLINE and "leading" not in unit.notes and _has_body(segment) and (
            _closes_above(nxt) or "closing" in unit.notes):
        segment.ended = True
    elif unit.closes:
        segment.ended = True


PHOTO_TOPIC = 0.08  # a photo's caption shares less than this with the story above it: not that story's
TOPIC_CHARS = 60  # … judged on at least this much text above


def _photo_apart(unit: Unit, current: Segment) -> bool:
    """A captioned, credited photo after a story about something else is an item of its own.

    `…旅游年…巨变。` / `新年来临，冰城哈尔滨市儿童公园…（新华社记者周确摄）`: the caption tells
    another story than the text above; a story's own photo (`图为…`) tells the same one.
    """
    if unit.kind != BODY or not (unit.closes and unit.credit and unit.credit.photo) or not _has_body(current):
        return False
    above = "\n".join([u.core for u in current.units if u.kind in (BODY, DATELINE)][-3:])
    # Too little text above to tell its subject (a speech's date line): the photo stays with it.
    return len(above) >= TOPIC_CHARS and share(above, unit.core) < PHOTO_TOPIC


def _continues(unit: Unit, current: Segment | None, slots: list[Slot]) -> bool:
    """Text printed right after a closing credit, with no headline between: maybe the same item."""
    return (current is not None and current.ended and not current.closed and bool(slots)
            and slots[-1] is current and unit.kind in (BODY, DATELINE))


VERSE_LINES = 6  # a page prints no more headline lines than this in a row: more are verse (or a list)
VERSE_CHARS = 24


def mark_verse(units: list[Unit]) -> None:
    """A long run of short, headline-shaped lines is a poem's text: `黄土地上的蒲公英（外一首）` / `李瑛` /
    `归来的雁阵飞过渭水` / `陕北，蒲公英就开放了` / …

    A poem's title and the poet's name may open the run; the verse starts after the name. Without
    a poet, lines with commas say verse; a boxed list of names (`巴国城` / `紫薇路商业街`) has none.
    """
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and units[j].kind == HEAD and len(units[j].text) <= VERSE_CHARS \
                and "folio" not in units[j].notes:
            j += 1
        if j - i >= VERSE_LINES:
            poet = next((k for k in range(i, min(i + 3, j)) if units[k].signature or pen_name(units[k].text)), None)
            if poet is not None or sum(bool(_VERSE_MARKS.search(u.text)) for u in units[i:j]) >= 2:
                for unit in units[i if poet is None else poet + 1: j]:
                    unit.kind = BODY
                    unit.notes.add("verse")
        i = max(j, i + 1)


_VERSE_MARKS = re.compile(r"[，、；！？]|——")


def mark_signatures(units: list[Unit], page_text: str) -> None:
    """A writer's name on its own line over the text is the item's byline (`周德武`, `管见`).

    A surname-led name or a pen name (two or three rare characters) over text is a byline.
    """
    for i, unit in enumerate(units):
        # A headshot's name tag floats in a frame of blank lines; a byline sits on the text.
        if unit.kind != HEAD or (unit.gap_before >= 2 and is_name_tag(unit.text, page_text)):
            continue
        # The text may follow at once or under one subhead (`李琨` / `经济增长质量明显改善` / text).
        after = next((u for u in units[i + 1:i + 3] if u.kind not in (HEAD, DECK)), None)
        if after is None or after.kind not in (BODY, DATELINE):
            continue
        credit = unit.signature or pen_name(unit.text)
        if credit is not None:
            unit.kind, unit.credit = BYLINE, credit
            unit.notes.add("leading")


def _in_credit_block(units: list[Unit], i: int) -> bool:
    """Bylines printed one under another (a roundup page's credits), not one article's byline."""
    if units[i].kind != BYLINE or "leading" in units[i].notes:
        return False
    neighbours = units[max(0, i - 1): i] + units[i + 1: i + 2]
    return any(u.kind == BYLINE and "leading" not in u.notes for u in neighbours)


def _opens(unit: Unit, prev: Unit | None, following: list[Unit], current: Segment | None) -> bool:
    """Does this unit start a new item? A dateline right after text opens a soft one (see below)."""
    if unit.kind in (CONTINUED, BRIEF):
        return True
    if unit.kind == DATELINE:
        return current is None or _has_body(current) or not _has_byline(current)
    if unit.kind == BYLINE:
        # A byline with text under it opens an item wherever it stands (■-marked or not); so does
        # one right under a headline, with a subhead between it and the text.
        nxt = following[0] if following else None
        text_next = nxt is not None and nxt.kind in (BODY, DATELINE)
        under_head = prev is not None and prev.kind in (HEAD, DECK) and _text_after_heads(following)
        opens = "leading" in unit.notes or text_next or under_head
        return opens and "closing" not in unit.notes and (current is None or _has_body(current))
    return False


def _text_after_heads(following: list[Unit]) -> bool:
    for unit in following:
        if unit.kind not in (HEAD, DECK):
            return unit.kind in (BODY, DATELINE)
    return False


def _soft_start(unit: Unit, current: Segment | None) -> bool:
    """A dateline right after running text: two stories printed together, or one roundup."""
    return (unit.kind == DATELINE and current is not None and bool(current.units)
            and current.units[-1].kind in (BODY, DATELINE) and not current.ended and not current.closed)


def merge_untitled(segments: list[Segment]) -> list[Segment]:
    """Undo dateline splits that found no headline: a roundup prints several datelines under one.

    A soft segment without a headline joins the item printed right before it;
    one with a headline takes in an untitled item right before it (a headline
    printed after a roundup). Items are contiguous when no unit lies between them.
    """
    merged: set[int] = set()
    ordered = sorted((s for s in segments if s.units), key=lambda s: s.units[0].index)
    ending_at = {s.units[-1].index: s for s in ordered}  # the item whose last unit is at each index
    for segment in ordered:
        if not segment.soft or id(segment) in merged:
            continue
        before = ending_at.get(segment.units[0].index - 1)
        if before is None or id(before) in merged or before.kind != "article" or before.continuation:
            continue
        if not segment.heads:
            before.units += segment.units
            before.extra_credits += segment.extra_credits
            merged.add(id(segment))
            ending_at[before.units[-1].index] = before
        elif not before.heads:
            segment.units[:0] = before.units
            merged.add(id(before))
    return [s for s in segments if id(s) not in merged]


def _closes_above(nxt: Unit | None) -> bool:
    """A byline followed by anything but running text closes the article above it."""
    return nxt is None or nxt.kind not in (BODY, DATELINE)


def _has_body(segment: Segment) -> bool:
    return any(u.kind in (BODY, DATELINE) for u in segment.units)


def _has_byline(segment: Segment) -> bool:
    return any(u.kind == BYLINE for u in segment.units)


def _release_trailing_heads(slots: list[Slot]) -> list[Slot]:
    """Headline units at the end of a segment float free: they may belong to either side."""
    result: list[Slot] = []
    for slot in slots:
        result.append(slot)
        if isinstance(slot, Segment):
            tail = []
            while slot.units and slot.units[-1].kind in (HEAD, DECK):
                tail.insert(0, slot.units.pop())
            result.extend(tail)
    return [s for s in result if not (isinstance(s, Segment) and not s.units)]
