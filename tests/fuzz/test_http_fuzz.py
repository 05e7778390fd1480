"""Generated HTTP requests never get a 500 or a trace; API errors are well-formed JSON.

Complements tests/web/test_openapi.py (schemathesis, documented parameters only): here also the HTML
pages, the exports, undocumented and repeated parameters, raw undecodable query strings and paths.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzzkit import DISTRICTS, REPORTERS, WORDS

SEARCH_ROUTES = ["/api/search", "/search", "/", "/export.csv", "/feed.atom"]
NAME_ROUTES = ["/api/article/", "/article/", "/api/reporter/", "/reporter/", "/api/district/", "/district/"]
KEYS = ["q", "page", "size", "sort", "from", "to", "reporter", "district", "source", "kind", "year", "month",
        "limit", "facet", "callback", "format", "x"]
FUZZ = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
IDENTITY = {"Accept-Encoding": "identity"}

# No lone surrogates: they can't travel in a URL (Werkzeug decodes bytes with replacement).
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
value = st.one_of(
    text,
    st.integers(-2**70, 2**70).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e3", "１２", "٣", "100", "101", "relevance", "newest", "oldest",
                     "2025", "2025-02-30", "2025-13", "9999-12-31", "0000-01-01", "2025/06/04", "2025年6月",
                     "NaN", "inf", "null", "[]", "{}", "%00", "\x00", "\n", "../../etc/passwd"]),
    st.sampled_from(WORDS + list(REPORTERS) + list(DISTRICTS)),
)
params = st.lists(st.tuples(st.sampled_from(KEYS), value), max_size=10)


def check(resp, path: str) -> None:
    """No server error, no trace; an error under /api is `{"error": {"code", "message"}}` JSON."""
    body = resp.get_data(as_text=True)
    assert resp.status_code < 500, f"{resp.status_code} for {path}: {body[:300]}"
    assert "Traceback" not in body and 'File "/' not in body, body[:300]
    if path.startswith("/api/") and resp.status_code >= 400:
        assert resp.mimetype == "application/json", resp.mimetype
        error = resp.get_json()["error"]
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]
        assert set(error) <= {"code", "message", "details"}


@FUZZ
@given(st.sampled_from(SEARCH_ROUTES), params)
def test_search_routes_never_fail_on_generated_parameters(tiny_client, route, query):
    resp = tiny_client.get(route, query_string=query, headers=IDENTITY)
    check(resp, route)
    if route == "/api/search" and resp.status_code == 200:
        data = resp.get_json()
        assert data["total"] >= len(data["hits"]) >= 0


@FUZZ
@given(st.sampled_from(["/api/suggest", "/api/stats", "/healthz", "/api/openapi.json"]), params)
def test_other_api_routes_never_fail_on_generated_parameters(tiny_client, route, query):
    check(tiny_client.get(route, query_string=query, headers=IDENTITY), route)


@FUZZ
@given(st.sampled_from(NAME_ROUTES), st.one_of(text, st.sampled_from(["..", ".", "%", "%2F", "a/b", "a" * 5000,
                                                                      "江津", "jiangjin", "佘振芳", "bonded-zone"])),
       st.booleans(), params)
def test_article_and_entity_routes_never_fail_on_generated_names(tiny_client, route, name, encode, query):
    path = route + (quote(name, safe="") if encode else name.replace("?", "").replace("#", ""))
    check(tiny_client.get(path, query_string=query, headers=IDENTITY), path)


RAW = st.lists(st.one_of(st.sampled_from([b"q=", b"page=", b"reporter=", b"from=", b"&", b"=", b"%", b"%ff", b"%fe%ff",
                                          b"%e4%b8", b"%00", b"%0a", b"+", b";", b"%25", b"q", b"%c0%ae"]),
                         st.binary(max_size=8).map(lambda b: bytes(c & 0x7F for c in b))),
               max_size=20).map(b"".join)


@FUZZ
@given(st.sampled_from(SEARCH_ROUTES + ["/api/suggest"]), RAW)
def test_undecodable_raw_query_strings_never_fail(tiny_client, route, raw):
    # WSGI carries the query string's bytes as a latin-1 str, exactly as waitress passes them on.
    resp = tiny_client.get(route, headers=IDENTITY, environ_overrides={"QUERY_STRING": raw.decode("latin-1")})
    check(resp, route)


@pytest.mark.parametrize("raw", [b"q=\x80", b"q=\xff\xfe", b"q=%E9%87%8D\xe5", b"reporter=\xc0\xae"])
def test_raw_non_utf8_bytes_in_the_query_string_are_a_bad_request_not_a_500(tiny_client, raw):
    # A client may send unencoded bytes; waitress hands them on as they came.
    for route in ("/api/search", "/search"):
        check(tiny_client.get(route, headers=IDENTITY, environ_overrides={"QUERY_STRING": raw.decode("latin-1")}),
              route)


def test_a_quarter_megabyte_query_answers_without_error(tiny_client):
    resp = tiny_client.get("/api/search", query_string={"q": "重庆火锅 " * 50_000}, headers=IDENTITY)
    check(resp, "/api/search")
    assert resp.status_code in (200, 400)
