"""Drop paragraphs that PDF extraction printed twice, keeping the copy that fits its article.

Extraction sometimes repeats a block (a text frame read twice), and the copy
may land inside a neighbouring article. Of two identical paragraphs, the one
whose article otherwise talks about the same things stays; the other goes, so
nothing is indexed twice.
"""

from __future__ import annotations

from collections import defaultdict

from corpus.pages.segment import Segment
from corpus.pages.similarity import containment, normalise
from corpus.pages.units import Unit

MIN_CHARS = 12  # short lines (`当天，` style fragments, list entries) may repeat legitimately


def drop_duplicates(segments: list[Segment], body_units) -> None:
    """Mark all but the best-fitting copy of each repeated paragraph as `duplicate`.

    Every text is normalised once and each article's remaining text built
    once, so a page of a thousand identical paragraphs stays linear.
    """
    units_of = {id(s): body_units(s) for s in segments}
    keys = {id(u): normalise(u.text) for s in segments for u in units_of[id(s)] + s.heads}
    copies: dict[str, list[tuple[Segment, Unit]]] = defaultdict(list)
    for segment in segments:
        for unit in units_of[id(segment)]:
            if len(keys[id(unit)]) >= MIN_CHARS:
                copies[keys[id(unit)]].append((segment, unit))
    repeated = {key: found for key, found in copies.items() if len(found) > 1}
    if not repeated:
        return
    rest: dict[int, str] = {}  # each article's text without repeated paragraphs
    for segment in segments:
        kept = [u.text for u in segment.heads + units_of[id(segment)] if keys[id(u)] not in repeated]
        rest[id(segment)] = "\n".join(kept)
    for found in repeated.values():
        fits = [(_fit(unit, rest[id(segment)]), -n) for n, (segment, unit) in enumerate(found)]
        keep = max(range(len(found)), key=fits.__getitem__)
        for n, (_, unit) in enumerate(found):
            if n != keep:
                unit.notes.add("duplicate")


def _fit(unit: Unit, rest: str) -> float:
    """How well a paragraph matches the rest of its article, other repeated text left out."""
    return containment(unit.text, rest) if rest else 0.0


def drop_empty(segments: list[Segment], body_units) -> list[Segment]:
    """Segments left with no text at all (a fully repeated block) are not items."""
    return [s for s in segments if any("duplicate" not in u.notes for u in body_units(s))]
