"""Comparing terms over time: a line chart on the page, the same numbers as JSON and as CSV."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, jsonify, render_template, request

from search.request import SearchRequest, parse_search_args
from search.views.compare import COMPARE_SECONDS, MAX_TERMS, compare_view, csv_rows
from search.views.exports import neutralise
from web.admission import looks_expensive
from web.data import budget
from web.state import live_index
from web.urls import compare_url, request_of, search_url

compare = Blueprint("compare", __name__)


def compare_data(args) -> dict:
    """The comparison the request asks for (q repeated, filters and dates as /search), with its links.

    It runs under an admission budget like a search: in the heavy lane from the start when one of
    its queries looks expensive."""
    req = parse_search_args(args)
    queries = args.getlist("q")
    mode, interval = args.get("mode") or "count", args.get("interval") or "auto"
    heavy = any(looks_expensive(SearchRequest(q=q)) for q in queries)
    with budget(heavy=heavy, seconds=COMPARE_SECONDS) as deadline:
        data = compare_view(live_index(), queries, SearchRequest(filters=req.filters, date_from=req.date_from,
                                                                 date_to=req.date_to), mode, interval, deadline)
    params, qs = data["params"], data["queries"]
    for s in data["series"]:
        s["search_url"] = search_url(request_of([("q", s["query"]), *params]), "/search")
    keep = {"mode": mode, "interval": None if interval == "auto" else interval}
    data["links"] = {"html": compare_url(qs, params, **keep), "json": compare_url(qs, params, "/api/compare", **keep),
                     "csv": compare_url(qs, params, "/compare.csv", **keep),
                     "count": compare_url(qs, params, mode="count", interval=keep["interval"]),
                     "per1000": compare_url(qs, params, mode="per1000", interval=keep["interval"])}
    return data


@compare.route("/compare", defaults={"fmt": "html"})
@compare.route("/api/compare", defaults={"fmt": "json"})
def compare_page(fmt: str):
    """Up to four queries per month or year, absolute or per 1,000 articles."""
    data = compare_data(request.args)
    if fmt == "json":
        return jsonify(data)
    return render_template("compare.html", data=data, max_terms=MAX_TERMS, args=request.args)


@compare.route("/compare.csv")
def compare_csv():
    """The comparison's table as CSV: period, articles, each query's count and count per 1,000."""
    data = compare_data(request.args)
    out = io.StringIO()
    rows = [[neutralise(c) if isinstance(c, str) else c for c in row] for row in csv_rows(data)]
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="yuwen-compare.csv"'
    return response
