"""A raw printed page → the articles, captions and briefs a reader of the page sees.

The pipeline, one module per step:
    paragraphs.py  lines → paragraphs (undo column wraps, detect the layout)
    units.py       paragraphs → typed units (dateline, byline, credit, headline …)
    segment.py     units → segments at bylines, briefs, credits and (soft) datelines
    inner_heads.py headlines inside a run of text → subheads, captions or new items
    titles.py      loose headlines → the segment they head; lists → briefs; captions;
                   soft segments without a headline rejoin the item above (segment.merge_untitled)
    credit_blocks.py a block of credits (roundup pages) → the sections and photos it credits
    dedupe.py      paragraphs printed twice → kept once
    assemble.py    segment → Article (body, decks, reporters, source, date, districts)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus.extract.districts import find_districts
from corpus.files.limits import NO_DEADLINE, Deadline
from corpus.files.meta import IssueMeta
from corpus.ids import assign_page_ids
from corpus.model import Article
from corpus.pages.assemble import PageContext, body_units, build_article, legacy_key, page_paper
from corpus.pages.credit_blocks import distribute_credit_blocks
from corpus.pages.dedupe import drop_duplicates, drop_empty
from corpus.pages.inner_heads import resolve_inner_heads
from corpus.pages.paragraphs import split_paragraphs
from corpus.pages.segment import Segment, build_segments, merge_untitled
from corpus.pages.titles import attach_headlines, caption_segment
from corpus.pages.units import Unit, classify


@dataclass
class PageReport:
    """Where every printed line of a page went: into an item, or counted as furniture."""

    lines: int = 0
    in_items: int = 0
    furniture: int = 0  # column labels, page furniture, headshot name tags, headlines no item took
    duplicates: int = 0  # paragraphs printed twice by the extraction, kept once
    furniture_text: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The counts (and the furniture lines, for a reader to check) as a plain dict."""
        return {"lines": self.lines, "in_items": self.in_items, "furniture": self.furniture,
                "duplicates": self.duplicates, "furniture_text": self.furniture_text}


def parse_page(text: str, source_key: str, meta: IssueMeta | None,
               deadline: Deadline = NO_DEADLINE) -> tuple[list[Article], PageReport]:
    """Segment a page into Articles with permalink ids, in reading order, and account for every line."""
    segments, units = page_segments(text, deadline)
    context = PageContext(source_key, meta, page_paper(segments, meta), text)
    built = []
    for segment in segments:
        deadline.check()
        article = build_article(segment, context)
        if article is not None:
            built.append((article, legacy_key(segment, article)))
    built.sort(key=lambda pair: (pair[0].origin.start, pair[0].origin.end))
    articles = [a for a, _ in built]
    for order, article in enumerate(articles, start=1):
        article.order = order
    assign_page_ids(articles, source_key, meta, [key for _, key in built])
    return articles, page_report(segments, units)


def page_segments(text: str, deadline: Deadline = NO_DEADLINE) -> tuple[list[Segment], list[Unit]]:
    """The page's items as segments, before fields are extracted, and all the page's units."""
    paragraphs, layout = split_paragraphs(text)
    units = []
    for index, paragraph in enumerate(paragraphs):
        deadline.check()
        units.append(classify(paragraph))
        units[-1].index = index
    slots = resolve_inner_heads(build_segments(units, layout, text), layout, text)
    deadline.check()
    segments = merge_untitled(attach_headlines(slots, layout, text, deadline))
    segments += _inner_captions(segments)
    segments = distribute_credit_blocks(segments, _districts_of)
    drop_duplicates(segments, body_units)
    return drop_empty(segments, body_units), units


def page_report(segments: list[Segment], units: list[Unit]) -> PageReport:
    """Count the lines of units that ended up in an item and of those that didn't."""
    used = {id(u) for s in segments for u in s.units + s.heads}
    used |= {id(u) for s in segments for u in s.block_units}  # credits printed in a block elsewhere
    report = PageReport()
    for unit in units:
        n = len(unit.para.lines)
        report.lines += n
        if "duplicate" in unit.notes:
            report.duplicates += n
        elif id(unit) in used and not unit.notes & {"nametag", "folio"}:
            report.in_items += n
        else:
            report.furniture += n
            report.furniture_text.append(unit.para.text)
    return report


def _districts_of(segment: Segment) -> list[str]:
    body = "\n".join(u.text for u in body_units(segment))
    return find_districts(body, " ".join(h.text for h in segment.heads))


def _inner_captions(segments: list[Segment]) -> list[Segment]:
    """Captions found inside an article's run of text become photo items of their own."""
    found = []
    for segment in segments:
        for unit in list(segment.units):
            if "caption" in unit.notes and segment.kind != "photo":
                segment.units.remove(unit)
                unit.notes.discard("caption")
                found.append(caption_segment(unit))
    return found
