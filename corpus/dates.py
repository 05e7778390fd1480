"""Dates of articles: month and day from the dateline or lead, the year from the issue or the text.

Datelines print no year (`9月 23日，…`), so the year comes from the issue
metadata when we have it, and otherwise is inferred from what the text says
about years (`2025年是“十四五”收官之年`, `2024年，全区…` as a past year,
`明年` beside a plan year) and marked `inferred`. No evidence → no date.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_NUM = r"(?:\d{1,2}|[〇一二三四五六七八九十]{1,3})"
_MONTH_DAY = re.compile(rf"(?P<year>(?:\d{{4}}|[〇一二三四五六七八九零]{{4}})\s*年\s*)?"
                        rf"(?<![\d年])(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*(?:日|号)")
# How far into the lead a date still counts as the article's own date.
LEAD_CHARS = 150
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*(?:年|届|版)?")
# Words after a year that make it a plan or target, not the present.
_FUTURE_AFTER = re.compile(r"^[^。；，]{0,12}?(?:将|要|力争|计划|预计|目标|有望|争取|实现|达到|建成|迈上)")
_FUTURE_BEFORE = re.compile(r"(?:到|至|力争|推动|争取|预计|计划|迈向|展望|抓好|—|-|～|~)\s*$")
_RANGE_AFTER = re.compile(r"^\s*年?\s*[—\-～~至到]")


@dataclass
class DateGuess:
    """An ISO date and how it was obtained (`dateline`, `issue` or `inferred`)."""

    date: str | None
    source: str | None


def cn_number(text: str) -> int | None:
    """`12` → 12, `十二` → 12, `二十三` → 23, `三十一` → 31."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text[0]] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return value


def valid_month_day(month: int | None, day: int | None) -> bool:
    """A month and day that exist in some year (29 February included)."""
    if month is None or day is None or not 1 <= month <= 12:
        return False
    return 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def lead_month_day(text: str, limit: int = LEAD_CHARS) -> tuple[int, int] | None:
    """Month and day of the first `M月D日` in the lead that isn't a dated past/future event.

    `2024年4月30日` carries its own year, so it is background, not the news date.
    """
    lead = unicodedata.normalize("NFKC", text.split("\n", 1)[0][:limit])
    for match in _MONTH_DAY.finditer(lead):
        if match.group("year"):
            continue
        month, day = cn_number(match.group("month")), cn_number(match.group("day"))
        if valid_month_day(month, day):
            return month, day
    return None


def resolve(month_day: tuple[int, int] | None, issue: date | None, year: int | None) -> DateGuess:
    """Combine dateline month/day with the issue date or an inferred year."""
    if month_day and issue:
        return DateGuess(_dateline_in_issue_year(month_day, issue).isoformat(), "dateline")
    if issue:
        return DateGuess(issue.isoformat(), "issue")
    if month_day and year:
        return DateGuess(date(year, *_safe(month_day, year)).isoformat(), "inferred")
    return DateGuess(None, None)


def _safe(month_day: tuple[int, int], year: int) -> tuple[int, int]:
    month, day = month_day
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
        day = 28
    return month, day


def _dateline_in_issue_year(month_day: tuple[int, int], issue: date) -> date:
    """The dateline's date nearest before the issue: `12月31日` in a 2 January paper is last year."""
    candidate = date(issue.year, *_safe(month_day, issue.year))
    if candidate > issue + timedelta(days=31):
        candidate = date(issue.year - 1, *_safe(month_day, issue.year - 1))
    return candidate


def year_votes(text: str) -> Counter[int]:
    """Votes for the year the text was written in, from how it talks about years."""
    text = unicodedata.normalize("NFKC", text)
    votes: Counter[int] = Counter()
    for match in _YEAR.finditer(text):
        year = int(match.group("year"))
        before, after = text[max(0, match.start() - 6): match.start()], text[match.end(): match.end() + 16]
        if _RANGE_AFTER.match(text[match.end() - 1:]) or _FUTURE_BEFORE.search(before):
            votes[year - 1] += 0  # a range end or target says little about the present
            continue
        if _FUTURE_AFTER.match(after) or re.match(r"^是.{0,16}之年", after):
            votes[year] += 1  # `2025年，…将` / `2025年是…之年`: this year's plan, or next year's
            if "明年" in text:
                votes[year - 1] += 2
            continue
        if re.match(r"^[，,]", after) or re.match(r"^(?:全年|度|以来)", after):
            votes[year + 1] += 1  # `2024年，全区完成…`: a finished year, reported after it ended
        votes[year] += 1
    for pattern, year in _ERA_YEARS:
        if re.search(pattern, text):
            votes[year] += 3
    return votes


# Plan-period phrases that date a text on their own.
_ERA_YEARS = (
    (r"“?十四五”?(?:规划)?收官之年", 2025),
    (r"“?十五五”?(?:规划)?(?:开局|起步)之年", 2026),
    (r"“?十四五”?(?:规划)?开局之年", 2021),
)


def infer_year(text: str, page_text: str = "") -> int | None:
    """The most likely year of a text, using the page's other items as weaker evidence."""
    votes = year_votes(text)
    for year, count in year_votes(page_text).items():
        votes[year] += count * 0.5
    if not votes:
        return None
    best = max(votes.values())
    if best <= 0:
        return None
    # Ties go to the later year: articles report on the past, rarely predict.
    return max(year for year, count in votes.items() if count == best)
