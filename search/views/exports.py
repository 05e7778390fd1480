"""A search as an Atom feed (its newest articles), and what every export shares: neutralised CSV cells.

The feed is titled by the search it follows (query and filters), its entries
are dated only by real dates (an undated article carries the time the
archive was last rebuilt, never the time of the request), and it says how
many of how many articles it holds. Atom is built with ElementTree, so
every value is escaped. Whole result sets are exported by bulk.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import datetime
from html import unescape
from urllib.parse import quote
from xml.etree import ElementTree as ET

from search.engine.base import Engine
from search.engine.budget import Deadline
from search.request import SearchRequest
from search.run import SEARCH_SECONDS, run_search

FEED_SIZE = 50  # entries in a feed unless `size` asks for another number
# A spreadsheet reads a cell as a formula when it starts with one of these, also after leading
# whitespace (which some strip) and in full width (which some fold: ＝ is =).
FORMULA_CHARS = "=+-@"
WHITESPACE_STARTS = ("\t", "\r", "\n", " ", "\u3000")
ATOM = "http://www.w3.org/2005/Atom"
FILTER_LABELS = {"reporter": "记者", "district": "区县", "source": "来源", "kind": "类型", "year": "年份",
                 "month": "月份"}
KIND_LABELS = {"article": "文章", "photo": "图片", "brief": "简讯"}
_TAG = re.compile(r"</?mark>")
# Characters XML 1.0 forbids even when escaped (control characters from OCR text).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_search(engine: Engine, req: SearchRequest, size: int = FEED_SIZE, time_limit: float = SEARCH_SECONDS,
                deadline: Deadline | None = None) -> dict:
    """The first `size` results of the search (its page ignored): the feed's entries.

    Matching and every entry's snippet draw on one budget (`deadline`, else `time_limit`): entries
    presented after it ran out carry their opening text.
    """
    return run_search(engine, replace(req, page=1, size=max(1, size)), time_limit=time_limit, deadline=deadline)


def neutralise(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-1+2"), neutralise("重庆")
    ("'=HYPERLINK(1)", "'-1+2", '重庆')
    >>> neutralise(" =1+1"), neutralise("\u3000＝1+1"), neutralise("＠SUM(A1)"), neutralise("重庆=1")
    ("' =1+1", "'\u3000＝1+1", "'＠SUM(A1)", '重庆=1')
    """
    first = value.lstrip()[:1]
    risky = value.startswith(WHITESPACE_STARTS) or (first and unicodedata.normalize("NFKC", first) in FORMULA_CHARS)
    return "'" + value if risky else value


def plain(snippet_html: str) -> str:
    """A highlighted snippet as plain text.

    >>> plain("夜<mark>经济</mark> &amp; 火锅")
    '夜经济 & 火锅'
    """
    return unescape(_TAG.sub("", snippet_html))


def feed_title(data: dict) -> str:
    """What the feed follows: the query as typed and every filter, or all articles.

    >>> feed_title({"query": "夜经济", "active_filters": [{"field": "source", "value": "重庆日报"}]})
    '渝闻 · “夜经济” · 来源：重庆日报'
    >>> feed_title({"query": "", "active_filters": [{"field": "from", "value": "2025-09"}]})
    '渝闻 · 2025-09 起'
    """
    parts = [f"“{data['query']}”"] if data["query"] else []
    dates = {f["field"]: f["value"] for f in data["active_filters"] if f["field"] in ("from", "to")}
    for f in data["active_filters"]:
        if f["field"] in FILTER_LABELS:
            value = KIND_LABELS.get(f["value"], f["value"]) if f["field"] == "kind" else f["value"]
            parts.append(f"{FILTER_LABELS[f['field']]}：{value}")
    if "from" in dates and "to" in dates:
        parts.append(f"{dates['from']} 至 {dates['to']}")
    elif dates:
        parts.append(f"{dates['from']} 起" if "from" in dates else f"{dates['to']} 止")
    return "渝闻 · " + (" · ".join(parts) if parts else "全部文章")


def to_atom(data: dict, base_url: str, self_url: str, html_url: str, archive_time: datetime) -> str:
    """An Atom 1.0 feed of the hits, newest first; `archive_time` dates undated entries (the last reindex)."""
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "title", feed_title(data))
    _text(feed, "subtitle", f"共 {data['total']} 篇，本订阅含最新 {len(data['hits'])} 篇")
    _text(feed, "id", self_url)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=html_url)
    _text(feed, "updated", _iso(feed_updated(data, archive_time)))
    _text(ET.SubElement(feed, "author"), "name", "渝闻 重庆报纸档案检索")
    _text(feed, "generator", "渝闻 Yuwen")
    for hit in data["hits"]:
        _entry(feed, hit, base_url, archive_time)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_updated(data: dict, archive_time: datetime) -> datetime:
    """When the feed last changed: its newest dated entry, or the archive's rebuild time without one."""
    dated = [_day(h["date"]) for h in data["hits"] if h.get("date")]
    return max(dated) if dated else archive_time


def _entry(feed: ET.Element, hit: dict, base_url: str, archive_time: datetime) -> None:
    entry = ET.SubElement(feed, "entry")
    url = permalink(base_url, hit["id"])
    _text(entry, "title", hit["label"])
    _text(entry, "id", url)
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    original = (hit.get("provenance") or {}).get("url")
    if original:
        ET.SubElement(entry, "link", rel="related", type="text/html", href=original)
    _text(entry, "updated", _iso(_day(hit["date"]) if hit.get("date") else archive_time))
    if hit.get("date"):
        _text(entry, "published", _iso(_day(hit["date"])))
    for r in hit["reporters"]:
        _text(ET.SubElement(entry, "author"), "name", r["name"])
    for d in hit["districts"]:
        ET.SubElement(entry, "category", term=_clean(d), label=_clean(d))
    if hit.get("source"):
        ET.SubElement(entry, "category", term=_clean(hit["source"]), label="来源：" + _clean(hit["source"]))
    ET.SubElement(entry, "category", term="date_source:" + hit.get("date_source", "none"),
                  label=hit.get("date_label") or "日期不详")
    page = (hit.get("provenance") or {}).get("page")
    lead = f"【{hit.get('date_label') or '日期不详'}{' · 第 ' + page + ' 版' if page else ''}】"
    _text(entry, "summary", lead + plain(hit["snippet"]))


def permalink(base_url: str, article_id: str) -> str:
    """Absolute URL of an article page (every character a path segment can't hold is quoted).

    >>> permalink("https://x.org/", "a b?c#d/e")
    'https://x.org/article/a%20b%3Fc%23d%2Fe'
    """
    return f"{base_url.rstrip('/')}/article/{quote(article_id, safe='')}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, tag)
    el.text = _clean(text)
    return el


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _day(day: str) -> datetime:
    """An ISO day as midnight, China time."""
    return datetime.fromisoformat(f"{day}T00:00:00+08:00")


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()
