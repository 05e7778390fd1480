"""Score `manage.py parse` on rendered pages of real articles and on the hand-labelled sample pages.

    .venv/bin/python bench/pages/score.py [--corpus PKU.jsonl] [--seed N] [--show-misses]

Prints JSON: for the tuning pages and, apart, the held-out pages (dates the
parser was never tuned on) — the share of articles whose boundaries came
back exactly (the item's body is the article's paragraphs, verbatim, or —
a deck printed as the first paragraph read as the subtitle — its headline
decks and body are the article's headline and paragraphs; `body_exact`
counts the first case only), title accuracy, and reporter precision/recall against the hand labels in
`labels/reporters.json`; and the sample pages' figures against
`tests/data/labels` (body-keeps-the-dateline policy); and, apart from any
layout, reporter precision/recall of the extraction run on each labelled
record's own text (what a JSONL import without reporter fields gets).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from render import DEFAULT_CORPUS, RenderedPage, load_records, render_pages  # noqa: E402

HELD_OUT_DATES = ("1998-01-09", "1998-01-10")  # never looked at while tuning
LABELS = HERE / "labels" / "reporters.json"
_SPACE = re.compile(r"\s+")


def flat(text: str) -> str:
    """Text without any whitespace: column wraps and paragraph breaks don't count."""
    return _SPACE.sub("", text)


def parse_pages(pages: list[RenderedPage]) -> dict[str, list[dict]]:
    """Run `manage.py parse` over the pages written to a temporary directory; items per page name."""
    with tempfile.TemporaryDirectory(prefix="yuwen-pages-") as tmp:
        for page in pages:
            Path(tmp, f"{page.name}.txt").write_text(page.text, encoding="utf-8")
        done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "parse", tmp], cwd=ROOT,
                              capture_output=True, text=True, check=False)
    items: dict[str, list[dict]] = {p.name: [] for p in pages}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            item = json.loads(line)
            items[Path(item["origin"]["path"]).stem].append(item)
    return items


def _best(article, items: list[dict]) -> dict | None:
    """The parsed item sharing most text with the article (its reporters are the article's)."""
    want = flat("".join(article.paragraphs))
    scored = [(_shared(want, flat(i["body"])), i) for i in items]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: s[0])[1] if scored else None


def _shared(a: str, b: str) -> int:
    grams = {a[i:i + 4] for i in range(0, max(0, len(a) - 3), 2)}
    return sum(1 for i in range(0, max(0, len(b) - 3)) if b[i:i + 4] in grams)


def score(pages: list[RenderedPage], items: dict[str, list[dict]], labels: dict[str, list[str]]) -> dict:
    """Boundary, title and reporter figures for a set of pages."""
    total = exact = titled = body_exact = 0
    tp = predicted = wanted = 0
    misses = []
    for page in pages:
        texts = {flat(i["kicker"] + i["title"] + i["subtitle"] + i["body"]): i for i in items[page.name]}
        bodies = {flat(i["body"]): i for i in items[page.name]}
        for article in page.articles:
            total += 1
            body = flat("".join(article.paragraphs))
            body_exact += body in bodies
            item = bodies.get(body) or texts.get(flat(article.title) + body)
            if item is not None:
                exact += 1
                shown = flat(item["kicker"] + item["title"] + item["subtitle"])
                titled += shown == flat(article.title)
            else:
                misses.append(f"{page.name} {article.id} {article.title}")
            if article.id in labels:
                found = item or _best(article, items[page.name])
                names = {r["name"] for r in found["reporters"]} if found else set()
                truth = set(labels[article.id])
                tp += len(names & truth)
                predicted += len(names)
                wanted += len(truth)
    return {"pages": len(pages), "articles": total, "items_parsed": sum(len(items[p.name]) for p in pages),
            "boundaries_correct": round(exact / (total or 1), 3),
            "body_exact": round(body_exact / (total or 1), 3),
            "title_accuracy": round(titled / (total or 1), 3),
            "title_accuracy_of_correct": round(titled / (exact or 1), 3),
            "reporters": {"labelled_articles": sum(1 for p in pages for a in p.articles if a.id in labels),
                          "precision": round(tp / (predicted or 1), 3), "recall": round(tp / (wanted or 1), 3),
                          "found": tp, "predicted": predicted, "labelled": wanted},
            "_misses": misses}


def record_credit_scores(records: list[dict], labels: dict[str, list[str]]) -> dict:
    """Reporter P/R of the extraction on each labelled record's own text (no page layout involved)."""
    from corpus.extract.facts import text_facts

    by_id = {r["id"]: r for r in records}
    tp = predicted = wanted = 0
    for article_id, names in labels.items():
        found = {r.name for r in text_facts(by_id[article_id]["body"], dates=False, districts=False).reporters}
        tp += len(found & set(names))
        predicted += len(found)
        wanted += len(names)
    return {"labelled_articles": len(labels), "precision": round(tp / (predicted or 1), 3),
            "recall": round(tp / (wanted or 1), 3), "found": tp, "predicted": predicted, "labelled": wanted}


def sample_scores() -> dict:
    """The five sample pages against tests/data/labels (corpus.pages.quality)."""
    from corpus.pages.quality import measure

    result = measure()
    return {"pages": {k: {f: v for f, v in p.items() if f not in ("wrong", "missed", "extra")}
                      for k, p in result["pages"].items()}, "shares": result["shares"]}


def main(argv: list[str] | None = None) -> int:
    """Print all the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show-misses", action="store_true", help="list tuning articles with wrong boundaries")
    args = parser.parse_args(argv)
    records = load_records(args.corpus)
    pages = render_pages(records, args.seed)
    items = parse_pages(pages)
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    tuning = [p for p in pages if not p.name.startswith(HELD_OUT_DATES)]
    held = [p for p in pages if p.name.startswith(HELD_OUT_DATES)]
    result = {"corpus": str(args.corpus.name), "seed": args.seed,
              "tuning": score(tuning, items, labels["tuning"]),
              "held_out": score(held, items, labels["held_out"]),
              "by_layout": {layout: score([p for p in tuning if p.layout == layout], items, labels["tuning"])
                            ["boundaries_correct"] for layout in ("column", "paragraph")},
              "record_text_reporters": {"tuning": record_credit_scores(records, labels["tuning"]),
                                        "held_out": record_credit_scores(records, labels["held_out"])},
              "samples": sample_scores()}
    misses = result["tuning"].pop("_misses")
    result["held_out"].pop("_misses")
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    if args.show_misses:
        print("\n".join(misses), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
