""""More like this": articles sharing an article's most distinctive words and its districts.

Per article page: the article's rarest frequent words (tf × idf, title words
weighted up), each scored BM25F over its posting list and weighted, plus a
constant bonus for each shared district, summed in one numpy array (Whoosh's
matcher tree for the same OR query cost ~200 ms at 100k articles); the
article itself is left out. A word no other article contains (吃火锅) is
looked for by its character bigrams (火锅) instead.
"""

from __future__ import annotations

from collections import Counter
from math import log

import numpy as np

from index.analysis import bigram_tokens, word_tokens

KEY_WORDS = 12
TITLE_WEIGHT = 3.0
BIGRAM_WEIGHT = 0.5  # a shared bigram is weaker evidence than a shared word
DISTRICT_BONUS = 1.0
BODY_CHARS = 3000  # enough text to find the key words; long articles cost no more


def key_words(engine, record: dict, n: int = KEY_WORDS) -> list[tuple[str, float]]:
    """The article's `n` most distinctive words with weights, best first."""
    counts: Counter[str] = Counter()
    for w in word_tokens(record.get("title") or ""):
        counts[w] += TITLE_WEIGHT
    for w in word_tokens((record.get("body") or "")[:BODY_CHARS]):
        counts[w] += 1
    postings, n = engine.evaluator.postings, engine.evaluator.doc_count
    scored = [(w, tf * (log(n / (postings.frequency("body", w) + 1)) + 1)) for w, tf in counts.items() if _worth(w)]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:n]


def _worth(word: str) -> bool:
    """Words that say what an article is about: two or more characters, not just digits."""
    return len(word) >= 2 and not word.replace(".", "").isdigit()


def _elsewhere(postings, fields: tuple[str, str], text: str) -> bool:
    """True when some article besides (probably) this one contains `text` in these fields."""
    return sum(postings.frequency(f, text) for f in fields) > 1


def _terms(postings, words: list[tuple[str, float]]) -> list[tuple[str, str, float]]:
    """(field, text, weight) of the words to look for, or of their bigrams for words found nowhere else."""
    top = words[0][1] or 1.0
    terms = []
    for word, weight in words:
        boost = weight / top
        if _elsewhere(postings, ("title", "body"), word):
            terms += [(f, word, boost) for f in ("title", "body")]
            continue
        for gram, _ in bigram_tokens(word, index=False):
            if len(gram) == 2 and _elsewhere(postings, ("title_bi", "body_bi"), gram):
                terms += [(f, gram, boost * BIGRAM_WEIGHT) for f in ("title_bi", "body_bi")]
    return terms


def related_docs(engine, record: dict, limit: int = 5) -> list[int]:
    """Document numbers of up to `limit` other articles most like this one, best first."""
    docnum = engine.docnum(record["id"])
    words = key_words(engine, record)
    terms = _terms(engine.evaluator.postings, words) if words else []
    districts = record.get("districts") or []
    if docnum is None or not (terms or districts):
        return []
    scores = engine.evaluator.weighted(terms)
    for district in districts:
        scores[engine.evaluator.postings.get("district", district).docs] += DISTRICT_BONUS
    scores[docnum] = 0.0
    scores[~engine.facets.dv.live] = 0.0  # deleted articles stay in posting lists
    found = np.flatnonzero(scores > 0)
    return found[np.lexsort((found, -scores[found]))][:limit].tolist()
