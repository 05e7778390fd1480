"""The request mix of the load test: what a newsroom user's browser and an API client ask for.

Searches use words and phrases drawn from the corpus the index was built from; facet clicks,
suggestions and article views use names and ids the running server itself reports, so the mix
fits any index (built here or reused with `--index`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from pypinyin import lazy_pinyin
from workload import sentence_words, substring

# kind → share of requests. HTML pages and the JSON API both appear, as browsers and scripts both call.
WEIGHTS = {
    "words_html": 18, "words_api": 10, "one_char_api": 3, "phrase_api": 8, "facet_click_html": 12,
    "facet_browse_html": 4, "deep_page_api": 5, "suggest": 20, "article_html": 12, "article_api": 5, "stats": 3,
}


@dataclass
class Material:
    """What requests are made of."""

    words: list[str]
    phrases: list[str]
    facets: dict[str, list[str]]  # facet → values the index holds, most frequent first
    article_ids: list[str]
    prefixes: list[str]  # suggest inputs: name starts, pinyin, typos


def words_and_phrases(records: list[dict], count: int, seed: int) -> tuple[list[str], list[str]]:
    """`count` word queries (1–2 jieba words of one sentence) and `count` 4–6 character phrases."""
    rng = random.Random(seed)
    words, phrases = [], []
    for _ in range(count * 20):
        if len(words) >= count and len(phrases) >= count:
            break
        record = rng.choice(records)
        found = sentence_words(rng, record)
        if found and len(words) < count:
            words.append(" ".join(rng.sample(found, min(len(found), rng.choice((1, 1, 2))))))
        text = substring(rng, record, 4, 6)
        if text and len(phrases) < count:
            phrases.append(text)
    return words, phrases


def from_server(get, words: list[str], seed: int, want_ids: int = 2000) -> tuple[dict, list[str], list[str]]:
    """Facet values, article ids and suggest prefixes, asked of the running server through `get(path)`."""
    facets_data = json.loads(get("/api/search?size=1")[1])["facets"]
    facets = {name: [b["value"] for b in buckets][:50] for name, buckets in facets_data.items() if buckets}
    ids: list[str] = []
    for w in words[:200]:
        status, body = get("/api/search?" + urlencode({"q": w, "size": 50}))
        if status == 200:
            ids.extend(h["id"] for h in json.loads(body)["hits"])
        if len(ids) >= want_ids:
            break
    rng = random.Random(seed)
    names = facets.get("reporter", []) + facets.get("district", []) + facets.get("source", [])
    prefixes = []
    for name in names:
        prefixes.append(name[:1])
        prefixes.append(name[:2])
        prefixes.append("".join(lazy_pinyin(name))[: rng.randint(3, 8)])
        if len(name) >= 2:  # a one-character typo
            i = rng.randrange(len(name))
            prefixes.append(name[:i] + rng.choice("王李张刘陈杨") + name[i + 1:])
    return facets, list(dict.fromkeys(ids)), [p for p in prefixes if p]


class Mix:
    """Draws request paths (with their kind) from the material, reproducibly per client."""

    def __init__(self, material: Material, seed: int):
        self.m = material
        self.rng = random.Random(seed)
        self.kinds = list(WEIGHTS)
        self.weights = [WEIGHTS[k] for k in self.kinds]

    def next(self) -> tuple[str, str]:
        """(kind, path) of the next request."""
        kind = self.rng.choices(self.kinds, self.weights)[0]
        return kind, getattr(self, "_" + kind)()

    def _facet(self) -> tuple[str, str]:
        name = self.rng.choice(sorted(self.m.facets))
        values = self.m.facets[name]
        # Zipf-like: the first values are clicked most.
        return name, values[min(int(self.rng.paretovariate(1.2)) - 1, len(values) - 1)]

    def _words_html(self) -> str:
        return "/search?" + urlencode({"q": self.rng.choice(self.m.words)})

    def _words_api(self) -> str:
        return "/api/search?" + urlencode({"q": self.rng.choice(self.m.words),
                                           "sort": self.rng.choice(("relevance", "relevance", "newest"))})

    def _one_char_api(self) -> str:
        # What a search box sends after the first keystroke: one (usually common) character.
        return "/api/search?" + urlencode({"q": self.rng.choice(self.rng.choice(self.m.words).replace(" ", ""))})

    def _phrase_api(self) -> str:
        return "/api/search?" + urlencode({"q": f'"{self.rng.choice(self.m.phrases)}"'})

    def _facet_click_html(self) -> str:
        params = [("q", self.rng.choice(self.m.words)), self._facet()]
        if self.rng.random() < 0.3:
            params.append(self._facet())
        return "/search?" + urlencode(params)

    def _facet_browse_html(self) -> str:
        return "/search?" + urlencode([self._facet(), ("sort", "newest")])

    def _deep_page_api(self) -> str:
        return "/api/search?" + urlencode({"q": self.rng.choice(self.m.words).split()[0],
                                           "page": self.rng.randint(2, 30), "sort": "newest"})

    def _suggest(self) -> str:
        return "/api/suggest?" + urlencode({"q": self.rng.choice(self.m.prefixes)})

    def _article_html(self) -> str:
        return f"/article/{quote(self.rng.choice(self.m.article_ids), safe='')}?" + urlencode(
            {"q": self.rng.choice(self.m.words)})

    def _article_api(self) -> str:
        return f"/api/article/{quote(self.rng.choice(self.m.article_ids), safe='')}"

    def _stats(self) -> str:
        return "/api/stats"
