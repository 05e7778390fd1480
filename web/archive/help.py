"""Search help: the advanced search form (it writes an ordinary /search URL) and the search tips page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request

from search.request import parse_search_args
from search.views.advanced import advanced_params
from search.views.browse import papers_view
from search.views.lists import index_view
from web.state import live_index

help_pages = Blueprint("help", __name__)


@help_pages.route("/advanced")
def advanced():
    """The form; once submitted, a redirect to the ordinary search it describes."""
    params = advanced_params(request.args)
    if params:
        parse_search_args(dict(params))  # a bad date is a 400 here, with the form's own words
        return redirect("/search?" + urlencode(params))
    engine = live_index()
    papers = [p["name"] for p in papers_view(engine)["papers"]]
    districts = [e["name"] for g in index_view(engine, "district")["groups"] for e in g["entries"]]
    return render_template("advanced.html", papers=papers, districts=districts)


@help_pages.route("/help")
def tips():
    """How to write a query, with examples that run."""
    return render_template("help.html")
