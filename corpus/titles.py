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

from dataclasses import dataclass

from corpus.headlines import is_list_entry, is_name_tag
from corpus.paragraphs import COLUMN
from corpus.segment import Segment, Slot
from corpus.similarity import containment
from corpus.units import BODY, BRIEF, DECK, HEAD, Unit

ACCEPT = 0.35  # a headline unit needs this score to belong to an item
NEAR_SIDE = 0.3  # bonus for the side the layout prints headlines on, next to the text
FAR_SIDE = 0.05
LIST_TITLE = 0.4  # a boxed list takes the headline units just above it
MIN_LIST = 4
MAX_SEARCH = 9  # longer runs are assigned unit by unit


@dataclass
class _Candidate:
    segment: Segment
    prior: float
    after_run: bool  # the segment follows the run (its headline is printed above it)

    def score(self, unit: Unit) -> float:
        if self.segment.kind == "brief" and self.after_run:
            return LIST_TITLE
        return containment(unit.text, self.segment.text()) + self.prior


def attach_headlines(slots: list[Slot], layout: str, page_text: str) -> list[Segment]:
    """Assign every loose headline unit; return all segments (captions and lists included)."""
    slots = _extract_lists(slots, page_text)
    extra: list[Segment] = []
    i = 0
    while i < len(slots):
        if isinstance(slots[i], Segment):
            i += 1
            continue
        j = i
        while j < len(slots) and not isinstance(slots[j], Segment):
            j += 1
        run = [u for u in slots[i:j] if not is_name_tag(u.text, page_text)]
        candidates = _candidates(slots, i, j, layout)
        leftovers = _assign(run, candidates, layout)
        extra += _captions(leftovers, layout, page_first=(i == 0))
        i = j
    segments = [s for s in slots if isinstance(s, Segment)] + extra
    return segments


def _candidates(slots: list[Slot], i: int, j: int, layout: str) -> list[_Candidate]:
    before = [s for s in slots[:i] if isinstance(s, Segment)]
    after = slots[j] if j < len(slots) else None
    near_before = NEAR_SIDE if layout == COLUMN else 0.0
    result = []
    # Column pages may print a headline below the next article too.
    for k, segment in enumerate(reversed(before[-2:] if layout == COLUMN else before[-1:])):
        if _can_take_title(segment):
            result.append(_Candidate(segment, near_before if k == 0 else 0.0, False))
    if isinstance(after, Segment) and _can_take_title(after):
        result.append(_Candidate(after, NEAR_SIDE if layout != COLUMN else FAR_SIDE, True))
    return result


def _can_take_title(segment: Segment) -> bool:
    if segment.heads or segment.continuation:
        return False
    return not any(u.kind == BRIEF for u in segment.units)


def _assign(run: list[Unit], candidates: list[_Candidate], layout: str) -> list[Unit]:
    """Give blocks of the run to candidates; return the units nobody took."""
    if not run:
        return []
    scores = [[c.score(u) for c in candidates] for u in run]
    if len(run) <= MAX_SEARCH:
        labels = _best_labels(run, candidates, scores, layout)
    else:
        labels = [max(range(len(candidates)), key=lambda c: s[c], default=None) for s in scores]
        labels = [c if c is not None and scores[k][c] >= ACCEPT else None for k, c in enumerate(labels)]
    for unit, label in zip(run, labels):
        if label is not None:
            candidates[label].segment.heads.append(unit)
    return [u for u, label in zip(run, labels) if label is None]


def _best_labels(run, candidates, scores, layout) -> list[int | None]:
    """Exhaustive search over contiguous, ordered block assignments."""
    best: tuple[float, list[int | None]] = (0.0, [None] * len(run))

    def walk(k: int, labels: list[int | None], used: set[int], total: float) -> None:
        nonlocal best
        if k == len(run):
            if total > best[0] + 1e-9:
                best = (total, list(labels))
            return
        options: list[int | None] = [None]
        previous = labels[-1] if labels else None
        frame_break = layout != COLUMN and run[k].gap_before >= 2
        if previous is not None and not frame_break:
            options.append(previous)
        for c in range(len(candidates)):
            if c in used or (any(candidates[u].after_run for u in used) and not candidates[c].after_run):
                continue
            options.append(c)
        for option in options:
            ok = option is None or (scores[k][option] >= ACCEPT or run[k].kind == DECK)
            if not ok:
                continue
            walk(k + 1, labels + [option], used | ({option} if option is not None else set()),
                 total + (scores[k][option] if option is not None else 0.0))

    walk(0, [], set(), 0.0)
    return best[1]


def _captions(leftovers: list[Unit], layout: str, page_first: bool) -> list[Segment]:
    """Leftover headline units in a frame of their own are photo captions (paragraph layout)."""
    result: list[Segment] = []
    for index, unit in enumerate(leftovers):
        if layout == COLUMN or unit.kind != HEAD or unit.gap_before < 2 or (page_first and index == 0):
            continue
        unit.notes.add("caption")
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
