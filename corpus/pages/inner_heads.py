"""Headline-shaped units inside a run of text: a subhead, a caption, or where one item ends.

A headline between two stretches of text is a new item's headline (or the
last one's, printed after it) when the evidence says an item ended there: a
frame of blank lines above it (paragraph layout), a caption and credit after
it, a headline that names a district on a roundup page, one that plainly sums
up the text before it rather than after it, or text on either side that
shares almost no wording (a new topic). Otherwise it is a subhead.
"""

from __future__ import annotations

import re

from corpus.extract.gazetteer import DISTRICTS
from corpus.pages.headlines import is_name_tag
from corpus.pages.paragraphs import COLUMN
from corpus.pages.segment import Segment, Slot
from corpus.pages.similarity import containment, share
from corpus.pages.units import BODY, DATELINE, DECK, HEAD, Unit

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
# Text on the two sides of a headline sharing less than this is two stories (sections of one
# story share ~0.13 of their bigrams, neighbouring stories ~0.03: measured on a national daily).
NEW_TOPIC = 0.04
TOPIC_PARAGRAPHS = 3
OPENS_BELOW = 0.6  # a headline repeats this much of the story below it …
MIN_HEADLINE = 8  # … and is this long (subheads are short phrases: 解决新矛盾)
RELATED_TOPIC = 0.1  # sections of one story share more than this
SERIES_ECHO = 0.15  # a subhead repeats some wording of the story above it; a new headline none
SERIES = 2  # an article with this many other one-line subheads has sections, not neighbours
FRAME_GAP = 2  # blank lines above a headline that starts a new frame (paragraph layout)
_DISTRICT_LEAD = re.compile(
    "^(?:" + "|".join(sorted({d.short for d in DISTRICTS} | {d.name for d in DISTRICTS}, key=len, reverse=True))
    + r")(?:\s|：|:)")


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
        # A frame over a change of subject heads the next story (`明天气象预报（…）` / `天气趋势分析` / text):
        # a caption floats inside the story it illustrates.
        captions = not (layout != COLUMN and group[0].gap_before >= FRAME_GAP and _new_topic(before, after))
        group = _set_aside(group, segment, layout, page_text, captions)
        if not group:
            continue
        if _is_new_item(group, before, after, segment, layout):
            # The part above keeps how the segment began (a soft start still rejoins the item above it).
            first = Segment(before, soft=segment.soft)
            rest = Segment(after, closed=segment.closed, ended=segment.ended, photo=segment.photo)
            return [first, *group, *_split_segment(rest, layout, page_text)]
        for unit in group:
            unit.notes.add("subhead")
    return [segment]


def _set_aside(group: list[Unit], segment: Segment, layout: str, page_text: str, captions: bool = True) -> list[Unit]:
    """Mark headshot name tags and (paragraph layout) uncredited photo captions; return the rest.

    A caption without a credit looks like a headline; what gives it away is
    that it floats in its own frame (two or more blank lines above it) and
    shares almost no wording with the text around it.
    """
    rest = []
    text = segment.text()
    for unit in group:
        if "folio" in unit.notes:
            continue
        if is_name_tag(unit.text, page_text):
            unit.notes.add("nametag")
        elif captions and is_loose_caption(unit, layout) and containment(unit.text, text) < CAPTION_SIM:
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
    before_sim = containment(text, "\n".join(u.core for u in before))
    after_sim = containment(text, "\n".join(u.core for u in _section(after)))
    # Two stories — unless the headline is one of a series of subheads that echo the story so far.
    if _new_topic(before, after) and not (_subhead_series(segment, group) and before_sim >= SERIES_ECHO):
        return True
    if layout != COLUMN:
        if group[0].gap_before >= FRAME_GAP and _section(after):
            return True  # a headline in a frame of its own, over text (uncredited captions are set aside)
        return bool(_DISTRICT_LEAD.match(group[0].text)) and len(group[0].text) > 4
    if before_sim >= after_sim + CLOSING_MARGIN and after_sim < UNRELATED:
        return True  # it sums up the text above: that story's headline, printed after it
    # It sums up the text below and nothing above, over a change of subject: the next story's headline.
    return (after_sim >= OPENS_BELOW and before_sim <= UNRELATED and len(text) >= MIN_HEADLINE
            and _topic_share(before, after) < RELATED_TOPIC)


def _subhead_series(segment: Segment, group: list[Unit]) -> bool:
    """Other one-line headlines inside the same text: a story in sections, each with a subhead."""
    others = [units for start, end in _head_groups(segment.units)
              if (units := segment.units[start:end]) and units[0] is not group[0]]
    return sum(1 for units in others if len(units) == 1 and len(units[0].lines) == 1) >= SERIES


def _new_topic(before: list[Unit], after: list[Unit]) -> bool:
    """Do the paragraphs on the two sides of a headline tell different stories?"""
    return _topic_share(before, after) < NEW_TOPIC


def _topic_share(before: list[Unit], after: list[Unit]) -> float:
    """Wording shared by the paragraphs on the two sides of a headline (1.0: too little text to tell)."""
    above = [u.core for u in before if u.kind in (BODY, DATELINE)][-TOPIC_PARAGRAPHS:]
    below = [u.core for u in _section(after) if u.kind in (BODY, DATELINE)][:TOPIC_PARAGRAPHS]
    if sum(map(len, above)) < 60 or sum(map(len, below)) < 60:
        return 1.0
    return share("\n".join(above), "\n".join(below))


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
