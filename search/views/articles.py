"""One article for display: metadata, paragraphs with the query's terms marked, a citation, related articles."""

from __future__ import annotations

from search.engine.base import Engine
from search.engine.budget import Deadline
from search.highlight import highlight, query_needles
from search.labels import display_title
from search.query import parse_query

RELATED = 5
ARTICLE_SECONDS = 2.0


def article_view(engine: Engine, article_id: str, q: str = "", deadline: Deadline | None = None) -> dict | None:
    """The article as a dict, or None when the id is unknown.

    Marking the query and finding related articles draw on `deadline`: once it has run out the
    text is shown unmarked and related articles are left out.
    """
    record = engine.record(article_id)
    if record is None:
        return None
    deadline = deadline or Deadline(ARTICLE_SECONDS)
    wanted = query_needles(parse_query(q)) if q else []
    data = dict(record)
    data["title_html"] = highlight(record.get("title") or "", wanted, deadline)
    data["label"] = display_title(data)
    data["paragraphs_html"] = [highlight(p, wanted, deadline)
                               for p in (record.get("body") or "").split("\n") if p.strip()]
    data["citation"] = citation(data)
    data["query"] = q
    related = [] if deadline.expired() else engine.related(record, RELATED, deadline)
    data["related"] = [related_link(r) for r in related]
    return data


def related_link(data: dict) -> dict:
    """A related article as a small dict for a link."""
    return {
        "id": data["id"],
        "title": data.get("title") or "",
        "label": display_title(data),
        "date": data.get("date"),
        "source": data.get("source"),
        "districts": data.get("districts") or [],
        "kind": data.get("kind") or "article",
    }


def citation(data: dict) -> str:
    """GB/T 7714 style reference for a newspaper article: 作者. 题名[N]. 报纸名, 日期(版次)."""
    authors = [r["name"] for r in data.get("reporters") or [] if r.get("role") not in ("摄影", "特约摄影")]
    names = "，".join(authors[:3]) + ("，等" if len(authors) > 3 else "")
    title = data.get("title") or "（无题）"
    source = data.get("source") or "佚名报纸"
    date = data.get("date") or "日期不详"
    page = data.get("page") or (data.get("origin") or {}).get("page")
    head = f"{names}. " if names else ""
    return f"{head}{title}[N]. {source}, {date}" + (f"({page})" if page else "") + "."
