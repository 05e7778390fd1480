"""One article for display: metadata, paragraphs with the query's terms marked, a citation, related articles."""

from __future__ import annotations

from search.engine import LoadedIndex
from search.highlight import highlight, needles
from search.labels import display_title
from search.query import parse_query
from search.related import related


def article_view(index: LoadedIndex, article_id: str, q: str = "") -> dict | None:
    """The article as a dict, or None when the id is unknown."""
    article = index.article(article_id)
    if article is None:
        return None
    wanted = needles([t.text for t in parse_query(q).terms() if t.field in (None, "title")]) if q else []
    data = article.to_dict()
    data["title_html"] = highlight(article.title, wanted)
    data["label"] = display_title(data)
    data["paragraphs_html"] = [highlight(p, wanted) for p in article.body.split("\n") if p.strip()]
    data["citation"] = citation(data)
    data["query"] = q
    data["related"] = related(index, article)
    return data


def citation(data: dict) -> str:
    """GB/T 7714 style reference for a newspaper article: 作者. 题名[N]. 报纸名, 日期(版次)."""
    authors = [r["name"] for r in data.get("reporters") or [] if r.get("role") not in ("摄影", "特约摄影")]
    names = "，".join(authors[:3]) + ("，等" if len(authors) > 3 else "")
    title = data.get("title") or "（无题）"
    source = data.get("source") or "佚名报纸"
    date = data.get("date") or "日期不详"
    page = data.get("page")
    head = f"{names}. " if names else ""
    return f"{head}{title}[N]. {source}, {date}" + (f"({page})" if page else "") + "."

