"""Citations of newspaper articles: GB/T 7714-2015 ([N] and [N/OL]), RIS and BibTeX.

GB/T 7714-2015 (4.4 and 8.x) cites a newspaper article as

    主要责任者. 题名[N]. 报纸名, 出版日期(版次).
    主要责任者. 题名[N/OL]. 报纸名, 出版日期(版次)[引用日期]. 获取和访问路径.

with at most three authors and then `等`, and puts an estimated year in
square brackets — so a year we inferred is cited as `[2025]-09-23`, never
as a fact. Photographers are credited on the page but are not authors.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from search.views.provenance import date_source, original_url, page_of, provenance

NOT_AUTHORS = ("摄影", "特约摄影", "摄")
MAX_AUTHORS = 3
_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def authors(record: dict) -> list[str]:
    """Names of the article's writers in credit order (photographers left out)."""
    names = [r.get("name") for r in record.get("reporters") or [] if r.get("role") not in NOT_AUTHORS]
    return [n for n in dict.fromkeys(names) if n]


def cited_date(record: dict) -> str:
    """The date as a citation gives it: an inferred year in brackets, a missing date said so.

    >>> cited_date({"date": "2025-09-23", "date_source": "inferred"}), cited_date({"date": None})
    ('[2025]-09-23', '[出版日期不详]')
    """
    day = record.get("date")
    if not day:
        return "[出版日期不详]"
    return f"[{day[:4]}]{day[4:]}" if date_source(record) == "inferred" else day


def gbt7714(record: dict, accessed: date | None = None, url: str | None = None) -> str:
    """A GB/T 7714-2015 reference: [N] for the printed paper, [N/OL] with `url` and the access date.

    >>> rec = {"title": "夜经济", "source": "重庆日报", "date": "2025-09-23", "page": "3",
    ...        "reporters": [{"name": "甲"}, {"name": "乙"}, {"name": "丙"}, {"name": "丁"}]}
    >>> gbt7714(rec)
    '甲, 乙, 丙, 等. 夜经济[N]. 重庆日报, 2025-09-23(3).'
    >>> gbt7714(rec, date(2026, 1, 5), "https://x.cn/1.htm")
    '甲, 乙, 丙, 等. 夜经济[N/OL]. 重庆日报, 2025-09-23(3)[2026-01-05]. https://x.cn/1.htm.'
    """
    names = authors(record)
    head = ", ".join(names[:MAX_AUTHORS]) + (", 等" if len(names) > MAX_AUTHORS else "")
    title = _one_line(record.get("title")) or "[无题名]"
    paper = _one_line(record.get("source")) or "[报纸名不详]"
    page = page_of(record)
    where = f"{paper}, {cited_date(record)}" + (f"({page})" if page else "")
    kind = "[N/OL]" if url else "[N]"
    text = (f"{head}. " if head else "") + f"{title}{kind}. {where}"
    if url:
        text += f"[{(accessed or date.today()).isoformat()}]. {url}"
    return text + "."


def citations(record: dict, permalink: str | None, accessed: date | None = None) -> dict:
    """Every form of citation an article page offers.

    `gbt7714` cites the printed paper; `gbt7714_online` the online original when
    the record has one, else this archive's permalink.
    """
    online = original_url(record) or permalink
    return {"gbt7714": gbt7714(record),
            "gbt7714_online": gbt7714(record, accessed, online) if online else None,
            "online_url": online, "accessed": (accessed or date.today()).isoformat()}


def ris(records: list[dict], permalinks: list[str], accessed: date | None = None) -> str:
    """RIS (TY NEWS) for reference managers: Zotero, EndNote, NoteExpress …; CRLF line ends."""
    accessed = accessed or date.today()
    lines: list[str] = []
    for record, permalink in zip(records, permalinks):
        p = provenance(record)
        tags = [("TY", "NEWS")] + [("AU", n) for n in authors(record)]
        tags += [("TI", record.get("title") or ""), ("T2", p["source"] or ""), ("SP", p["page"] or ""),
                 ("SE", p["section"] or "")]
        if p["date"]:
            tags += [("PY", p["date"][:4]), ("DA", p["date"].replace("-", "/") + "/")]
        tags += [("UR", p["url"] or permalink), ("Y2", accessed.strftime("%Y/%m/%d/")),
                 ("N1", _note(p, permalink)), ("DB", "渝闻 重庆报纸档案检索"), ("ID", record["id"]),
                 ("LA", "zh-CN"), ("ER", "")]
        lines += [f"{tag}  - {_one_line(value)}".rstrip() + ("" if tag != "ER" else " ")
                  for tag, value in tags if value or tag == "ER"]
    return "\r\n".join(lines) + "\r\n"


def bibtex(records: list[dict], permalinks: list[str], accessed: date | None = None) -> str:
    """BibTeX/biblatex entries (@article, entrysubtype newspaper), values escaped for LaTeX."""
    accessed = accessed or date.today()
    entries = []
    for record, permalink in zip(records, permalinks):
        p = provenance(record)
        fields = [("author", " and ".join(authors(record))), ("title", record.get("title") or ""),
                  ("journal", p["source"] or ""), ("journaltitle", p["source"] or ""),
                  ("entrysubtype", "newspaper")]
        if p["date"]:
            fields += [("date", p["date"]), ("year", p["date"][:4]), ("month", str(int(p["date"][5:7])))]
        fields += [("pages", p["page"] or ""), ("note", _note(p, permalink)), ("langid", "chinese")]
        body = [f"  {k} = {{{_bib(v)}}}," for k, v in fields if v]
        body += [f"  url = {{{_bib_url(p['url'] or permalink)}}},", f"  urldate = {{{accessed.isoformat()}}},"]
        entries.append(f"@article{{{bib_key(record)},\n" + "\n".join(body) + "\n}")
    return "\n\n".join(entries) + "\n"


def bib_key(record: dict) -> str:
    """An ASCII citation key, stable for an article: `yuwen20250923-` and a hash of its id.

    >>> bib_key({"id": "重庆日报-20250923-1-01", "date": "2025-09-23"})
    'yuwen20250923-2b0ace'
    """
    digest = hashlib.blake2b(record["id"].encode("utf-8"), digest_size=3).hexdigest()
    return f"yuwen{(record.get('date') or 'nd').replace('-', '')}-{digest}"


def _note(p: dict, permalink: str) -> str:
    """What a reference manager keeps as a note: section, date caveat, the archive's permalink."""
    parts = [f"栏目：{p['section']}" if p["section"] else "",
             "年份为推断" if p["date_source"] == "inferred" else "",
             f"渝闻：{permalink}" if permalink else ""]
    return "；".join(x for x in parts if x)


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def _bib(value: str) -> str:
    r"""A value escaped for a braced BibTeX field.

    >>> _bib("50% & {x}_1")
    '50\\% \\& \\{x\\}\\_1'
    """
    return re.sub(r"[\\{}%&$#_~^]", lambda m: _BIB_SPECIAL[m.group(0)], _one_line(value))


def _bib_url(url: str) -> str:
    """A URL for biblatex's verbatim url field: only what would unbalance the braces is encoded."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
