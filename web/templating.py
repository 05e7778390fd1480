"""Jinja filters and globals the templates use."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Flask

from web.archive.charts import bar_chart, compare_chart
from web.urls import entity_url, newest_url

STATIC = Path(__file__).parent / "static"
ENTITY_LABELS = {"reporter": "记者", "district": "区县", "source": "来源", "org": "机构", "place": "地点",
                 "person": "人物", "kind": "类型", "year": "年份", "month": "月份", "from": "起", "to": "止"}
KIND_LABELS = {"article": "文章", "photo": "图片", "brief": "简讯"}
ROLE_LABELS = {"required": "必须出现", "optional": "可不出现", "relaxed": "已放宽", "excluded": "排除"}


def pageargs(args, page: int) -> str:
    """The current query string with `page` replaced (pagination links)."""
    pairs = [(k, v) for k, v in args.items(multi=True) if k != "page"]
    if page > 1:
        pairs.append(("page", str(page)))
    return urlencode(pairs)


def addarg(args, key: str, value: str) -> str:
    """The current query string plus `key=value` (a filter link on a result), back on page 1."""
    pairs = [(k, v) for k, v in args.items(multi=True) if k != "page"]
    if (key, value) not in pairs:
        pairs.append((key, value))
    return urlencode(pairs)


def page_window(page: int, pages: int, width: int = 2) -> list[int | None]:
    """Page numbers to link around the current one; None marks a gap (…).

    >>> page_window(6, 20)
    [1, None, 4, 5, 6, 7, 8, None, 20]
    """
    keep = {1, pages, *range(page - width, page + width + 1)}
    out: list[int | None] = []
    for n in sorted(k for k in keep if 1 <= k <= pages):
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


@cache
def _digest(filename: str) -> str:
    path = STATIC / filename
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"


def static_url(filename: str) -> str:
    """URL of a static file with its content hash, so browsers may cache it for a year.

    Built by hand rather than with url_for: error pages render it even for a request Flask could
    not route (a Host header outside TRUSTED_HOSTS leaves no URL adapter).
    """
    return f"/static/{quote(filename)}?{urlencode({'v': _digest(filename)})}"


def init_app(app: Flask) -> None:
    """Register the filters and globals."""
    app.jinja_env.filters["pageargs"] = pageargs
    app.jinja_env.filters["addarg"] = addarg
    app.jinja_env.globals.update(static_url=static_url, page_window=page_window, entity_url=entity_url,
                                 newest_url=newest_url, bar_chart=bar_chart, compare_chart=compare_chart,
                                 entity_labels=ENTITY_LABELS, kind_labels=KIND_LABELS, role_labels=ROLE_LABELS)
