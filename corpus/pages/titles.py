"""Give loose headline units to the items they head; what's left is a caption, a list or furniture.

Column pages print a headline after its article, sometimes below the next
article (`大足区政协 / 开展文旅…调研 / 大足区生态文明建设稳中有进 / 水环境…`
heads two articles, in the opposite order). So each run of loose headline
units is cut into contiguous blocks, and each block given to at most one
nearby item, choosing the cut that best matches wording — with a bonus for
the side the layout puts headlines on. Units that match nothing are column
labels and page furniture, or, in a frame of their own, photo captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus.files.limits import NO_DEADLINE, Deadline
from corpus.pages.headlines import is_list_entry, is_name_tag
from corpus.pages.inner_heads import FRAME_GAP, is_loose_caption
from corpus.pages.paragraphs import COLUMN
from corpus.pages.segment import Segment, Slot
from corpus.pages.similarity import containment
from corpus.pages.units import BODY, BRIEF, BYLINE, CAPTION, DATELINE, DECK, Unit

ACCEPT = 0.35  # a headline unit needs this score to belong to an item
MIN_SIM = 0.25  # … and must share at least this much wording with it, whatever its position
NEAR_SIDE = 0.3  # bonus for the side the layout prints headlines on, next to the text
FAR_SIDE = 0.05
LIST_TITLE = 0.4  # a boxed list takes the headline units just above it
MIN_LIST = 4
# Column pages print headlines above their text or after it, so wording decides: a headline repeats its
# own story's words, its lead's above all (right for ~97% of headlines between two stories on a national
# daily's pages, against ~92% for a fixed preferred side). The sides only break ties.
LEAD_CHARS = 120
MIN_FIT = 0.25
COLUMN_BEFORE = 0.02  # the item above the run (its headline printed after it)
COLUMN_AFTER = 0.03  # the item below the run
COLUMN_UNDER = 0.1  # … with a byline right under the run


@dataclass
class _Candidate:
    segment: Segment
    prior: float
    after_run: bool  # the segment follows the run (its headline is printed above it)
    column: bool = False  # column layout: scored by wording (`_column_score`)

    @property
    def accept(self) -> float:
        """The score an atom needs to go to this candidate."""
        return MIN_FIT if self.column else ACCEPT

    def score(self, atom: list[Unit], adjacent: bool, framed: bool = False) -> float:
        """How well a headline atom fits this segment (0 if it must not go there).

        `framed`: printed in one frame with the segment's text (paragraph layout), so it belongs to it.
        """
        if self.segment.kind == "brief" and self.after_run:
            return LIST_TITLE
        text = "".join(u.text for u in atom)
        if self.column:
            return self._column_score(text, adjacent)
        sim = containment(text, self.segment.text())
        if framed and self.prior >= NEAR_SIDE:
            return max(sim + self.prior, ACCEPT)
        # Right next to its text, on the layout's side, a headline needs no shared wording.
        if sim < MIN_SIM and not (adjacent and self.prior >= NEAR_SIDE):
            return 0.0
        return sim + self.prior

    def _column_score(self, text: str, adjacent: bool) -> float:
        """Wording shared with the whole text and with its lead, plus the side's tie-breaker."""
        fit = containment(text, self.segment.text()) + containment(text, _lead(self.segment))
        if fit < MIN_FIT and not adjacent:
            return 0.0
        return fit + self.prior


def _lead(segment: Segment) -> str:
    """The opening of the segment's news text (after its dateline): what a headline sums up."""
    first = next((u for u in segment.units if u.kind in (BODY, DATELINE, BRIEF, CAPTION)), None)
    return first.core[:LEAD_CHARS] if first else ""


