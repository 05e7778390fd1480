"""Where an article came from, and how sure its date is: shown with every article, wherever it is shown.

A stored record may predate the fields it is read for here (url, page,
section, order), so everything is read with `.get()` and falls back to what
older records kept (`origin.page`).
"""

from __future__ import annotations

DATE_SOURCES = ("dateline", "issue", "inferred", "none")
DATE_MARKS = {"inferred": "年份推断"}  # dates whose year was guessed carry this mark wherever they appear
SOURCE_LABELS = {"dateline": "电头日期", "issue": "出版日期", "inferred": "年份为推断", "none": "日期不详"}


def date_source(record: dict) -> str:
    """How the record's date was found: dateline, issue, inferred, or none when it has no date.

    A dated record that doesn't say (a CMS export) carries its publication date: `issue`.

    >>> date_source({"date": "2025-09-23", "date_source": "inferred"}), date_source({"date": None})
    ('inferred', 'none')
    >>> date_source({"date": "2025-09-23"})
    'issue'
    """
    if not record.get("date"):
        return "none"
    given = record.get("date_source")
    return given if given in DATE_SOURCES else "issue"


def date_label(date: str | None, source: str | None) -> str:
    """The date as every page, list and export shows it: with its mark when the year was guessed.

    >>> date_label("2025-09-23", "inferred"), date_label("2025-09-23", "dateline"), date_label(None, "none")
    ('2025-09-23（年份推断）', '2025-09-23', '日期不详')
    """
    if not date:
        return "日期不详"
    mark = DATE_MARKS.get(source or "")
    return f"{date}（{mark}）" if mark else date


def original_url(record: dict) -> str | None:
    """The original online item's address, when the record has a web one (never a javascript: link).

    >>> original_url({"url": " https://x.cn/a.htm "}), original_url({"url": "javascript:alert(1)"})
    ('https://x.cn/a.htm', None)
    """
    url = str(record.get("url") or "").strip()
    return url if url.lower().startswith(("https://", "http://")) and len(url) <= 2048 else None


def page_of(record: dict) -> str | None:
    """The printed page (版) as printed, from the record or where older records kept it.

    >>> page_of({"page": 3}), page_of({"origin": {"page": 2}}), page_of({"page": " "})
    ('3', '2', None)
    """
    page = record.get("page")
    if page in (None, ""):
        page = (record.get("origin") or {}).get("page")
    text = str(page).strip() if page is not None else ""
    return text or None


def reading_order(record: dict) -> int | None:
    """The 1-based place of the item on its page (or in its file), when known."""
    order = record.get("order")
    return order if isinstance(order, int) and not isinstance(order, bool) and order > 0 else None


def provenance(record: dict) -> dict:
    """Everything a reader needs to find the printed or online original: paper, date, page, section, file."""
    source = date_source(record)
    return {
        "source": record.get("source"),
        "date": record.get("date"),
        "date_source": source,
        "date_label": date_label(record.get("date"), source),
        "page": page_of(record),
        "section": (str(record.get("section")).strip() or None) if record.get("section") else None,
        "order": reading_order(record),
        "url": original_url(record),
        "file": (record.get("origin") or {}).get("path") or None,
    }


def page_label(page: str | None) -> str:
    """`第 3 版`, `第 A03 版`, or 版次不详.

    >>> page_label("3"), page_label(None)
    ('第 3 版', '版次不详')
    """
    return f"第 {page} 版" if page else "版次不详"
