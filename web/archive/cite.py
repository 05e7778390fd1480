"""RIS and BibTeX downloads of one article or a selection of results (`?id=…&id=…`)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from search.request import MAX_ID_CHARS, BadRequest
from search.views.cite import bibtex, ris
from web.security import absolute
from web.state import live_index
from web.urls import article_url

cite = Blueprint("cite", __name__)

MAX_IDS = 100
FORMATS = {"ris": ("application/x-research-info-systems", ris), "bib": ("application/x-bibtex", bibtex)}


def cited_records(ids: list[str]) -> list[dict]:
    """The stored articles with these ids (earlier ids too), in the order given, once each; 404 if none."""
    wanted = [i for i in dict.fromkeys(i.strip() for i in ids) if i]
    if not wanted:
        raise BadRequest("missing_id", "请用 id 参数指定要引用的文章（可重复）")
    if len(wanted) > MAX_IDS:
        raise BadRequest("too_many_ids", f"一次最多引用 {MAX_IDS} 篇")
    engine = live_index()
    found = {}
    for i in wanted:
        record = engine.record(i) if len(i) <= MAX_ID_CHARS else None
        if record is not None:
            found.setdefault(record["id"], record)
    if not found:
        abort(404)
    return list(found.values())


@cite.route("/cite.ris", defaults={"fmt": "ris"})
@cite.route("/cite.bib", defaults={"fmt": "bib"})
def cite_download(fmt: str):
    """The selected articles as a RIS or BibTeX file for a reference manager."""
    records = cited_records(request.args.getlist("id"))
    mimetype, render = FORMATS[fmt]
    body = render(records, [absolute(article_url(r["id"])) for r in records])
    name = "yuwen-citation" if len(records) == 1 else f"yuwen-citations-{len(records)}"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
