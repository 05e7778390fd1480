"""Security and cache headers, refused bodies, absolute links that no Host header can change."""

import csv
import io
import re

import pytest

from web import create_app
from web.security import CSP

PAGES = ["/", "/search?q=%E9%87%8D%E5%BA%86", "/article/night-economy?q=%E5%A4%9C", "/reporter/%E4%BD%99%E6%9D%B0",
         "/district/%E5%A4%A7%E8%B6%B3%E5%8C%BA", "/no-such-page", "/article/no-such-article"]
EVERYTHING = PAGES + ["/api/search?q=%E9%87%8D%E5%BA%86", "/api/article/night-economy", "/api/stats", "/healthz",
                      "/export.csv", "/feed.atom", "/static/style.css", "/api/article/no-such-article"]
FORGED = {"Host": "evil.example"}


@pytest.mark.parametrize("url", EVERYTHING)
def test_every_response_carries_the_security_headers(client, url):
    resp = client.get(url)
    assert resp.headers["Content-Security-Policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    resp.close()


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_no_inline_script_style_or_event_handler(client, url):
    html = client.get(url).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute"
    assert "javascript:" not in html


def test_the_sort_menu_submits_through_the_static_script(client):
    html = client.get("/search?q=%E9%87%8D%E5%BA%86").get_data(as_text=True)
    assert "data-autosubmit" in html and re.search(r'<script src="/static/forms\.js\?v=[0-9a-f]+" defer>', html)
    js = client.get("/static/forms.js")
    assert b"select[data-autosubmit]" in js.data
    js.close()


@pytest.mark.parametrize("url, cache", [
    ("/api/search?q=%E9%87%8D%E5%BA%86", "public, max-age=60"), ("/api/article/night-economy", "public, max-age=60"),
    ("/api/stats", "public, max-age=60"), ("/api/suggest?q=%E6%B1%9F", "public, max-age=60"),
    ("/api/reporter/%E4%BD%99%E6%9D%B0", "public, max-age=60"), ("/api/openapi.json", "public, max-age=3600"),
    ("/export.csv", "public, max-age=60"), ("/feed.atom", "public, max-age=60"),
    ("/healthz", "no-store"), ("/api/article/no-such-article", "no-store"), ("/api/search?page=0", "no-store"),
])
def test_api_responses_say_how_long_they_may_be_cached(client, url, cache):
    assert client.get(url).headers["Cache-Control"] == cache


@pytest.mark.parametrize("url", ["/api/search?q=x", "/search", "/healthz"])
def test_a_request_with_a_body_is_refused_with_413(client, url):
    resp = client.get(url, data=b"x" * 1000)
    assert resp.status_code == 413
    chunked = client.get(url, input_stream=io.BytesIO(b"x"), headers={"Transfer-Encoding": "chunked"})
    assert chunked.status_code == 413
    if url.startswith("/api/"):
        assert resp.get_json()["error"]["code"] == "request_entity_too_large"


def _links(client, headers=None) -> str:
    """Everything with an absolute link: the Atom feed, the CSV url column, an article's canonical link."""
    feed = client.get("/feed.atom?q=%E9%87%8D%E5%BA%86", headers=headers).get_data(as_text=True)
    table = client.get("/export.csv?q=%E9%87%8D%E5%BA%86", headers=headers).get_data(as_text=True)
    urls = [row[8] for row in list(csv.reader(io.StringIO(table.lstrip("\ufeff"))))[2:]]
    page = client.get("/article/night-economy", headers=headers).get_data(as_text=True)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    return "\n".join([feed, *urls, canonical])


def test_absolute_links_start_with_the_public_url_whatever_the_host_header(tiny_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                         "PUBLIC_URL": "https://yuwen.example/archive"}).test_client()
    links = _links(client, FORGED)
    assert "evil.example" not in links
    assert "https://yuwen.example/archive/article/night-economy" in links
    assert 'href="https://yuwen.example/archive/feed.atom?q=' in links


def test_with_trusted_hosts_a_forged_host_is_refused_and_a_trusted_one_is_used(tiny_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                         "TRUSTED_HOSTS": ["yuwen.example"]}).test_client()
    assert client.get("/feed.atom", headers=FORGED).status_code == 400
    assert "http://yuwen.example/article/night-economy" in _links(client, {"Host": "yuwen.example"})


def test_without_either_links_use_the_servers_own_address_never_the_host_header(client):
    links = _links(client, FORGED)
    assert "evil.example" not in links and "http://localhost/article/night-economy" in links
