"""How much of a headline's wording an article repeats: the glue between headlines and bodies.

Headlines reuse their article's words (`开展文旅产业发展主题调研` ← `…展文旅产业发展主题调研`),
so character-bigram containment is a good, dependency-free measure of which
article a headline printed elsewhere on the page belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOISE = re.compile(r"[^\w]|_", re.UNICODE)
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[a-z]+|[^0-9a-z]")


def normalise(text: str) -> str:
    """NFKC, lower-case, punctuation and spaces removed: `“云端” ` → `云端`."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


def tokens(text: str) -> list[str]:
    """Chinese characters one by one; runs of digits or Latin letters as whole tokens."""
    return _TOKEN.findall(normalise(text))


@lru_cache(maxsize=512)
def bigrams(text: str) -> frozenset[str]:
    """Token bigrams of the text; a single token counts as its own gram.

    Numbers stay whole (`2025`, `33618`) so that a year can't match `120` by
    sharing `20`.
    """
    toks = tokens(text)
    if len(toks) == 1:
        return frozenset(toks)
    return frozenset(toks[i] + "|" + toks[i + 1] for i in range(len(toks) - 1))


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


def share(a: str, b: str) -> float:
    """Bigrams the two texts have in common, relative to the smaller one: do they tell one story?"""
    ga, gb = bigrams(a), bigrams(b)
    return len(ga & gb) / min(len(ga), len(gb)) if ga and gb else 0.0
