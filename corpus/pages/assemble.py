"""A finished segment → an Article: body, headline decks, reporters, source, date, districts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from corpus.extract.dates import infer_year, lead_month_day, plausible_year, resolve, weekday_year
from corpus.extract.districts import find_districts
from corpus.extract.facts import merge_reporters
from corpus.extract.papers import is_paper
from corpus.files.meta import IssueMeta
from corpus.model import Article, Origin
from corpus.pages.headlines import decks_of, split_headline
from corpus.pages.inner_heads import CAPTION_CHARS
from corpus.pages.segment import Segment
from corpus.pages.units import BODY, BRIEF, BYLINE, CAPTION, CONTINUED, CREDIT, DATELINE, DECK, HEAD, TABLE, Unit

_NOT_BODY = {"caption", "nametag", "duplicate", "folio"}
_PRINTED_KINDS = (BODY, DATELINE, BRIEF, TABLE, CAPTION, BYLINE, CREDIT)


@dataclass
class PageContext:
    """What every item of a page shares: its file, issue metadata, paper and text."""

    source_key: str
    meta: IssueMeta | None
    paper: str | None
    text: str


def body_units(segment: Segment) -> list[Unit]:
    """The units whose text is the item's body, in page order: everything printed but its headline.

    Datelines, bylines and credits are printed text, so they stay (their
    metadata is extracted alongside); only markers such as （上接1版） go.
    """
    result = []
    for unit in segment.units:
        if unit.notes & _NOT_BODY:
            continue
        if unit.kind in _PRINTED_KINDS or (unit.kind == CONTINUED and unit.text):
            result.append(unit)
        elif unit.kind == HEAD and unit.notes & {"subhead", "byline"}:
            result.append(unit)
    return result


def build_article(segment: Segment, page: PageContext) -> Article | None:
    """Everything a reader and the index need about one item."""
    units = body_units(segment)
    body = "\n".join(u.text.replace("\t", " ").strip() for u in units if u.text.strip())
    if not body:
        return None
    headline = split_headline(decks_of([h.lines for h in segment.heads if h.kind == HEAD]), page.text)
    decks = [h.text for h in segment.heads + segment.units if h.kind == DECK]
    subtitle = "；".join(filter(None, [headline.subtitle, *decks]))
    credits = [u.credit for u in segment.units if u.credit and not (u.notes & _NOT_BODY)]
    credits += segment.extra_credits
    article = Article(
        id="", title=headline.title, kicker=headline.kicker, subtitle=subtitle, body=body,
        reporters=merge_reporters(credits), kind=_kind(segment, body), continuation=segment.continuation,
        source=next((c.source for c in credits if c.source), None) or page.paper,
    )
    _date(article, segment, units, page)
    article.districts = find_districts(body, " ".join([article.kicker, article.title, article.subtitle]))
    spans = [u.para for u in segment.units if not (u.notes & _NOT_BODY)]
    article.origin = Origin(path=page.source_key, start=min(p.start for p in spans), end=max(p.end for p in spans))
    article.page = page.meta.page if page.meta else None
    article.section = (page.meta.section if page.meta else None) or segment.label or None
    return article


def legacy_key(segment: Segment, article: Article) -> str:
    """The text earlier versions hashed into an id: headline and the body without dateline or credits."""
    units = [u for u in body_units(segment) if u.kind not in (BYLINE, CREDIT) and "byline" not in u.notes]
    body = "\n".join(u.core.replace("\t", " ").strip() for u in units if u.core.strip())
    return f"{article.title}\n{body}"


def _kind(segment: Segment, body: str) -> str:
    if segment.kind in ("brief", "photo"):
        return segment.kind
    if any(u.kind == BRIEF for u in segment.units):
        return "brief"
    # A caption has no dateline, byline above it or subheads: with those, a photo credit
    # only credits the picture printed with an article.
    article_signs = any((u.kind in (DATELINE, BYLINE) and u is not segment.units[-1]) or "subhead" in u.notes
                        for u in segment.units)
    if segment.photo and len(body) <= CAPTION_CHARS and not article_signs:
        return "photo"
    return "article"


def _date(article: Article, segment: Segment, units: list[Unit], page: PageContext) -> None:
    """Dateline month/day plus issue or inferred year; continuations carry no dateline."""
    month_day = None
    dateline = next((u.dateline for u in units if u.dateline), None)
    lead = next((u for u in units if u.kind in (BODY, DATELINE, BRIEF, CAPTION)), None)
    if dateline and dateline.month_day:
        month_day = dateline.month_day
    elif lead and not segment.continuation:
        month_day = lead_month_day(lead.core)
    issue = page.meta.issue_date if page.meta else None
    year = None if issue else plausible_year(infer_year(article.body, page.text))
    if month_day and not issue:
        # A printed weekday (`6月5日（星期四）`) settles the year among the likely ones.
        year = weekday_year(lead.core if lead else "", month_day, year) or year
    guess = resolve(month_day, issue, year)
    article.date, article.date_source = guess.date, guess.source


def page_paper(segments: list[Segment], meta: IssueMeta | None) -> str | None:
    """The paper a page belongs to: its metadata, else the paper most of its credits name."""
    if meta and meta.source:
        return meta.source
    votes: Counter[str] = Counter()
    for segment in segments:
        for unit in segment.units:
            if unit.credit and is_paper(unit.credit.source) and unit.kind in (DATELINE, BYLINE, CREDIT):
                votes[unit.credit.source] += 1
    return votes.most_common(1)[0][0] if votes else None
