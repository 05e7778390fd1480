"""A raw printed page → the articles, captions and briefs a reader of the page sees.

The pipeline, one module per step:
    paragraphs.py  lines → paragraphs (undo column wraps, detect the layout)
    units.py       paragraphs → typed units (dateline, byline, credit, headline …)
    segment.py     units → segments at hard boundaries; inner headlines → subheads or splits
    titles.py      loose headlines → the segment they head; lists → briefs; captions
    credits.py     a block of credits (roundup pages) → the sections and photos it credits
    dedupe.py      paragraphs printed twice → kept once
    assemble.py    segment → Article (body, decks, reporters, source, date, districts)
"""

from __future__ import annotations

from corpus.extract.districts import find_districts
from corpus.files.meta import IssueMeta
from corpus.ids import assign_ids
from corpus.model import Article
from corpus.pages.assemble import PageContext, body_units, build_article, page_paper
from corpus.pages.credit_blocks import distribute_credit_blocks
from corpus.pages.dedupe import drop_duplicates, drop_empty
from corpus.pages.paragraphs import split_paragraphs
from corpus.pages.segment import Segment, build_segments, resolve_inner_heads
from corpus.pages.titles import attach_headlines, caption_segment
from corpus.pages.units import classify


def parse_page(text: str, source_key: str, meta: IssueMeta | None) -> list[Article]:
    """Segment a page into Articles with stable ids, in the order their bodies start."""
    segments = page_segments(text)
    context = PageContext(source_key, meta, page_paper(segments, meta), text)
    articles = [a for a in (build_article(s, context) for s in segments) if a is not None]
    articles.sort(key=lambda a: (a.origin.start, a.origin.end))
    assign_ids(articles, source_key)
    return articles


def page_segments(text: str) -> list[Segment]:
    """The page's items as segments, before fields are extracted (useful for debugging)."""
    paragraphs, layout = split_paragraphs(text)
    units = [classify(p) for p in paragraphs]
    slots = resolve_inner_heads(build_segments(units, layout), layout, text)
    segments = attach_headlines(slots, layout, text)
    segments += _inner_captions(segments)
    segments = distribute_credit_blocks(segments, _districts_of)
    drop_duplicates(segments, body_units)
    return drop_empty(segments, body_units)


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
