"""Segmentation quality on the hand-labelled sample pages (tests/data/labels).

Named test_page_quality.py rather than test_pages.py: tests/web/test_pages.py
already holds that basename, and pytest's default import mode needs unique ones.
Run with `-s` to see the report; `python -m corpus.pages.quality` prints all figures.
"""

from __future__ import annotations

import json

import pytest

from corpus.pages.quality import LABELS, SAMPLES, measure

# What the parser achieves now; a change that lowers a figure fails here.
# `year` counts only labelled years; items without a month/day carry no date at all, so
# their year can't match. `source` differs by policy: the labels leave photos, lists and
# continuations without a source, the parser credits them to the page's paper (issue #3).
THRESHOLDS = {
    "found": 1.0, "title": 1.0, "kicker": 1.0, "subtitle": 1.0, "kind": 1.0, "continuation": 1.0,
    "month_day": 1.0, "reporters": 1.0, "districts": 1.0, "year": 0.6, "source": 0.65,
}
PAGES = ("000_ccd9cb33b59a5db2", "001_a50a7312353d6633", "004_6093c4a7a48f33f9")


@pytest.fixture(scope="module")
def figures():
    if not all((LABELS / f"{page}.json").exists() for page in PAGES):
        pytest.skip("hand labels not present")
    result = measure(LABELS, SAMPLES)
    report = {page: {k: v for k, v in p.items() if k not in ("wrong", "missed", "extra")}
              for page, p in result["pages"].items()}
    print("\n" + json.dumps({"pages": report, "shares": result["shares"]}, ensure_ascii=False, indent=1))
    for page in result["pages"].values():
        for problem in page["wrong"]:
            print("  wrong:", problem)
    return result


@pytest.mark.parametrize("field", THRESHOLDS)
def test_share_of_labelled_items_and_fields_meets_threshold(figures, field):
    assert figures["shares"][field] >= THRESHOLDS[field]


def test_every_labelled_item_is_found_with_its_boundaries(figures):
    missed = {page: p["missed"] for page, p in figures["pages"].items() if p["missed"]}
    assert missed == {}


def test_no_extra_items_on_labelled_pages(figures):
    extra = {page: p["extra"] for page, p in figures["pages"].items() if p["extra"]}
    assert extra == {}


def test_every_sample_page_parses_into_items_with_bodies():
    from corpus.files.reader import iter_corpus_files, read_file

    for path, key in iter_corpus_files([SAMPLES]):
        articles = read_file(path, key).articles
        assert articles, key
        assert all(a.body.strip() for a in articles)
        assert all(a.kind in ("article", "photo", "brief") for a in articles)
