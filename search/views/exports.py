"""A search as a CSV file or an Atom feed: the same search, bounded to a number of rows.

Both formats say when the export was cut short: CSV in its first row, Atom in
its subtitle. CSV cells that a spreadsheet would read as a formula are
neutralised; Atom is built with ElementTree, so every value is escaped.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import replace
from datetime import datetime, timezone
from html import unescape
from urllib.parse import quote
from xml.etree import ElementTree as ET

from search.engine.base import Engine
from search.engine.budget import Deadline
from search.request import SearchRequest
from search.run import SEARCH_SECONDS, run_search

EXPORT_LIMIT = 1000
CSV_COLUMNS = ("id", "date", "title", "subtitle", "source", "reporters", "districts", "kind", "url", "snippet")
# A spreadsheet reads a cell as a formula when it starts with one of these, also after leading
# whitespace (which some strip) and in full width (which some fold: ＝ is =).
FORMULA_CHARS = "=+-@"
WHITESPACE_STARTS = ("\t", "\r", "\n", " ", "\u3000")
ATOM = "http://www.w3.org/2005/Atom"
_TAG = re.compile(r"</?mark>")
# Characters XML 1.0 forbids even when escaped (control characters from OCR text).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def export_search(engine: Engine, req: SearchRequest, limit: int = EXPORT_LIMIT,
                  time_limit: float = SEARCH_SECONDS, deadline: Deadline | None = None) -> dict:
    """The first `limit` results of the search (page and size ignored), plus what was cut.

    Matching and every row's snippet draw on one budget (`deadline`, else `time_limit`): rows
    presented after it ran out carry their opening text.
    """
    data = run_search(engine, replace(req, page=1, size=max(1, limit)), time_limit=time_limit, deadline=deadline)
    data["limit"] = limit
    data["exported"] = len(data["hits"])
    data["truncated"] = data["total"] > data["exported"]
    return data


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


def summary_line(data: dict) -> str:
    """What the export holds, in Chinese: the query, the total, and the cut when there is one."""
    what = f"检索“{data['query']}”" if data["query"] else "全部文章"
    line = f"渝闻导出 · {what} · 共 {data['total']} 篇"
    if data["truncated"]:
        line += f"，仅含前 {data['exported']} 篇（导出上限 {data['limit']} 篇）"
    if data.get("timed_out"):
        line += "；检索超时，结果或摘要可能不完整"
    return line


def to_csv(data: dict, base_url: str) -> str:
    """UTF-8 CSV with a BOM (Excel reads Chinese correctly): a summary row, a header row, the hits."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["# " + summary_line(data)])
    writer.writerow(CSV_COLUMNS)
    for hit in data["hits"]:
        row = _row(hit, base_url)
        writer.writerow([neutralise(str(row[c] or "")) for c in CSV_COLUMNS])
    return "\ufeff" + out.getvalue()


def _row(hit: dict, base_url: str) -> dict:
    return {
        **hit,
        "reporters": "；".join(f"{r['role']} {r['name']}".strip() for r in hit["reporters"]),
        "districts": "；".join(hit["districts"]),
        "url": permalink(base_url, hit["id"]),
        "snippet": plain(hit["snippet"]),
    }


def permalink(base_url: str, article_id: str) -> str:
    """Absolute URL of an article page (every character a path segment can't hold is quoted).

    >>> permalink("https://x.org/", "a b?c#d/e")
    'https://x.org/article/a%20b%3Fc%23d%2Fe'
    """
    return f"{base_url.rstrip('/')}/article/{quote(article_id, safe='')}"


def to_atom(data: dict, base_url: str, self_url: str, html_url: str, now: datetime | None = None) -> str:
    """An Atom 1.0 feed of the hits; the subtitle says how many of how many it holds."""
    now = now or datetime.now(timezone.utc)
    feed = ET.Element("feed", xmlns=ATOM)
    title = f"渝闻 · {data['query']}" if data["query"] else "渝闻 · 全部文章"
    _text(feed, "title", title)
    _text(feed, "subtitle", summary_line(data))
    _text(feed, "id", self_url)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=html_url)
    dated = [h["date"] for h in data["hits"] if h.get("date")]
    undated = len(dated) < len(data["hits"]) or not dated  # such entries are stamped `now`
    _text(feed, "updated", _iso(now) if undated else _stamp(max(dated)))
    _text(ET.SubElement(feed, "author"), "name", "渝闻 重庆报纸档案检索")
    _text(feed, "generator", "渝闻 Yuwen")
    for hit in data["hits"]:
        _entry(feed, hit, base_url, now)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(feed: ET.Element, hit: dict, base_url: str, now: datetime) -> None:
    entry = ET.SubElement(feed, "entry")
    url = permalink(base_url, hit["id"])
    _text(entry, "title", hit["label"])
    _text(entry, "id", url)
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    _text(entry, "updated", _stamp(hit["date"]) if hit.get("date") else _iso(now))
    for r in hit["reporters"]:
        _text(ET.SubElement(entry, "author"), "name", r["name"])
    for d in hit["districts"]:
        ET.SubElement(entry, "category", term=_clean(d), label=_clean(d))
    if hit.get("source"):
        ET.SubElement(entry, "category", term=_clean(hit["source"]), label="来源：" + _clean(hit["source"]))
    _text(entry, "summary", plain(hit["snippet"]))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, tag)
    el.text = _clean(text)
    return el


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _stamp(day: str) -> str:
    """An ISO day as an RFC 3339 timestamp (midnight, China time)."""
    return f"{day}T00:00:00+08:00"


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()
