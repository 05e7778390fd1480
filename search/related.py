""""More like this": articles sharing an article's most distinctive words and its districts.

One small Whoosh query per article page: the article's rarest frequent words
(tf × idf, title words weighted up) OR'd together, plus a constant bonus for
each shared district; the article itself is masked out. A word no other
article contains (吃火锅) is looked for by its character bigrams (火锅) instead.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from whoosh import query as wq

from corpus.model import Article
from index.analysis import bigram_tokens, word_tokens
from search.labels import display_title
from search.engine import LoadedIndex

KEY_WORDS = 12
TITLE_WEIGHT = 3.0
BIGRAM_WEIGHT = 0.5  # a shared bigram is weaker evidence than a shared word
DISTRICT_BONUS = 1.0
BODY_CHARS = 3000  # enough text to find the key words; long articles cost no more


def key_words(index: LoadedIndex, article: Article, n: int = KEY_WORDS) -> list[tuple[str, float]]:
    """The article's `n` most distinctive words with weights, best first."""
    counts: Counter[str] = Counter()
    for w in word_tokens(article.title):
        counts[w] += TITLE_WEIGHT
    for w in word_tokens(article.body[:BODY_CHARS]):
        counts[w] += 1
    searcher = index.searcher()
    scored = [(w, tf * searcher.idf("body", w)) for w, tf in counts.items() if _worth(w)]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:n]


def _worth(word: str) -> bool:
    """Words that say what an article is about: two or more characters, not just digits."""
    return len(word) >= 2 and not word.replace(".", "").isdigit()


def _elsewhere(searcher, fields: tuple[str, str], text: str) -> bool:
    """True when some article besides (probably) this one contains `text` in these fields."""
    return sum(searcher.doc_frequency(f, text) for f in fields) > 1


def _clauses(searcher, words: list[tuple[str, float]]) -> list[wq.Query]:
    top = words[0][1] or 1.0
    clauses = []
    for word, weight in words:
        boost = weight / top
        if _elsewhere(searcher, ("title", "body"), word):
            clauses += [wq.Term(f, word, boost=boost) for f in ("title", "body")]
            continue
        for gram, _ in bigram_tokens(word, index=False):
            if len(gram) == 2 and _elsewhere(searcher, ("title_bi", "body_bi"), gram):
                clauses += [wq.Term(f, gram, boost=boost * BIGRAM_WEIGHT) for f in ("title_bi", "body_bi")]
    return clauses


def related(index: LoadedIndex, article: Article, limit: int = 5) -> list[dict]:
    """Up to `limit` other articles most like this one, as small dicts for links."""
    searcher = index.searcher()
    docnum = searcher.document_number(id=article.id)
    words = key_words(index, article)
    clauses = _clauses(searcher, words) if words else []
    clauses += [wq.ConstantScoreQuery(wq.Term("district", d), DISTRICT_BONUS) for d in article.districts]
    if docnum is None or not clauses:
        return []
    results = searcher.search(wq.Or(clauses), limit=limit, mask={docnum})
    return [_link(index.stored(hit.docnum)) for hit in results]


def _link(data: dict) -> dict:
    return {
        "id": data["id"],
        "title": data.get("title") or "",
        "label": display_title(data),
        "date": data.get("date"),
        "source": data.get("source"),
        "districts": data.get("districts") or [],
        "kind": data.get("kind") or "article",
        "url": f"/article/{quote(data['id'])}",
    }
