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
    return ranked_words(record, engine.evaluator.stats, n)


def ranked_words(record: dict, stats, n: int = KEY_WORDS) -> list[tuple[str, float]]:
    """`key_words` by the frequencies of `stats` (one index's, or an archive's for its shards)."""
    counts: Counter[str] = Counter()
    for w in word_tokens(record.get("title") or ""):
        counts[w] += TITLE_WEIGHT
    for w in word_tokens((record.get("body") or "")[:BODY_CHARS]):
        counts[w] += 1
    scored = [(w, tf * (log(stats.doc_count / (stats.frequency("body", w) + 1)) + 1))
              for w, tf in counts.items() if _worth(w)]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:n]


def frequencies_read(record: dict) -> set[tuple[str, str]]:
    """Every (field, text) whose document frequency `related_terms` may read for this article."""
    words = {w for w in word_tokens(record.get("title") or "") + word_tokens((record.get("body") or "")[:BODY_CHARS])
             if _worth(w)}
    out = {(f, w) for w in words for f in ("title", "body")}
    return out | {(f, g) for w in words for g, _ in bigram_tokens(w, index=False) for f in ("title_bi", "body_bi")}


def _worth(word: str) -> bool:
    """Words that say what an article is about: two or more characters, not just digits."""
    return len(word) >= 2 and not word.replace(".", "").isdigit()


def _elsewhere(frequency, fields: tuple[str, str], text: str) -> bool:
    """True when some article besides (probably) this one contains `text` in these fields."""
    return sum(frequency(f, text) for f in fields) > 1


def related_terms(record: dict, stats) -> list[tuple[str, str, float]]:
    """(field, text, weight) of the article's key words, or of their bigrams for words found nowhere else."""
    words = ranked_words(record, stats)
    if not words:
        return []
    top = words[0][1] or 1.0
    terms = []
    for word, weight in words:
        boost = weight / top
        if _elsewhere(stats.frequency, ("title", "body"), word):
            terms += [(f, word, boost) for f in ("title", "body")]
            continue
        for gram, _ in bigram_tokens(word, index=False):
            if len(gram) == 2 and _elsewhere(stats.frequency, ("title_bi", "body_bi"), gram):
                terms += [(f, gram, boost * BIGRAM_WEIGHT) for f in ("title_bi", "body_bi")]
    return terms


def related_docs(engine, record: dict, limit: int = 5) -> list[int]:
    """Document numbers of up to `limit` other articles most like this one, best first."""
    docnum = engine.docnum(record["id"])
    terms = related_terms(record, engine.evaluator.stats)
    districts = record.get("districts") or []
    if docnum is None or not (terms or districts):
        return []
    return best_related(engine, engine.evaluator, terms, districts, docnum, limit)[0].tolist()


def best_related(engine, evaluator, terms: list[tuple[str, str, float]], districts: list[str],
                 docnum: int | None, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(documents, scores) of the `limit` best articles for the terms and districts, best first, `docnum` left out.

    :param evaluator: the engine's, or one scoring with an archive's statistics (a shard).
    """
    scores = evaluator.weighted(terms)
    for district in districts:
        scores[evaluator.postings.get("district", district).docs] += DISTRICT_BONUS
    if docnum is not None:
        scores[docnum] = 0.0
    scores[~engine.facets.dv.live] = 0.0  # deleted articles stay in posting lists
    found = np.flatnonzero(scores > 0)
    best = found[np.lexsort((found, -scores[found]))][:limit]
    return best, scores[best]
