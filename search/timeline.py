"""Month counts → the timeline a results page draws: per month, or per year over long spans."""

from __future__ import annotations

from dataclasses import dataclass

YEARLY_AFTER_MONTHS = 48  # matches spread over more than four years are drawn per year


@dataclass
class TimelineBucket:
    """Matching articles in one month or year, and the date range that selects it."""

    key: str  # 2025-09 or 2025
    count: int
    date_from: str
    date_to: str


def month_label(key: int) -> str:
    """`2025-09` for the month key year*12 + month-1.

    >>> month_label(2025 * 12 + 8)
    '2025-09'
    """
    return f"{key // 12:04d}-{key % 12 + 1:02d}"


def timeline(months: dict[int, int]) -> tuple[str, list[TimelineBucket]]:
    """Buckets for every month (or year) from the first match to the last, empty ones included.

    >>> timeline({2025 * 12: 2, 2025 * 12 + 2: 1})[1][1]
    TimelineBucket(key='2025-02', count=0, date_from='2025-02', date_to='2025-02')
    """
    if not months:
        return "month", []
    lo, hi = min(months), max(months)
    if hi - lo >= YEARLY_AFTER_MONTHS:
        years: dict[int, int] = {}
        for key, count in months.items():
            years[key // 12] = years.get(key // 12, 0) + count
        return "year", [TimelineBucket(str(y), years.get(y, 0), str(y), str(y))
                        for y in range(lo // 12, hi // 12 + 1)]
    return "month", [TimelineBucket(month_label(k), months.get(k, 0), month_label(k), month_label(k))
                     for k in range(lo, hi + 1)]
