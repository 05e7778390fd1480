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

from corpus.extract.credits import Credit
from corpus.extract.gazetteer import DISTRICTS
from corpus.pages.headlines import is_name_tag
from corpus.pages.paragraphs import COLUMN
from corpus.pages.similarity import containment
from corpus.pages.units import BODY, BRIEF, BYLINE, CAPTION, CONTINUED, CREDIT, DATELINE, DECK, HEAD, Unit

# A photo caption is at most this many paragraphs, and characters, between headline and credit.
CAPTION_PARAGRAPHS = 3
CAPTION_CHARS = 400
MIN_CAPTION_CHARS = 8  # shorter loose lines are labels (`政务简报`), not captions
# A caption shares little wording with the article printed above it; a last section shares much.
CAPTION_CONTINUITY = 0.3
# In the column layout, a headline sharing this little with the text after it, and this
# much more with the text before, closes the text before (the next item has no dateline).
UNRELATED = 0.12
CLOSING_MARGIN = 0.4
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
    extra_credits: list[Credit] = field(default_factory=list)  # from a block of credits elsewhere
    block_units: list[Unit] = field(default_factory=list)  # the units those credits were printed in

    @property
    def continuation(self) -> bool:
        """Does the segment open with （上接N版）?"""
        return bool(self.units) and self.units[0].kind == CONTINUED

    def text(self) -> str:
        """The segment's running text, for comparing headlines with it."""
        return "\n".join(u.text for u in self.units if u.kind in (BODY, DATELINE, BRIEF, CONTINUED, CAPTION))


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
        if unit.kind == CAPTION or _in_credit_block(units, i):
            if unit.kind != CAPTION and current is not None and current.kind == "credits":
                current.units.append(unit)
                continue
            kind = "photo" if unit.kind == CAPTION else "credits"
            current = Segment([unit], closed=True, photo=unit.kind == CAPTION, kind=kind)
            slots.append(current)
            continue
        if _opens(unit, nxt, current) or current is None or current.closed:
            current = Segment()
            slots.append(current)
        current.units.append(unit)
        if unit.kind == CREDIT:
            current.closed = current.photo = True
        elif unit.kind == BYLINE and "leading" not in unit.notes and _closes_above(nxt):
            current.closed = True
        elif unit.closes or unit.kind == BRIEF:
            current.closed = True
    return _release_trailing_heads(slots)


def _in_credit_block(units: list[Unit], i: int) -> bool:
    """Bylines printed one under another (a roundup page's credits), not one article's byline."""
    if units[i].kind != BYLINE or "leading" in units[i].notes:
        return False
    neighbours = units[max(0, i - 1): i] + units[i + 1: i + 2]
    return any(u.kind == BYLINE and "leading" not in u.notes for u in neighbours)


def _opens(unit: Unit, nxt: Unit | None, current: Segment | None) -> bool:
    if unit.kind in _STARTS:
        return True
    if unit.kind == BYLINE:
        # ■-marked, or followed by text while nothing is open: a byline above its article.
        return "leading" in unit.notes or (
            nxt is not None and nxt.kind == BODY and (current is None or current.closed or not _has_body(current)))
    return False


def _closes_above(nxt: Unit | None) -> bool:
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
        elif is_loose_caption(unit, layout) and containment(unit.text, text) < CAPTION_SIM:
            unit.notes.add("caption")
        else:
            rest.append(unit)
    return rest


def is_loose_caption(unit: Unit, layout: str) -> bool:
    """Shaped like an uncredited caption: its own frame on a paragraph-layout page, caption-long."""
    return (layout != COLUMN and unit.kind == HEAD and unit.gap_before >= 2
            and len(unit.text) >= MIN_CAPTION_CHARS)


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
    if segment.photo and not after_heads and _caption_sized(body_after, before):
        return True  # headline + caption + credit: a photo, not the end of this article
    if layout != COLUMN:
        return bool(_DISTRICT_LEAD.match(group[0].text)) and len(group[0].text) > 4
    before_sim = containment(text, "\n".join(u.text for u in before))
    after_sim = containment(text, "\n".join(u.text for u in _section(after)))
    return before_sim >= after_sim + CLOSING_MARGIN and after_sim < UNRELATED


def _caption_sized(caption: list[Unit], before: list[Unit]) -> bool:
    """Short, and about something else than the text above: a photo's caption, not a last section."""
    if len(caption) > CAPTION_PARAGRAPHS or sum(len(u.text) for u in caption) > CAPTION_CHARS:
        return False
    above = "\n".join(u.text for u in before if u.kind in (BODY, DATELINE))
    return containment("\n".join(u.text for u in caption), above) < CAPTION_CONTINUITY


def _section(units: list[Unit]) -> list[Unit]:
    """The text a subhead would head: up to the next headline."""
    result = []
    for unit in units:
        if unit.kind in (HEAD, DECK):
            break
        result.append(unit)
    return result
