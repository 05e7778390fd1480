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
from functools import lru_cache

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_NUM = r"(?:\d{1,2}|[〇一二三四五六七八九十]{1,3})"
_MONTH_DAY = re.compile(rf"(?P<year>(?:\d{{4}}|[〇一二三四五六七八九零]{{4}})\s*年\s*)?"
                        rf"(?<![\d年])(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*(?:日|号)")
# How far into the lead a date still counts as the article's own date.
LEAD_CHARS = 150
# A four-digit number is a year unless it counts something: `2078亿加元`, `2025万元`, `1998名`.
_YEAR = re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?![\d.%])"
                   r"(?!\s*(?:亿|万|千|百|元|美元|加元|港元|欧元|日元|多|余|个|名|人|家|吨|米|公里|平方|件|台|辆|次|户|"
                   r"项|股|倍|亩|套|座|所|条|篇|份|册|本|只|头|天|小时|分钟|年代))")
# Words around a year that make it a plan or target, not the past or present.
_PLAN_WORDS = re.compile(r"将|要|力争|计划|预计|目标|有望|争取|规划|展望")
_PLAN_BEFORE = re.compile(r"(?:到|力争|推动|争取|预计|计划|迈向|展望|抓好|围绕)\s*$")
_RANGE_BEFORE = re.compile(r"\d{4}\s*年?\s*(?:[—\-～~]{1,2}|至)\s*$")
_BASELINE_BEFORE = re.compile(r"(?:从|较|比|由|是|自|与)\s*$")
_SENTENCE = re.compile(r"[^。！？]{0,120}")
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


_WEEKDAY = re.compile(r"(?:星期|周|礼拜)(?P<day>[一二三四五六日天])")
_WEEKDAYS = "一二三四五六日"


def weekday_year(lead: str, month_day: tuple[int, int], near: int | None) -> int | None:
    """The year in which the lead's `M月D日（星期X）` falls on that weekday, nearest `near`.

    A weekday repeats every few years, so it only refines a year inferred
    otherwise (it never reads the clock: parsing must not depend on today).
    """
    match = _WEEKDAY.search(unicodedata.normalize("NFKC", lead)[:LEAD_CHARS])
    if not match or near is None:
        return None
    weekday = _WEEKDAYS.index(match.group("day").replace("天", "日"))
    fits = [y for y in range(near - 6, near + 2)
            if valid_month_day(*month_day) and date(y, *_safe(month_day, y)).weekday() == weekday]
    return min(fits, key=lambda y: (abs(y - near), -y)) if fits else None


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


def mention_kind(text: str, match: re.Match[str]) -> str:
    """How a year is used: plan, title_range, range_end, baseline, full_year or plain.

    `到2027年` / `2025年…将` plan ahead; `（2023—2027年）` names a plan; `2021年至2024年`
    and `从2020年的` look back; `2024年，全区完成…` reports a finished year.
    """
    before = text[max(0, match.start() - 8): match.start()]
    after = text[match.end(): match.end() + 4]
    if re.match(r"^\s*年?\s*(?:[—\-～~]{1,2}|至)\s*\d{4}\s*年?\s*[）)]", text[match.end(): match.end() + 12]):
        return "title_range"  # `（2024—2027年）`: the period of a named plan
    sentence = _SENTENCE.match(text, match.end()).group()
    if _RANGE_BEFORE.search(before):
        return "title_range" if re.match(r"^\s*年?\s*[）)]", after) else "range_end"
    if _PLAN_BEFORE.search(before) or _PLAN_WORDS.search(sentence):
        return "plan"
    if _BASELINE_BEFORE.search(before):
        return "baseline"
    if re.match(r"^\s*年(?:度)?\s*[，,]", after) or re.match(r"^\s*年(?:全年|以来)", after):
        return "full_year"
    return "plain"


@lru_cache(maxsize=64)
def year_votes(text: str) -> tuple[Counter[int], int | None]:
    """Votes for the year a text was written in, and the earliest year it can have been.

    The latest year the text looks back on is the present (an event, `2025川渝…`)
    or the year just ended (`2024年，…` results, `2021年至2024年` totals).
    """
    text = unicodedata.normalize("NFKC", text)
    votes: Counter[int] = Counter()
    past: list[int] = []
    plans: list[int] = []
    earliest: int | None = None
    for match in _YEAR.finditer(text):
        year, kind = int(match.group("year")), mention_kind(text, match)
        if kind == "plan":
            plans.append(year)
        elif kind != "title_range":
            past.append(year + 1 if kind in ("full_year", "range_end", "baseline") else year)
            bound = year + 1 if kind == "baseline" else year
            earliest = bound if earliest is None else max(earliest, bound)
    if past:
        votes[max(past)] += 2
    if plans and "明年" in text:
        votes[min(plans) - 1] += 3  # `明年` beside `2025年…将`: written in 2024
    for pattern, year in _ERA_YEARS:
        if re.search(pattern, text):
            votes[year] += 3
    return votes, earliest


# Plan-period phrases that date a text on their own.
_ERA_YEARS = (
    (r"今年是“?十四五”?(?:规划)?(?:的)?收官之年", 2025),
    (r"今年是“?十五五”?(?:规划)?(?:的)?开局之年", 2026),
    (r"今年是“?十四五”?(?:规划)?(?:的)?开局之年", 2021),
)


EARLIEST_YEAR = 1949  # the archive's papers start after 1949


def plausible_year(year: int | None, issue: date | None = None) -> int | None:
    """The year if an article can be from it: not before 1949, not after the issue or today."""
    if year is None:
        return None
    latest = issue.year if issue else date.today().year
    return year if EARLIEST_YEAR <= year <= latest else None


def infer_year(text: str, page_text: str = "") -> int | None:
    """The most likely year of a text, the page's other items counting as weaker evidence."""
    votes, earliest = year_votes(text)  # cached: treat as read-only
    page_votes, _ = year_votes(page_text) if page_text else (Counter(), None)
    total: Counter[float] = Counter()
    for year, count in votes.items():
        total[year] += count
    for year, count in page_votes.items():
        total[year] += count * 0.5
    candidates = {y: c for y, c in total.items() if earliest is None or y >= earliest}
    if not candidates:
        return earliest
    best = max(candidates.values())
    # Ties go to the later year: articles look back more than they look ahead.
    return max(year for year, count in candidates.items() if count == best)
