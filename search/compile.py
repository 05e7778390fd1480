"""ParsedQuery → Whoosh query: bigram phrases for recall, jieba words for ranking.

Each typed word must occur verbatim (a phrase of consecutive bigrams in the
title or body), so no article containing it is missed however jieba segments
it; documents whose jieba words also match score higher (AndMaybe).
"""

from __future__ import annotations

from whoosh import query as wq

from corpus.gazetteer import lookup
from index.analysis import bigram_tokens, is_cjk, word_tokens
from index.normalize import normalize
from search.phrase import BigramPhrase
from search.query import ParsedQuery, Term

MAX_WORDS_PER_TERM = 16


def compile_query(parsed: ParsedQuery) -> wq.Query | None:
    """The Whoosh query for a parsed query, or None when nothing searchable remains."""
    positive = [q for q in (_clause(c.terms) for c in parsed.positive) if q is not None]
    if not positive:
        return None
    query = positive[0] if len(positive) == 1 else wq.And(positive)
    negative = [q for q in (_clause(c.terms) for c in parsed.negative) if q is not None]
    if negative:
        query = wq.AndNot(query, wq.Or(negative))
    return query


def _clause(terms: list[Term]) -> wq.Query | None:
    alternatives = [q for q in map(term_query, terms) if q is not None]
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)


def term_query(term: Term) -> wq.Query | None:
    """Whoosh query for one term: text fields, or a keyword field for reporter/district/source."""
    if term.field in ("reporter", "district", "source"):
        return _keyword(term)
    fields = ("title",) if term.field == "title" else ("title", "body")
    recall = _recall(term.text, fields)
    if recall is None:
        return None
    words = word_tokens(term.text)[:MAX_WORDS_PER_TERM]
    if not words:
        return recall
    ranking = wq.Or([wq.Term(f, w) for f in fields for w in words])
    return wq.AndMaybe(recall, ranking)


def _recall(text: str, fields: tuple[str, ...]) -> wq.Query | None:
    """Matches every document containing `text` verbatim (modulo normalisation and punctuation)."""
    grams = [g for g, _ in bigram_tokens(text, index=False)]
    if not grams:
        return None
    subqueries = []
    for f in fields:
        bi = f + "_bi"
        if len(grams) > 1:
            subqueries.append(BigramPhrase(bi, grams))
        elif is_cjk(grams[0]) and len(grams[0]) == 1:
            # One character: indexed as the first character of a bigram, or as a run's last character.
            subqueries.append(wq.Prefix(bi, grams[0]))
        else:
            subqueries.append(wq.Term(bi, grams[0]))
    return subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries)


def _keyword(term: Term) -> wq.Query:
    value = normalize(term.text).strip()
    if term.field == "district":
        district = lookup(value) or lookup(term.text)
        value = district.name if district else value
    else:
        value = term.text.strip()
    return wq.ConstantScoreQuery(wq.Term(term.field, value), 1.0)
