"""Every URL a page or API response shows, added to the data functions' plain dicts.

Search data carries `params`, the search as it ran (filters resolved); each
facet bucket, chip, timeline bar, hit and correction gets the URL of the
search it leads to, as datasette's facets carry their toggle URLs.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from werkzeug.datastructures import MultiDict

from search.request import SearchRequest, parse_search_args


def request_of(params: list[tuple[str, str]]) -> SearchRequest:
    """The SearchRequest a `params` list describes."""
    return parse_search_args(MultiDict(params))


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


def article_url(article_id: str, q: str = "") -> str:
    """An article page; the query, when given, is marked in its text."""
    return f"/article/{quote(article_id, safe='')}" + (f"?{urlencode({'q': q})}" if q else "")


def entity_url(kind: str, name: str, prefix: str = "") -> str:
    """A reporter's or district's page (`prefix` "/api" for its JSON)."""
    return f"{prefix}/{kind}/{quote(name, safe='')}"


def newest_url(name: str, value: str) -> str:
    """The newest articles filed under one facet value (a paper, say).

    >>> newest_url("source", "重庆日报&晚报")
    '/search?source=%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5%26%E6%99%9A%E6%8A%A5&sort=newest'
    """
    return "/search?" + urlencode([(name, value), ("sort", "newest")])


def links(req: SearchRequest) -> dict:
    """The same search as HTML, JSON, CSV and Atom."""
    query = urlencode(req.params())
    suffix = f"?{query}" if query else ""
    return {"html": "/search" + suffix, "json": "/api/search" + suffix,
            "csv": "/export.csv" + suffix, "atom": "/feed.atom" + suffix}


def with_search_urls(data: dict) -> dict:
    """Search data with the URL of every link it offers."""
    req = request_of(data["params"])
    for name, buckets in data["facets"].items():
        for b in buckets:
            b["toggle_url"] = toggle_url(req, name, b["value"])
    for f in data["active_filters"]:
        key = f["field"]
        f["remove_url"] = search_url(req, **{key: None}) if key in ("from", "to") else toggle_url(req, key, f["value"])
    for b in data["timeline"]["buckets"]:
        b["url"] = search_url(req, **{"from": b["date_from"], "to": b["date_to"]})
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
    data["links"] = links(req)
    return data


def with_entity_urls(data: dict) -> dict:
    """Entity page data with links to searches, peers, sources, feeds and exports."""
    kind, name = data["type"], data["name"]
    base = SearchRequest(filters={kind: [name]}, sort="newest")
    for b in data["timeline"]["buckets"]:
        b["url"] = search_url(base, "/search", **{"from": b["date_from"], "to": b["date_to"]})
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
    data["links"] = {"json": f"/api/article/{quote(data['id'], safe='')}", "html": article_url(data["id"])}
    return data