def attach_headlines(slots: list[Slot], layout: str, page_text: str,
                     deadline: Deadline = NO_DEADLINE) -> list[Segment]:
    """Assign every loose headline unit; return all segments (captions and lists included)."""
    slots = _extract_lists(slots, page_text)
    extra: list[Segment] = []
    unclaimed: list[tuple[list[Unit], Segment]] = []  # leftover headlines right above an item
    i = 0
    while i < len(slots):
        deadline.check()
        if isinstance(slots[i], Segment):
            i += 1
            continue
        j = i
        while j < len(slots) and not isinstance(slots[j], Segment):
            j += 1
        run = [u for u in slots[i:j] if not is_name_tag(u.text, page_text) and "folio" not in u.notes]
        candidates = _candidates(slots, i, j, layout)
        leftovers = _assign(run, candidates, layout)
        captions = _captions(leftovers, layout, page_first=slots[0] if i == 0 else None)
        extra += captions
        after = slots[j] if j < len(slots) else None
        if isinstance(after, Segment) and leftovers and leftovers[-1] is run[-1] and not captions:
            unclaimed.append((_adjacent_tail(leftovers), after))
        i = j
    for heads, segment in unclaimed:
        if not segment.heads and _can_take_title(segment) and segment.kind == "article":
            segment.heads += heads  # no headline of its own anywhere: the one printed right above it
        elif is_column_label(heads, segment):
            _label_column(heads, segment, slots)
    segments = [s for s in slots if isinstance(s, Segment)] + extra
    return segments


# `简讯`, `政务简报`, `区县快讯`: the name of a column of short items.
_COLUMN_NAME = re.compile(r"(?:简讯|快讯|短讯|简报|速递|动态|集萃|一句话新闻|要闻)$")
MAX_LABEL = 12


def is_column_label(heads: list[Unit], segment: Segment) -> bool:
    """A short label nobody took as a headline, over briefs or named like a column of them."""
    text = "".join(u.text for u in heads)
    if len(text) > MAX_LABEL:
        return False
    return bool(_COLUMN_NAME.search(text)) or any(u.kind == BRIEF for u in segment.units)


def _label_column(heads: list[Unit], first: Segment, slots: list[Slot]) -> None:
    """The label names the items printed under it, up to the next headline."""
    label = "".join(u.text for u in heads)
    start = next(k for k, slot in enumerate(slots) if slot is first)
    for slot in slots[start:]:
        if not isinstance(slot, Segment) or (slot is not first and slot.heads):
            break
        slot.label = label
    first.block_units += heads  # printed for these items: counted in them, not as furniture


def _adjacent_tail(leftovers: list[Unit]) -> list[Unit]:
    """The last headline atom of the units nobody took: what is printed right above the next item."""
    return atoms_of(leftovers)[-1]


def _candidates(slots: list[Slot], i: int, j: int, layout: str) -> list[_Candidate]:
    before = _last_segments(slots, i, 2)
    after = slots[j] if j < len(slots) else None
    column = layout == COLUMN
    result = []
    # Column pages may print a headline below the next article too.
    for k, segment in enumerate(reversed(before[-2:] if column else before[-1:])):
        if _can_take_title(segment):
            result.append(_Candidate(segment, COLUMN_BEFORE if column and k == 0 else 0.0, False, column))
    if isinstance(after, Segment) and _can_take_title(after):
        # A byline right under the run says the headline is printed above its article.
        under = bool(after.units) and after.units[0].kind == BYLINE
        if column:
            result.append(_Candidate(after, COLUMN_UNDER if under else COLUMN_AFTER, True, True))
        else:
            result.append(_Candidate(after, NEAR_SIDE, True))
    return result


def _last_segments(slots: list[Slot], i: int, count: int) -> list[Segment]:
    """The last `count` segments before slot i, in page order (walking back, not scanning the page)."""
    found: list[Segment] = []
    k = i - 1
    while k >= 0 and len(found) < count:
        if isinstance(slots[k], Segment):
            found.insert(0, slots[k])
        k -= 1
    return found


def _can_take_title(segment: Segment) -> bool:
    if segment.heads or segment.continuation:
        return False
    return not any(u.kind == BRIEF for u in segment.units)


