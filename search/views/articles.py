"""One article for display: metadata and provenance, paragraphs with the query's terms marked, citations,
related articles."""

from __future__ import annotations

from collections.abc import Callable

from search.engine.base import Engine
from search.engine.budget import Deadline
from search.highlight import highlight, query_needles
from search.labels import display_title
from search.query import parse_query
from search.views.cite import citations
from search.views.issue import article_issue
from search.views.provenance import date_label, date_source, provenance

RELATED = 5
ARTICLE_SECONDS = 2.0


def article_view(engine: Engine, article_id: str, q: str = "",
                 permalink: Callable[[str], str] | None = None, deadline: Deadline | None = None) -> dict | None:
    """The article as a dict, or None when the id is unknown.

    An earlier id of the article (one of its `aliases`) finds it too; the dict's `id` is then the
    current one, which the caller redirects to. `permalink` gives an id's absolute address, cited
    when the record has no original online one. Marking the query, placing the article in its
    issue and finding related articles draw on `deadline`: once it has run out the text is shown
    unmarked and related articles are left out.
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
    data["date_source"] = date_source(record)
    data["date_label"] = date_label(record.get("date"), data["date_source"])
    data["provenance"] = provenance(record)
    data["citations"] = citations(record, permalink(record["id"]) if permalink else None)
    data["citation"] = data["citations"]["gbt7714"]
    data["issue"] = article_issue(engine, record, deadline)
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
        "date_source": date_source(data),
        "date_label": date_label(data.get("date"), date_source(data)),
        "source": data.get("source"),
        "districts": data.get("districts") or [],
        "kind": data.get("kind") or "article",
    }
