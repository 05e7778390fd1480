"""Evaluate a parsed query over cached posting lists: exact recall by bigram phrases, BM25F in numpy.

Semantics (what search/compile.py expressed as Whoosh queries):
- a term matches the documents containing it verbatim: a phrase of consecutive
  character bigrams in the title or body (or a prefix of bigrams for one character);
- its score is BM25F over those bigrams plus, where jieba's words for the term
  also occur, BM25F over the word fields — so word matches outrank bigram-only ones;
- OR sums alternatives, clauses are intersected and summed, `-` clauses subtracted.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log

import numpy as np

from corpus.extract.gazetteer import lookup
from index.analysis import bigram_tokens, is_cjk, word_tokens
from index.normalize import normalize
from search.matching import Deadline
from search.postings import Postings, PostingsCache, decode_positions
from search.query import ParsedQuery, Term

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
MAX_WORDS_PER_TERM = 16
CHECK_EVERY = 16384  # phrase candidates checked (in one numpy pass) between two looks at the clock


@dataclass
class Matches:
    """Matching document numbers (ascending, unique) and their scores."""

    docs: np.ndarray
    scores: np.ndarray

    @classmethod
    def empty(cls) -> "Matches":
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0))

    def union(self, other: "Matches") -> "Matches":
        """Documents of either; scores summed where both match."""
        docs, inverse = np.unique(np.concatenate([self.docs, other.docs]), return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate([self.scores, other.scores]), minlength=len(docs))
        return Matches(docs, scores)

    def intersect(self, other: "Matches") -> "Matches":
        """Documents of both; scores summed."""
        docs, i, j = np.intersect1d(self.docs, other.docs, assume_unique=True, return_indices=True)
        return Matches(docs, self.scores[i] + other.scores[j])

    def boosted_by(self, other: "Matches") -> "Matches":
        """These documents, plus `other`'s scores where it matches them too."""
        _, i, j = np.intersect1d(self.docs, other.docs, assume_unique=True, return_indices=True)
        scores = self.scores.astype(np.float64)  # a copy; empty bincounts come back as int
        scores[i] += other.scores[j]
        return Matches(self.docs, scores)

    def minus(self, other: "Matches") -> "Matches":
        """These documents except `other`'s."""
        keep = ~np.isin(self.docs, other.docs, assume_unique=True)
        return Matches(self.docs[keep], self.scores[keep])


