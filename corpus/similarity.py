"""How much of a headline's wording an article repeats: the glue between headlines and bodies.

Headlines reuse their article's words (`开展文旅产业发展主题调研` ← `…展文旅产业发展主题调研`),
so character-bigram containment is a good, dependency-free measure of which
article a headline printed elsewhere on the page belongs to.
"""

from __future__ import annotations

import re
import unicodedata

_NOISE = re.compile(r"[^\w]|_", re.UNICODE)


def normalise(text: str) -> str:
    """NFKC, lower-case, punctuation and spaces removed: `“云端” ` → `云端`."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


def bigrams(text: str) -> set[str]:
    """Character bigrams of the normalised text (a single character counts as its own gram)."""
    text = normalise(text)
    if len(text) == 1:
        return {text}
    return {text[i: i + 2] for i in range(len(text) - 1)}


def containment(head: str, text: str) -> float:
    """Share of the headline's bigrams that occur in the text (0–1)."""
    grams = bigrams(head)
    if not grams:
        return 0.0
    return len(grams & bigrams(text)) / len(grams)


def overlap(a: str, b: str) -> float:
    """Symmetric bigram overlap (Jaccard) of two texts, for telling topics apart."""
    ga, gb = bigrams(a), bigrams(b)
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0
