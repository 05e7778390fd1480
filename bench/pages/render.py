"""Lay real articles out as raw page text, the way PDF extraction of the sample pages looks.

`python bench/pages/render.py [--corpus PKU.jsonl] [--out DIR] [--seed N]` writes one
`<date>-<page>.txt` per printed page of the corpus plus `truth.json` (what each page
holds, by article id) — or, imported, `render_pages()` gives the same in memory.

Articles of one (date, page) make a page, in their printed order. Each page is
laid out, deterministically from the seed, in one of the samples' two layouts:
    column:    lines wrapped every 12–16 characters, a blank line between
               paragraphs, headlines wrapped to 8–14 characters, printed
               before their body or — for some articles — after it;
    paragraph: one paragraph a line, blank lines between them, headlines
               before their bodies, items framed by extra blank lines.
Bylines and credits stay on their own lines, as the records print them. The
text is the records' own, verbatim; nothing is invented but the layout (and a
page header, which is furniture).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "bench-data" / "pku_peoples_daily_199801_01-10.jsonl"
# Annotations of the digitised corpus, not printed headline text: （附图片１张）, （图片）.
_ANNOTATION = re.compile(r"（(?:附)?图片(?:[０-９0-9]+张)?）")
HEAD_AFTER_SHARE = 0.35  # column pages: share of articles whose headline is printed after the body


@dataclass
class RenderedArticle:
    """What the page holds for one record: its id, printed title and body paragraphs."""

    id: str
    title: str
    paragraphs: list[str]
    head_after: bool = False


@dataclass
class RenderedPage:
    """One rendered page and the articles laid out on it, in order."""

    name: str
    layout: str
    text: str
    articles: list[RenderedArticle] = field(default_factory=list)


def load_records(corpus: Path) -> list[dict]:
    """The corpus records (read at run time; the data is never committed)."""
    with open(corpus, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def printed_title(title: str) -> str:
    """The headline as printed: the corpus's picture annotations removed."""
    return _ANNOTATION.sub("", title).strip()


def render_pages(records: list[dict], seed: int = 1) -> list[RenderedPage]:
    """Every (date, page) of the records as a rendered page."""
    groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for record in records:
        groups[(record["date"], int(record["page"]))].append(record)
    pages = []
    for (day, page), items in sorted(groups.items()):
        items.sort(key=lambda r: int(r.get("article_no") or 0))
        rng = random.Random(f"{seed}:{day}:{page}")
        layout = "column" if rng.random() < 0.6 else "paragraph"
        name = f"{day}-{page:02d}"
        articles = [_article(r, layout, rng) for r in items if r.get("body", "").strip()]
        render = _column if layout == "column" else _paragraphs
        header = f"人民日报 {day} 第{page}版" if rng.random() < 0.5 else ""
        text = render(articles, rng, header)
        pages.append(RenderedPage(name, layout, text, articles))
    return pages


def _article(record: dict, layout: str, rng: random.Random) -> RenderedArticle:
    paragraphs = [p.strip() for p in record["body"].split("\n") if p.strip()]
    title = printed_title(record.get("title", ""))
    if "".join(paragraphs).startswith(title):
        title = ""  # an untitled item: the corpus repeats its first words as the title
    after = layout == "column" and bool(title) and rng.random() < HEAD_AFTER_SHARE
    return RenderedArticle(record["id"], title, paragraphs, after)


def wrap(text: str, width: int) -> list[str]:
    """Column lines of `width` characters, broken anywhere (as narrow columns do)."""
    return [text[i: i + width] for i in range(0, len(text), width)] or [""]


def _headline_lines(title: str, rng: random.Random) -> list[str]:
    """A headline wrapped to 8–14 characters, broken after a `——` kicker."""
    lines = []
    for deck in re.split(r"(?<=——)", title):
        if deck:
            lines += wrap(deck, max(8, min(14, -(-len(deck) // rng.choice((1, 2, 2, 3))))))
    return lines


def _column(articles: list[RenderedArticle], rng: random.Random, header: str) -> str:
    blocks = [header] if header else []
    width = rng.randint(12, 16)
    for article in articles:
        head = "\n".join(_headline_lines(article.title, rng)) if article.title else ""
        body = ["\n".join(wrap(p, width)) for p in article.paragraphs]
        if head and not article.head_after:
            blocks.append(head)
        blocks += body
        if head and article.head_after:
            blocks.append(head)
    return "\n\n".join(blocks) + "\n"


def _paragraphs(articles: list[RenderedArticle], rng: random.Random, header: str) -> str:
    frames = [header] if header else []
    for article in articles:
        frame = ([article.title] if article.title else []) + article.paragraphs
        frames.append("\n\n".join(frame))
    return "\n\n\n\n".join(frames) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the rendered pages and their truth to a directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    pages = render_pages(load_records(args.corpus), args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (args.out / f"{page.name}.txt").write_text(page.text, encoding="utf-8")
    truth = {p.name: {"layout": p.layout, "articles": [asdict(a) for a in p.articles]} for p in pages}
    (args.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(pages)} pages written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
