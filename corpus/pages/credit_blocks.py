"""A block of credits printed together (roundup pages) → the sections and photos they credit.

Roundup pages run one section per district and print all the credits in a
block at the end, in section order:
    璧山区融媒体中心记者 曾清龙 文图
    新渝报记者 余佳 文图                  (大足's paper: no district in the name)
So credits go to the sections that lack one: in order when the counts agree,
otherwise by the district the credit's newsroom is named after. `文图` /
`…图` credits also cover the photo of the same district.
"""

from __future__ import annotations

from collections.abc import Callable

from corpus.extract.districts import find_districts
from corpus.pages.segment import Segment
from corpus.pages.units import BYLINE, Unit

DistrictsOf = Callable[[Segment], list[str]]


def distribute_credit_blocks(segments: list[Segment], districts_of: DistrictsOf) -> list[Segment]:
    """Hand out the credits of every credit block; return the segments without the blocks."""
    others = [s for s in segments if s.kind != "credits"]
    for block in (s for s in segments if s.kind == "credits"):
        units = [u for u in block.units if u.kind == BYLINE and u.credit]
        for unit, target in _match(units, others, block, districts_of):
            target.extra_credits.append(unit.credit)
            target.block_units.append(unit)
            if "图" in unit.text:
                _credit_photo(unit, target, others, districts_of)
    return others


def _lacks_credit(segment: Segment) -> bool:
    has = segment.extra_credits or any(u.credit and u.credit.reporters for u in segment.units)
    return segment.kind == "article" and not segment.continuation and not has


def _match(units: list[Unit], segments: list[Segment], block: Segment,
           districts_of: DistrictsOf) -> list[tuple[Unit, Segment]]:
    """(credit unit, the section it credits) pairs."""
    start = block.units[0].para.start
    open_sections = [s for s in segments if _lacks_credit(s) and s.units and s.units[0].para.start < start]
    if len(open_sections) == len(units):
        return list(zip(units, open_sections))
    pairs: list[tuple[Unit, Segment]] = []
    for unit in units:
        named = find_districts(unit.text.split("记者")[0])[:1]
        for segment in open_sections:
            taken = any(segment is s for _, s in pairs)
            if named and not taken and districts_of(segment)[:1] == named:
                pairs.append((unit, segment))
                break
    return pairs


def _credit_photo(unit: Unit, target: Segment, segments: list[Segment], districts_of: DistrictsOf) -> None:
    """`文图`: the reporter also took the section's photo, which names the same district."""
    district = districts_of(target)[:1]
    for segment in segments:
        if segment.kind == "photo" and not segment.extra_credits and district \
                and districts_of(segment)[:1] == district:
            segment.extra_credits.append(unit.credit)
            return
