"""Calendar grids for browsing by date: weeks of days, each with how many articles it has."""

from __future__ import annotations

import calendar
from datetime import date

from index.docvalues import EPOCH

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")  # weeks start on Monday, as Chinese calendars do
MIN_YEAR, MAX_YEAR = 1800, 2200


def day_of(d: date) -> int:
    """Days since 1970-01-01 (the engine's day numbers)."""
    return d.toordinal() - EPOCH


def month_span(year: int, month: int) -> tuple[int, int]:
    """The first and last day number of a month.

    >>> month_span(1970, 2)
    (31, 58)
    """
    last = calendar.monthrange(year, month)[1]
    return day_of(date(year, month, 1)), day_of(date(year, month, last))


def month_grid(year: int, month: int, counts: dict[int, int]) -> list[list[dict | None]]:
    """Weeks (Monday first) of one month; each day {day, date, count}, None outside the month.

    :param counts: articles per day number (days without any may be missing).

    >>> weeks = month_grid(2025, 9, {day_of(date(2025, 9, 23)): 4})
    >>> len(weeks), weeks[0][0]["date"], weeks[3][1]
    (5, '2025-09-01', {'day': 23, 'date': '2025-09-23', 'count': 4})
    """
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"day": d.day, "date": d.isoformat(), "count": counts.get(day_of(d), 0)}
                      if d.month == month else None for d in week])
    return weeks


def valid_date(year: int, month: int = 1, day: int = 1) -> date | None:
    """The date, or None when it doesn't exist or lies outside the years an archive can hold."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