class Evaluator:
    """Evaluates queries against one index generation (lengths from its doc values)."""

    def __init__(self, postings: PostingsCache, lengths: dict[str, np.ndarray], doc_count: int):
        self.postings = postings
        self.lengths = lengths
        self.avg = {f: float(a.mean()) or 1.0 for f, a in lengths.items()}
        self.doc_count = doc_count

    def run(self, parsed: ParsedQuery, deadline: Deadline) -> Matches | None:
        """Matches of the whole query, or None when nothing searchable remains."""
        result = None
        for clause in parsed.positive:
            m = self._clause(clause.terms, deadline)
            if m is not None:
                result = m if result is None else result.intersect(m)
        if result is None:
            return None
        result = self._proximity(parsed, result, deadline)
        for clause in parsed.negative:
            m = self._clause(clause.terms, deadline)
            if m is not None:
                result = result.minus(m)
        return result

    def _proximity(self, parsed: ParsedQuery, result: Matches, deadline: Deadline) -> Matches:
        """Boost documents where several plain words stand together as typed (`夜 经济` → 夜经济)."""
        words = [c.terms[0] for c in parsed.positive if len(c.terms) == 1 and c.terms[0].field is None]
        if len(words) < 2:
            return result
        together = self.term(Term("".join(t.text for t in words)), deadline)
        return result if together is None else result.boosted_by(together)

    def _clause(self, terms: list[Term], deadline: Deadline) -> Matches | None:
        matches = [m for m in (self.term(t, deadline) for t in terms) if m is not None]
        if not matches:
            return None
        out = matches[0]
        for m in matches[1:]:
            out = out.union(m)
        return out

    def term(self, term: Term, deadline: Deadline) -> Matches | None:
        """Matches of one term (None if it has nothing searchable, e.g. punctuation)."""
        if term.field in ("reporter", "district", "source"):
            return self._keyword(term)
        fields = ("title",) if term.field == "title" else ("title", "body")
        grams = [g for g, _ in bigram_tokens(term.text, index=False)]
        if not grams:
            return None
        tokens = word_tokens(term.text)[:MAX_WORDS_PER_TERM]
        # A jieba word is a contiguous piece of its document's text: where the whole term is
        # one word of a document, it stands there verbatim and needs no position check.
        whole_word = len(tokens) == 1 and len(grams) > 1 and tokens[0] == _spelled(grams)
        recall = Matches.empty()
        for f in fields:
            sure = self.postings.get(f, tokens[0]).docs if whole_word else None
            recall = recall.union(self._verbatim(f + "_bi", grams, deadline, sure))
        words = Matches.empty()
        for w in tokens:
            for f in fields:
                words = words.union(self._scored(f, self.postings.get(f, w)))
        return recall.boosted_by(words)

    def weighted(self, terms: list[tuple[str, str, float]]) -> np.ndarray:
        """Per document, the sum of weight × BM25F of the (field, text, weight) terms it contains."""
        scores = np.zeros(len(next(iter(self.lengths.values()))))  # one per document number
        for field, text, weight in terms:
            m = self._scored(field, self.postings.get(field, text))
            scores[m.docs] += weight * m.scores
        return scores

    def _scored(self, field: str, p: Postings, rows=slice(None)) -> Matches:
        """BM25F scores of (a subset of) a term's postings."""
        if not len(p):
            return Matches.empty()
        idf = log(self.doc_count / (len(p) + 1)) + 1
        docs, tf = p.docs[rows], p.weights[rows]
        fl = self.lengths[field][docs]
        scores = idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / self.avg[field]))
        return Matches(docs, scores.astype(np.float64))

    def _verbatim(self, field: str, grams: list[str], deadline: Deadline, sure=None) -> Matches:
        """Documents whose `field` holds the grams at consecutive positions.

        :param sure: documents known to hold them (skip the position check there).
        """
        if len(grams) == 1:
            if is_cjk(grams[0]) and len(grams[0]) == 1:
                return self._prefix(field, grams[0], deadline)
            return self._scored(field, self.postings.get(field, grams[0]))
        lists = [self.postings.get(field, g) for g in grams]
        if any(not len(p) for p in lists):
            return Matches.empty()
        common = lists[0].docs
        for p in lists[1:]:
            common = np.intersect1d(common, p.docs, assume_unique=True)
        rows = [np.searchsorted(p.docs, common) for p in lists]
        fmt = self.postings.schema[field].format
        known = np.isin(common, sure, assume_unique=True) if sure is not None else np.zeros(len(common), bool)
        keep = known.copy()
        unknown = np.flatnonzero(~known)
        for a in range(0, len(unknown), CHECK_EVERY):
            if deadline.expired():
                break
            chunk = unknown[a:a + CHECK_EVERY]
            keep[chunk] = _adjacent(fmt, lists, [r[chunk] for r in rows])
        keep = np.flatnonzero(keep)
        out = Matches(common[keep], np.zeros(len(keep)))
        for p, r in zip(lists, rows):
            out.scores += self._scored(field, p, r[keep]).scores
        return out

    def _prefix(self, field: str, char: str, deadline: Deadline) -> Matches:
        # One character: the first character of some bigram, or a run's edge unigram.
        # Every such term is read (a common character has thousands), within the time budget.
        parts = []
        for n, text in enumerate(self.postings.expand(field, char)):
            if n % 64 == 0 and deadline.expired():
                break
            parts.append(self.postings.get(field, text).docs)
        if not parts:
            return Matches.empty()
        docs = np.unique(np.concatenate(parts))
        exact = self.postings.get(field, char)
        return Matches(docs, np.full(len(docs), 0.1)).boosted_by(self._scored(field, exact))

    def _keyword(self, term: Term) -> Matches:
        value = term.text.strip()
        if term.field == "district":
            district = lookup(normalize(value)) or lookup(value)
            value = district.name if district else value
        p = self.postings.get(term.field, value)
        return Matches(p.docs, np.ones(len(p)))


def _spelled(grams: list[str]) -> str:
    """The text a run of overlapping bigrams spells: 综合 合保 保税 → 综合保税."""
    return grams[0] + "".join(g[-1] for g in grams[1:])


def _adjacent(fmt, lists: list[Postings], rows: list[np.ndarray]) -> np.ndarray:
    """For each candidate j (its postings at rows[i][j]), whether gram i occurs at some s + i.

    Vectorised over the candidates: every still possible start s becomes a key
    (candidate, s + i) looked up among the keys of gram i's positions; only
    candidates still alive have the next gram's positions decoded.
    """
    n = len(rows[0])
    owner, starts = _positions_of(fmt, lists[0], rows[0])
    for i in range(1, len(lists)):
        live = np.unique(owner)
        if not len(live):
            break
        other_owner, other = _positions_of(fmt, lists[i], rows[i][live])
        keys = (live[other_owner] << 32) | other  # ascending: candidates ascend, positions within each too
        want = (owner << 32) | (starts + i)
        found = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
        hit = keys[found] == want
        owner, starts = owner[hit], starts[hit]
    return np.bincount(owner, minlength=n) > 0


def _positions_of(fmt, p: Postings, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index into rows, position) for every position of postings `rows` of `p`."""
    offsets, positions = decode_positions([p.values[r] for r in rows.tolist()], fmt)
    counts = np.diff(offsets)
    return np.repeat(np.arange(len(rows), dtype=np.int64), counts), positions
