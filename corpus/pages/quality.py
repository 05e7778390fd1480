"""Measure page segmentation against hand labels: `python -m corpus.pages.quality [--labels DIR] [--samples DIR]`.

A labelled item is *found* when some parsed item has the same first and last
eight body characters (line breaks removed, spaces kept). For found items we
count how often title, kicker, subtitle, kind, continuation, month/day, year
(where the label gives one), reporters, districts and source agree.
Prints JSON: one entry per labelled page and a total.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.files.reader import read_file
from corpus.model import Article

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "data" / "labels"
SAMPLES = ROOT / "corpus" / "samples"
FIELDS = ("title", "kicker", "subtitle", "kind", "continuation", "month_day", "year", "reporters",
          "districts", "source")


def ends(article: Article) -> tuple[str, str]:
    """First and last eight body characters, line breaks removed."""
    flat = article.body.replace("\n", "")
    return flat[:8], flat[-8:]


def observed(article: Article, field: str):
    """The parsed value of a labelled field, in the label's shape."""
    if field == "month_day":
        return article.date[5:] if article.date and article.date_source != "issue" else None
    if field == "year":
        return int(article.date[:4]) if article.date else None
    if field == "reporters":
        return [{"name": r.name, "role": r.role} for r in article.reporters]
    return getattr(article, field)


def compare_page(articles: list[Article], labels: list[dict]) -> dict:
    """Counts of found items and agreeing fields for one page, plus the disagreements."""
    by_ends = {ends(a): a for a in articles}
    result = {"labelled": len(labels), "parsed": len(articles), "found": 0,
              **{f: 0 for f in FIELDS}, "year_labelled": 0, "missed": [], "wrong": []}
    matched = set()
    for label in labels:
        article = by_ends.get((label["body_start"], label["body_end"]))
        if article is None:
            result["missed"].append(f"{label['body_start']}…{label['body_end']} ({label['title']})")
            continue
        result["found"] += 1
        matched.add(id(article))
        for field in FIELDS:
            if field == "year" and label.get("year") is None:
                continue
            result["year_labelled"] += field == "year"
            got = observed(article, field)
            if got == label.get(field):
                result[field] += 1
            else:
                result["wrong"].append({"item": label["title"] or label["body_start"], "field": field,
                                        "label": label.get(field), "parsed": got})
    result["extra"] = [f"{ends(a)[0]}…{ends(a)[1]} ({a.title})" for a in articles if id(a) not in matched]
    return result


def measure(labels_dir: Path = LABELS, samples_dir: Path = SAMPLES) -> dict:
    """Figures for every labelled page and their total."""
    pages = {}
    for label_file in sorted(labels_dir.glob("*.json")):
        page = samples_dir / f"{label_file.stem}.txt"
        if not page.exists():
            continue
        labels = json.loads(label_file.read_text(encoding="utf-8"))
        pages[label_file.stem] = compare_page(read_file(page, page.name).articles, labels)
    total = {key: sum(p[key] for p in pages.values()) for key in
             ("labelled", "parsed", "found", "year_labelled", *FIELDS)}
    return {"pages": pages, "total": total, "shares": shares(total)}


def shares(counts: dict) -> dict:
    """Found items as a share of labelled ones; fields as a share of found ones."""
    found = counts["found"] or 1
    result = {"found": round(counts["found"] / (counts["labelled"] or 1), 3)}
    for field in FIELDS:
        base = counts["year_labelled"] if field == "year" else found
        result[field] = round(counts[field] / (base or 1), 3)
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the quality figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    args = parser.parse_args(argv)
    json.dump(measure(args.labels, args.samples), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
