"""Metadata from an article's running text alone: what a record without fields still tells us.

The printed dateline (`本报讯（记者 X）`, `新华社北京1月5日电（记者 X）`) and
byline lines open the text, credits (`（记者 周松）`, `（新华社记者X摄）`) close
it or sit inside it; districts come from the whole text. Every pass is a
linear regex over a bounded window, so records of any size stay cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from corpus.extract.closings import inline_credits, trailing_credit
from corpus.extract.credits import Credit
from corpus.extract.signatures import parse_signature
from corpus.extract.datelines import parse_dateline
from corpus.extract.dates import infer_year, lead_month_day, plausible_year, resolve
from corpus.extract.districts import find_districts
from corpus.model import Reporter

TAIL_CHARS = 400  # closing credits in the last paragraph
SCAN_CHARS = 20000  # districts, in-text credits and year evidence: the first 20 000 characters
BYLINE_CHARS = 40  # a byline line is short
_DATELINE_HINT = re.compile(r"讯|电|消息")
_CLOSERS = ("）", ")")


@dataclass
class TextFacts:
    """What the text says about itself."""

    reporters: list[Reporter] = field(default_factory=list)
    source: str | None = None
    districts: list[str] = field(default_factory=list)
    date: str | None = None
    date_source: str | None = None


def text_facts(body: str, title: str = "", *, districts: bool = True, dates: bool = True,
               issue: date | None = None) -> TextFacts:
    """Reporters, source, districts and date (inferred year unless `issue` is given) from the text."""
    facts = TextFacts()
    paragraphs = body[:SCAN_CHARS].split("\n")
    credits: list[Credit] = []
    month_day = None
    for para in paragraphs[:3]:  # byline lines over the text: `本报记者 陈杰`, `周德武`
        credit = parse_signature(para) if len(para) <= BYLINE_CHARS and not parse_dateline(para) else None
        if credit is None:
            break
        credits.append(credit)
    for para in paragraphs:  # datelines open the text and each part of a roundup; credits close them
        # The checks inline here let the common paragraph (no 讯/电 up front, ending in 。) pass cheaply.
        dateline = parse_dateline(para) if _DATELINE_HINT.search(para, 0, 60) else None
        if dateline:
            credits.append(dateline.credit)
            if month_day is None and dates:
                month_day = dateline.month_day or lead_month_day(para[dateline.body_offset:])
        closing = trailing_credit(para) if para.rstrip(" 。")[-1:] in _CLOSERS or "据" in para[-40:] else None
        if closing:
            credits.append(closing[1])
    if len(body) > SCAN_CHARS:
        closing = trailing_credit(body[-TAIL_CHARS:].rsplit("\n", 1)[-1])
        credits += [closing[1]] if closing else []
    credits += inline_credits(body[:SCAN_CHARS])
    facts.reporters = merge_reporters(credits)
    facts.source = next((c.source for c in credits if c.source), None)
    if districts:
        facts.districts = find_districts(body[:SCAN_CHARS], title)
    if dates:
        if month_day is None and paragraphs and not credits:
            month_day = lead_month_day(paragraphs[0])
        year = None if issue else plausible_year(infer_year(body[:SCAN_CHARS]))
        guess = resolve(month_day, issue, year)
        facts.date, facts.date_source = guess.date, guess.source
    return facts


def merge_reporters(credits: list[Credit]) -> list[Reporter]:
    """The people of several credits, each once, in order."""
    seen, result = set(), []
    for credit in credits:
        for reporter in credit.reporters:
            if reporter.name not in seen:
                seen.add(reporter.name)
                result.append(Reporter(reporter.name, reporter.role))
    return result

