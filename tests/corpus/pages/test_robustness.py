"""The page parser never crashes, whatever the extraction produced."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from corpus.pages.parse import parse_page

SAMPLES = Path(__file__).resolve().parents[3] / "corpus" / "samples"
ODD_PAGES = [
    "", " ", "\n\n\n", "。", "（上接1版）", "■", "●", "- ", "\t", "本报讯（）", "新华社北京13月40日电",
    "①", "人 民 民 主", "2025", "……\n……", "摄", "记者 摄", "标题——", "标题：",
    "a" * 5000, "长" * 3000, "本报讯（记者 张三）" * 50, "\n".join(["短"] * 300),
]


@pytest.mark.parametrize("text", ODD_PAGES)
def test_odd_pages_parse_without_error(text):
    for article in parse_page(text, "x.txt", None)[0]:
        assert article.id and article.body


def test_shuffled_sample_lines_parse_without_error():
    rng = random.Random(7)
    lines = [line for path in sorted(SAMPLES.glob("*.txt")) for line in path.read_text(encoding="utf-8").split("\n")]
    for _ in range(30):
        page = "\n".join(rng.sample(lines, 120))
        articles = parse_page(page, "x.txt", None)[0]
        assert len({a.id for a in articles}) == len(articles)


def test_parsing_is_deterministic():
    text = (SAMPLES / "000_ccd9cb33b59a5db2.txt").read_text(encoding="utf-8")
    first = [a.to_dict() for a in parse_page(text, "k.txt", None)[0]]
    assert first == [a.to_dict() for a in parse_page(text, "k.txt", None)[0]]
