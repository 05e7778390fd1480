"""CSV export and Atom feed of a search (same parameters as /search)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, request

from search.views.exports import to_atom, to_csv
from web.data import export_data
from web.security import public_root

exports = Blueprint("exports", __name__)


@exports.route("/export.csv")
def export_csv():
    """The search's first EXPORT_LIMIT results as CSV (first row says what was cut)."""
    data = export_data(request.args)
    response = Response(to_csv(data, public_root()), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="yuwen-search.csv"'
    return _counted(response, data)


@exports.route("/feed.atom")
def feed_atom():
    """The search as an Atom feed, newest first unless `sort` says otherwise."""
    data = export_data(request.args, feed=True)
    root = public_root().rstrip("/")
    query = urlencode(list(request.args.items(multi=True)))
    suffix = f"?{query}" if query else ""
    body = to_atom(data, root, self_url=f"{root}/feed.atom{suffix}", html_url=f"{root}/search{suffix}")
    return _counted(Response(body, mimetype="application/atom+xml"), data)


def _counted(response: Response, data: dict) -> Response:
    """Headers that say how many results there are and how many the file holds."""
    response.headers["X-Total-Count"] = str(data["total"])
    response.headers["X-Export-Count"] = str(data["exported"])
    response.headers["X-Export-Limit"] = str(data["limit"])
    return response