def atoms_of(run: list[Unit]) -> list[list[Unit]]:
    """Units that can't be parted: a kicker ending `——` or `：` goes with the deck after it."""
    atoms: list[list[Unit]] = []
    for unit in run:
        if atoms and atoms[-1][-1].text.endswith(("——", "—", "：", ":")):
            atoms[-1].append(unit)
        else:
            atoms.append([unit])
    return atoms


def _assign(run: list[Unit], candidates: list[_Candidate], layout: str) -> list[Unit]:
    """Give blocks of the run to candidates; return the units nobody took."""
    atoms = atoms_of(run)
    if not atoms:
        return []
    last = len(atoms) - 1
    framed = _frame_over_text(atoms, layout)
    scores = [[c.score(atom, adjacent=(k == last) if c.after_run else (k == 0), framed=c.after_run and k >= framed)
               for c in candidates] for k, atom in enumerate(atoms)]
    labels = _best_labels(atoms, candidates, scores, layout)
    leftovers = []
    for atom, label in zip(atoms, labels):
        if label is None:
            leftovers += atom
        else:
            candidates[label].segment.heads += atom
    return leftovers


def _frame_over_text(atoms: list[list[Unit]], layout: str) -> int:
    """Index of the first atom printed in one frame with the text below the run (paragraph layout).

    `明天气象预报（…）` / `天气趋势分析` / text: a headline and its deck, one frame over their text.
    """
    if layout == COLUMN:
        return len(atoms)
    top = len(atoms) - 1
    while top > 0 and atoms[top][0].gap_before < FRAME_GAP:
        top -= 1
    return top


def _best_labels(atoms, candidates, scores, layout) -> list[int | None]:
    """Best contiguous, ordered assignment of atoms to candidates (dynamic programming).

    Each candidate takes one unbroken block; blocks for segments after the run
    come after blocks for segments before it; a frame gap breaks a block.
    """
    @lru_cache(maxsize=None)
    def best(k: int, previous: int | None, used: frozenset[int]) -> tuple[float, tuple]:
        if k == len(atoms):
            return 0.0, ()
        frame_break = layout != COLUMN and atoms[k][0].gap_before >= FRAME_GAP
        after_used = any(candidates[u].after_run for u in used)
        options: list[int | None] = [None]
        if previous is not None and not frame_break:
            options.append(previous)
        options += [c for c in range(len(candidates))
                    if c not in used and (candidates[c].after_run or not after_used)]
        result = (-1.0, ())
        for option in options:
            if option is not None and scores[k][option] < candidates[option].accept and atoms[k][0].kind != DECK:
                continue
            gain = scores[k][option] if option is not None else 0.0
            rest, labels = best(k + 1, option, used | {option} if option is not None else used)
            if gain + rest > result[0] + 1e-9:
                result = (gain + rest, (option, *labels))
        return result

    return list(best(0, None, frozenset())[1])


def _captions(leftovers: list[Unit], layout: str, page_first: Slot | None) -> list[Segment]:
    """Leftover headline units in a frame of their own are photo captions (paragraph layout)."""
    result: list[Segment] = []
    for unit in leftovers:
        if not is_loose_caption(unit, layout) or unit is page_first:
            continue
        result.append(caption_segment(unit))
    return result


def caption_segment(unit: Unit) -> Segment:
    """A photo item made of a caption printed without credit or headline."""
    unit.kind = BODY
    return Segment([unit], closed=True, photo=True, kind="photo")


def _extract_lists(slots: list[Slot], page_text: str) -> list[Slot]:
    """Runs of four or more short list entries become one brief (the boxed sidebar list)."""
    result: list[Slot] = []
    i = 0
    while i < len(slots):
        j = i
        while (j < len(slots) and isinstance(slots[j], Unit) and len(slots[j].lines) == 1
               and is_list_entry(slots[j].text) and not is_name_tag(slots[j].text, page_text)):
            j += 1
        if j - i >= MIN_LIST:
            entries = slots[i:j]
            for unit in entries:
                unit.kind = BODY
                unit.notes.add("entry")
            result.append(Segment(list(entries), closed=True, kind="brief"))
            i = j
        else:
            result.append(slots[i])
            i += 1
    return result
