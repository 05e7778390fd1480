"""Typed units → segments: the runs of text that make up one item each, plus loose headlines.

Hard boundaries come first: datelines, ■ bylines, （上接N版） and ● briefs
open an item; photo credits, closing bylines and `据…`/`（记者…）` credits end
one. Headline-shaped units between two items float free (titles.py decides
whose headline they are). Headline-shaped units *inside* a run are subheads,
unless the evidence says an item ended there without a dateline — a photo
caption after it, a headline that names a district in a roundup page, or one
that plainly sums up the text before it rather than after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.gazetteer import DISTRICTS
from corpus.headlines import is_name_tag
from corpus.paragraphs import COLUMN
from corpus.similarity import containment
from corpus.units import BODY, BRIEF, BYLINE, CONTINUED, CREDIT, DATELINE, DECK, HEAD, TABLE, Unit

# A photo caption is at most this many paragraphs between its headline and its credit.
CAPTION_PARAGRAPHS = 3
# In the column layout, a headline this much closer to the text before it closes that text.
CLOSING_MARGIN = 0.25
CAPTION_SIM = 0.35
_DISTRICT_LEAD = re.compile(
    "^(?:" + "|".join(sorted({d.short for d in DISTRICTS} | {d.name for d in DISTRICTS}, key=len, reverse=True))
    + r")(?:\s|：|:)")
_STARTS = (DATELINE, CONTINUED, BRIEF)


@dataclass
class Segment:
    """Units read as one item, before its headline is known."""

    units: list[Unit] = field(default_factory=list)
    closed: bool = False
    photo: bool = False
    kind: str = "article"  # article | photo | brief
    heads: list[Unit] = field(default_factory=list)  # assigned later by titles.py

    @property
    def continuation(self) -> bool:
        return bool(self.units) and self.units[0].kind == CONTINUED

    def text(self) -> str:
        """The segment's running text, for comparing headlines with it."""
        return "\n".join(u.text for u in self.units if u.kind in (BODY, DATELINE, BRIEF, CONTINUED))


Slot = Segment | Unit  # the page as a sequence of segments and loose headline units


def build_segments(units: list[Unit], layout: str) -> list[Slot]:
    """Group units into segments at hard boundaries; loose headlines stay between them."""
    slots: list[Slot] = []
    current: Segment | None = None
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if unit.kind in (HEAD, DECK):
            if current is None or current.closed:
                slots.append(unit)
            else:
                current.units.append(unit)
            continue
        if _opens(unit, nxt, current) or current is None or current.closed:
            current = Segment()
            slots.append(current)
        current.units.append(unit)
        if unit.kind == CREDIT:
            current.closed = current.photo = True
        elif unit.kind == BYLINE and "leading" not in unit.notes and nxt_is_not_body(nxt):
            current.closed = True
        elif unit.closes or unit.kind == BRIEF:
            current.closed = True
    return _release_trailing_heads(slots)


def _opens(unit: Unit, nxt: Unit | None, current: Segment | None) -> bool:
    if unit.kind in _STARTS:
        return True
    if unit.kind == BYLINE:
        # ■-marked, or followed by text while nothing is open: a byline above its article.
        return "leading" in unit.notes or (
            nxt is not None and nxt.kind == BODY and (current is None or current.closed or not _has_body(current)))
    return False


def nxt_is_not_body(nxt: Unit | None) -> bool:
    """A byline followed by anything but running text closes the article above it."""
    return nxt is None or nxt.kind != BODY


def _has_body(segment: Segment) -> bool:
    return any(u.kind in (BODY, DATELINE) for u in segment.units)


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


def resolve_inner_heads(slots: list[Slot], layout: str, page_text: str) -> list[Slot]:
    """Decide for each headline inside a segment: subhead, caption, or the start of a new item."""
    result: list[Slot] = []
    for slot in slots:
        if isinstance(slot, Segment):
            result.extend(_split_segment(slot, layout, page_text))
        else:
            result.append(slot)
    return result


def _split_segment(segment: Segment, layout: str, page_text: str) -> list[Slot]:
    units = segment.units
    for start, end in _head_groups(units):
        group, before, after = units[start:end], units[:start], units[end:]
        group = _set_aside(group, segment, layout, page_text)
        if not group:
            continue
        if _is_new_item(group, before, after, segment, layout):
            first = Segment(before)
            rest = Segment(after, closed=segment.closed, photo=segment.photo)
            return [first, *group, *_split_segment(rest, layout, page_text)]
        for unit in group:
            unit.notes.add("subhead")
    return [segment]


def _set_aside(group: list[Unit], segment: Segment, layout: str, page_text: str) -> list[Unit]:
    """Mark headshot name tags and (paragraph layout) uncredited photo captions; return the rest.

    A caption without a credit looks like a headline; what gives it away is
    that it floats in its own frame (two or more blank lines above it) and
    shares almost no wording with the text around it.
    """
    rest = []
    text = segment.text()
    for unit in group:
        if is_name_tag(unit.text, page_text):
            unit.notes.add("nametag")
        elif (layout != COLUMN and unit.kind == HEAD and unit.gap_before >= 2
              and containment(unit.text, text) < CAPTION_SIM):
            unit.notes.add("caption")
        else:
            rest.append(unit)
    return rest


def _head_groups(units: list[Unit]) -> list[tuple[int, int]]:
    """(start, end) of each run of headline units with running text on both sides."""
    groups, i = [], 0
    while i < len(units):
        if units[i].kind in (HEAD, DECK) and i > 0:
            j = i
            while j < len(units) and units[j].kind in (HEAD, DECK):
                j += 1
            if j < len(units):
                groups.append((i, j))
            i = j
        else:
            i += 1
    return groups


def _is_new_item(group: list[Unit], before: list[Unit], after: list[Unit], segment: Segment,
                 layout: str) -> bool:
    text = "\n".join(u.text for u in group)
    after_heads = any(u.kind == HEAD for u in after)
    body_after = [u for u in after if u.kind in (BODY, DATELINE)]
    if segment.photo and not after_heads and len(body_after) <= CAPTION_PARAGRAPHS:
        return True  # headline + caption + credit: a photo, not the end of this article
    if layout != COLUMN:
        return bool(_DISTRICT_LEAD.match(group[0].text)) and len(group[0].text) > 4
    before_sim = containment(text, "\n".join(u.text for u in before))
    after_sim = containment(text, "\n".join(u.text for u in _section(after)))
    return before_sim >= after_sim + CLOSING_MARGIN and after_sim < CAPTION_SIM


def _section(units: list[Unit]) -> list[Unit]:
    """The text a subhead would head: up to the next headline."""
    result = []
    for unit in units:
        if unit.kind in (HEAD, DECK):
            break
        result.append(unit)
    return result


def table_credit_units(segment: Segment) -> list[Unit]:
    """Table rows that name a reporter (主持人	新重庆-重庆日报记者	夏元)."""
    return [u for u in segment.units if u.kind == TABLE and u.credit]


def byline_units(segment: Segment) -> list[Unit]:
    """Units whose credit names this segment's reporters."""
    return [u for u in segment.units if u.kind in (BYLINE, CREDIT, DATELINE, BRIEF, BODY) and u.credit]
