"""Markup in articles, names and queries is shown as text everywhere; CSV cells never run as formulas.

The injection index (fuzzkit.injection_corpus) puts script, image, attribute-breaking and
`javascript:` payloads into titles, subtitles, kickers, bodies, reporter names and roles,
districts and sources, and spreadsheet formulas into every CSV column.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzzkit import DANGEROUS, FORMULAS, PAYLOADS, SCRIPT

IDENTITY = {"Accept-Encoding": "identity"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def html(client, url: str, headers: dict | None = None, **kwargs) -> str:
    resp = client.get(url, headers={**IDENTITY, **(headers or {})}, **kwargs)
    assert resp.status_code in (200, 404), f"{resp.status_code} for {url}"
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


def assert_inert(page: str, url: str) -> None:
    """No payload survives unescaped, and no link runs javascript."""
    for raw in DANGEROUS:
        assert raw not in page, f"{raw!r} unescaped on {url}"
    assert not JS_URL.search(page), f"javascript: URL on {url}"


def reporter_urls(client) -> list[str]:
    hits = client.get("/api/search", query_string={"q": "注入正文", "size": 100}).get_json()["hits"]
    names = {r["name"] for h in hits for r in h["reporters"]}
    return [f"/reporter/{quote(n, safe='')}" for n in names]


PAGES = [
    "/search?q=注入正文",
    "/search?q=注入正文&sort=newest&size=50",
    "/search?q=公式注入",
    "/search?q=夜经济",
    *[f"/search?q={quote(p)}" for p in PAYLOADS],
    *[f"/search?q=注入正文&reporter={quote('记者' + p)}&district={quote(p)}&source={quote('报' + p)}"
      for p in PAYLOADS],
    *[f"/article/inj-{i}?q={quote(p)}" for i, p in enumerate(PAYLOADS)],
    *[f"/article/inj-{i}?q=注入正文" for i in range(len(PAYLOADS))],
    *[f"/article/{quote(p, safe='')}" for p in PAYLOADS],
    *[f"/district/{quote(p, safe='')}" for p in PAYLOADS],
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_show_payloads_as_text(injection_client, url):
    assert_inert(html(injection_client, url), url)


def test_payloads_are_really_on_the_results_page_escaped(injection_client):
    page = html(injection_client, "/search?q=注入正文&size=50")
    assert "&lt;script&gt;alert(" in page  # the test looks at a page that holds them
    assert re.sub("</?mark>", "", page).count("注入标题") >= len(PAYLOADS)


def test_reporter_pages_show_payload_names_as_text(injection_client):
    urls = reporter_urls(injection_client)
    assert len(urls) >= len(PAYLOADS)
    for url in urls:
        assert_inert(html(injection_client, url, follow_redirects=True), url)


def test_a_hostile_referrer_does_not_reach_the_back_link(injection_client):
    referrer = f"http://localhost/search?q={quote(SCRIPT)}&x=%22%3E%3Cscript%3Ealert(9)%3C/script%3E"
    page = html(injection_client, "/article/inj-0?q=x", headers={"Referer": referrer})
    assert_inert(page, "/article/inj-0 with a hostile Referer")


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list(PAYLOADS) + ["注入正文", "夜经济", "<", ">", '"', "'", "&", "<mark>", "</mark>",
                                                  "<b>", "{{7*7}}", "{% raw %}", "${x}"]), min_size=1, max_size=6)
       .map(" ".join),
       st.sampled_from(["/search", "/"]))
def test_any_query_mixing_payloads_renders_inert(injection_client, q, route):
    page = html(injection_client, route, query_string={"q": q})
    assert_inert(page, f"{route}?q={q}")
    if "{{7*7}}" in q:
        assert "{{7*7}}" in page  # echoed as typed, never evaluated as a template


def test_api_returns_payloads_as_json_data(injection_client):
    resp = injection_client.get("/api/search", query_string={"q": SCRIPT}, headers=IDENTITY)
    assert resp.mimetype == "application/json"
    assert resp.get_json()["query"] == SCRIPT  # data stays data; escaping is the renderer's job


def test_atom_feed_is_well_formed_and_carries_payloads_as_text(injection_client):
    resp = injection_client.get("/feed.atom", query_string={"q": "注入正文"}, headers=IDENTITY)
    assert resp.status_code == 200
    body = resp.get_data()
    root = ET.fromstring(body)  # raises if a payload broke the XML
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(SCRIPT in t for t in titles)
    assert b"<script>" not in body


def test_csv_export_neutralises_every_formula_cell(injection_client):
    resp = injection_client.get("/export.csv", query_string={"q": '"公式注入正文"'}, headers=IDENTITY)
    assert resp.status_code == 200
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    data = rows[1:]  # the header, then one row per article
    assert len(data) == len(FORMULAS)
    cells = [cell for row in data for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)], cells
    assert sum(c.startswith("'") for c in cells) >= 3 * len(FORMULAS)  # title, subtitle, source at least


def test_csv_export_neutralises_a_formula_typed_as_the_query(injection_client):
    resp = injection_client.get("/export.csv", query_string={"q": "=cmd|' /C calc'!A0"}, headers=IDENTITY)
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert not [c for row in rows for c in row if c.startswith(FORMULA_STARTS)], rows[:3]
