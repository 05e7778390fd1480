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
    """Mark all but the best-fitting copy of each repeated paragraph as `duplicate`."""
    copies: dict[str, list[tuple[Segment, Unit]]] = defaultdict(list)
    for segment in segments:
        for unit in body_units(segment):
            key = normalise(unit.text)
            if len(key) >= MIN_CHARS:
                copies[key].append((segment, unit))
    repeated = {key: found for key, found in copies.items() if len(found) > 1}
    if not repeated:
        return
    for key, found in repeated.items():
        keep = max(found, key=lambda pair: (_fit(pair, repeated, body_units), -found.index(pair)))
        for pair in found:
            if pair is not keep:
                pair[1].notes.add("duplicate")


def _fit(pair: tuple[Segment, Unit], repeated: dict, body_units) -> float:
    """How well a paragraph matches the rest of its article, other repeated text left out."""
    segment, unit = pair
    rest = [u.text for u in segment.heads + body_units(segment) if normalise(u.text) not in repeated]
    return containment(unit.text, "\n".join(rest)) if rest else 0.0


def drop_empty(segments: list[Segment], body_units) -> list[Segment]:
    """Segments left with no text at all (a fully repeated block) are not items."""
    return [s for s in segments if any("duplicate" not in u.notes for u in body_units(s))]
