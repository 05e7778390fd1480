"""Compression and caching headers."""

import gzip
import re


def test_html_is_gzipped_when_the_client_accepts_it(client):
    resp = client.get("/search?q=重庆", headers={"Accept-Encoding": "gzip, deflate"})
    assert resp.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in resp.headers["Vary"]
    assert "渝闻" in gzip.decompress(resp.data).decode("utf-8")


def test_responses_are_plain_when_the_client_does_not_accept_gzip(client):
    resp = client.get("/search?q=重庆")
    assert "Content-Encoding" not in resp.headers and "渝闻" in resp.get_data(as_text=True)


def test_json_and_static_files_are_gzipped_too(client):
    api = client.get("/api/search?q=重庆", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip" and b'"total"' in gzip.decompress(api.data)
    css = client.get("/static/style.css", headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip" and b"--accent" in gzip.decompress(css.data)
    css.close()


def test_tiny_responses_are_not_compressed(client):
    resp = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in resp.headers


def test_pages_link_static_files_by_content_hash_and_those_are_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'href="(/static/style\.css\?v=[0-9a-f]{10})"', html).group(1)
    resp = client.get(url)
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    resp.close()


def test_static_files_without_a_hash_are_cached_briefly(client):
    resp = client.get("/static/suggest.js")
    assert resp.headers["Cache-Control"] == "public, max-age=3600"
    resp.close()
