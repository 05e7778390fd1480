"""Every URL a page or API response shows, added to the data functions' plain dicts.

Search data carries `params`, the search as it ran (filters resolved); each
facet bucket, chip, timeline bar, hit and correction gets the URL of the
search it leads to, as datasette's facets carry their toggle URLs.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from werkzeug.datastructures import MultiDict

from search.request import PAGE_CEILING, SearchRequest, parse_search_args


def request_of(params: list[tuple[str, str]]) -> SearchRequest:
    """The SearchRequest a `params` list describes."""
    return parse_search_args(MultiDict(params), max_page=PAGE_CEILING)


def search_url(req: SearchRequest, path: str = "", **changes) -> str:
    """This search with `changes` (page back to 1 unless given), as `path?…`."""
    changes.setdefault("page", 1)
    query = urlencode(req.params(**changes))
    return f"{path}?{query}" if query or not path else path


def toggle_url(req: SearchRequest, name: str, value: str) -> str:
    """This search with `value` added to filter `name`, or removed if it is selected."""
    current = list(req.filters.get(name, []))
    current = [v for v in current if v != value] if value in current else current + [value]
    return search_url(req, **{name: current})


def article_url(article_id: str, q: str = "", prefix: str = "") -> str:
    """An article page (`prefix` "/api" for its JSON); the query, when given, is marked in its text."""
    return f"{prefix}/article/{quote(article_id, safe='')}" + (f"?{urlencode({'q': q})}" if q else "")


def cite_url(fmt: str, ids: list[str]) -> str:
    """A RIS (`ris`) or BibTeX (`bib`) download of the articles with these ids.

    >>> cite_url("ris", ["a b", "c"])
    '/cite.ris?id=a+b&id=c'
    """
    return f"/cite.{fmt}?" + urlencode([("id", i) for i in ids])


def entity_url(kind: str, name: str, prefix: str = "") -> str:
    """A reporter's or district's page (`prefix` "/api" for its JSON)."""
    return f"{prefix}/{kind}/{quote(name, safe='')}"


def newest_url(name: str, value: str) -> str:
    """The newest articles filed under one facet value (a paper, say).

    >>> newest_url("source", "重庆日报&晚报")
    '/search?source=%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5%26%E6%99%9A%E6%8A%A5&sort=newest'
    """
    return "/search?" + urlencode([(name, value), ("sort", "newest")])


def papers_url(prefix: str = "") -> str:
    """The list of papers (`prefix` "/api" for its JSON)."""
    return f"{prefix}/papers"


def paper_url(source: str, year: int | None = None, month: int | None = None, day: int | None = None,
              page: str | None = None, prefix: str = "") -> str:
    """A paper's page, or one of its years, months, issues (a day) or printed pages.

    >>> paper_url("重庆日报", 2025, 9, 3, "A03")
    '/papers/%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5/2025/09/03/A03'
    """
    url = f"{prefix}/papers/{quote(source, safe='')}"
    for part, width in ((year, 4), (month, 2), (day, 2)):
        if part is None:
            return url
        url += f"/{part:0{width}d}"
    return url + (f"/{quote(page, safe='')}" if page else "")


def issue_url(source: str, iso_date: str, page: str | None = None, prefix: str = "") -> str:
    """The issue of a paper on an ISO date (or one of its pages)."""
    year, month, day = (int(x) for x in iso_date.split("-"))
    return paper_url(source, year, month, day, page, prefix)


def index_url(kind: str, prefix: str = "", **args) -> str:
    """The index of all reporters or districts (`/reporters`, `/districts`), with its arguments.

    >>> index_url("reporter", q="佘", page=None)
    '/reporters?q=%E4%BD%98'
    """
    query = urlencode([(k, v) for k, v in args.items() if v not in (None, "", 1)])
    return f"{prefix}/{kind}s" + (f"?{query}" if query else "")


def facet_url(req: SearchRequest, name: str, prefix: str = "") -> str:
    """Every value of one facet of this search (the "more" link of a facet list)."""
    query = urlencode(req.params(page=1))
    return f"{prefix}/facet/{name}" + (f"?{query}" if query else "")


def compare_url(queries: list[str], params: list[tuple[str, str]], path: str = "/compare", **changes) -> str:
    """A comparison of `queries` under the search `params` (filters, dates), with `changes` (mode, interval).

    >>> compare_url(["江津", "永川"], [("source", "重庆日报")], mode="per1000")
    '/compare?q=%E6%B1%9F%E6%B4%A5&q=%E6%B0%B8%E5%B7%9D&source=%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5&mode=per1000'
    """
    pairs = [("q", q) for q in queries] + [(k, v) for k, v in params if k not in ("q", "page", "size", "sort")]
    pairs += [(k, v) for k, v in changes.items() if v not in (None, "", "count", "auto")]
    return path + (f"?{urlencode(pairs)}" if pairs else "")


def links(req: SearchRequest, next_after: str | None = None) -> dict:
    """The same search as HTML, JSON, CSV, JSON Lines and Atom, and the JSON of the results after this page."""
    query = urlencode(req.params())
    suffix = f"?{query}" if query else ""
    whole = urlencode(req.params(page=1, size=None, after=None))  # exports ignore page, size and cursor
    whole = f"?{whole}" if whole else ""
    return {"html": "/search" + suffix, "json": "/api/search" + suffix,
            "csv": "/export.csv" + whole, "jsonl": "/export.jsonl" + whole, "atom": "/feed.atom" + whole,
            "next": f"/api/search?{urlencode(req.params(page=1, after=next_after))}" if next_after else None}


def with_search_urls(data: dict) -> dict:
    """Search data with the URL of every link it offers."""
    req = request_of(data["params"])
    for name, buckets in data["facets"].items():
        for b in buckets:
            b["toggle_url"] = toggle_url(req, name, b["value"])
    data["facet_urls"] = {name: facet_url(req, name) for name in data["facets"]}
    for f in data["active_filters"]:
        key = f["field"]
        f["remove_url"] = search_url(req, **{key: None}) if key in ("from", "to") else toggle_url(req, key, f["value"])
    unit = "month" if data["timeline"]["interval"] == "month" else "year"
    for b in data["timeline"]["buckets"]:  # one click, one filter (one chip): the bar's month or year
        b["url"] = toggle_url(req, unit, b["key"])
    for hit in data["hits"]:
        hit["url"] = article_url(hit["id"], data.get("ran", data["query"]))
    for fix in data["filter_fixes"]:
        fix["url"] = search_url(req, **{fix["field"]: fix["values"]})
    for e in data["entities"]:
        e["filter_url"] = toggle_url(req, e["type"], e["name"])
    if data.get("did_you_mean"):
        data["did_you_mean"]["url"] = search_url(req, q=data["did_you_mean"]["query"])
    if data.get("corrected"):
        data["corrected"]["url"] = search_url(req, q=data["corrected"]["to"])
        data["corrected"]["literal_url"] = search_url(req, q=data["corrected"]["from"], literal="1")
    data["links"] = links(req, data.get("next_after"))
    return data


def with_entity_urls(data: dict) -> dict:
    """Entity page data with links to searches, peers, sources, feeds and exports."""
    kind, name = data["type"], data["name"]
    base = SearchRequest(filters={kind: [name]}, sort="newest")
    unit = "month" if data["timeline"]["interval"] == "month" else "year"
    for b in data["timeline"]["buckets"]:
        b["url"] = search_url(base, "/search", **{unit: [b["key"]]})
    for hit in data["recent"]:
        hit["url"] = article_url(hit["id"])
    for other, peers in data["cooccurring"].items():
        for p in peers:
            p["url"] = entity_url(other, p["name"])
            p["search_url"] = "/search?" + urlencode([(kind, name), (other, p["name"])])
    for s in data["sources"]:
        s["url"] = "/search?" + urlencode([(kind, name), ("source", s["value"])])
    query = urlencode([(kind, name), ("sort", "newest")])
    data["links"] = {"html": entity_url(kind, name), "json": entity_url(kind, name, "/api"),
                     "search": f"/search?{query}", "atom": f"/feed.atom?{query}", "csv": f"/export.csv?{query}"}
    return data


def with_article_urls(data: dict) -> dict:
    """Article data with its own links and those of its related articles."""
    for r in data["related"]:
        r["url"] = article_url(r["id"])
    data["links"] = {"json": article_url(data["id"], prefix="/api"), "html": article_url(data["id"]),
                     "ris": cite_url("ris", [data["id"]]), "bib": cite_url("bib", [data["id"]])}
    if data.get("source"):
        data["links"]["source"] = newest_url("source", data["source"])
    issue = data.get("issue")
    if issue:
        issue["url"] = issue_url(issue["paper"], issue["date"])
        issue["page_url"] = issue_url(issue["paper"], issue["date"], issue["page"]) if issue["page"] else None
        for key in ("prev_article", "next_article"):
            if issue[key]:
                issue[key]["url"] = article_url(issue[key]["id"])
    return data
