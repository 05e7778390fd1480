"""Evaluate a parsed query over cached posting lists: exact recall by bigram phrases, BM25F in numpy.

Semantics:
- a term matches the documents containing it verbatim: a phrase of consecutive
  character bigrams in the title or body (or a prefix of bigrams for one
  character); a keyword term (reporter:, district:, source:) matches its value;
- its score is BM25F over those bigrams plus, where jieba's words for the term
  also occur, BM25F over the word fields (title, opening, body) — so word
  matches outrank bigram-only ones;
- every `must` clause matches; when there is none, at least one `should`
  clause does. A `should` clause adds its score and a coordination bonus (a
  relaxed query ranks by how many of its words match first); a `score`
  clause (function words, stray characters) adds word scores only; `not`
  clauses remove. Clauses are evaluated rarest first, each one only over the
  documents still in the running. ranking.py then weighs the strings typed
  together, stubs and recency.
"""

from __future__ import annotations

from math import log

import numpy as np

from corpus.gazetteer import lookup
from index.analysis import bigram_tokens, is_cjk, word_tokens
from index.normalize import normalize
from index.schema import WORD_FIELDS
from search.engine.budget import Deadline
from search.engine.matches import Matches
from search.engine.postings import Postings, PostingsCache, decode_positions
from search.engine.ranking import COORDINATION, adjust
from search.query import MUST, NOT, SCORE, SHOULD, Clause, ParsedQuery, Term

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
MAX_WORDS_PER_TERM = 16
CHECK_EVERY = 16384  # phrase candidates checked (in one numpy pass) between two looks at the clock
KEYWORD_FIELDS = ("reporter", "district", "source", "id")


class Evaluator:
    """Evaluates queries against one index generation (lengths and dates from its doc values)."""

    def __init__(self, postings: PostingsCache, lengths: dict[str, np.ndarray], doc_count: int,
                 days: np.ndarray | None = None):
        self.postings = postings
        self.lengths = lengths
        self.avg = {f: float(a.mean()) or 1.0 for f, a in lengths.items()}
        self.doc_count = doc_count
        self.days = days if days is not None else np.full(doc_count, -1, dtype=np.int32)

    def run(self, parsed: ParsedQuery, deadline: Deadline) -> Matches | None:
        """Matches of the whole query, or None when nothing searchable remains."""
        musts, shoulds = parsed.of_role(MUST), parsed.of_role(SHOULD)
        result = self._all_of(musts, deadline) if musts else None
        coordination = None
        if shoulds and (result is not None or not musts):
            result, coordination = self._coordinated(shoulds, result, deadline)
        if result is None:
            return None
        for clause in parsed.of_role(SCORE):
            result = result.boosted_by(self._word_scores(clause.terms, None))
        result = adjust(self, parsed, result, deadline)
        if coordination is not None:
            result = Matches(result.docs, result.scores + COORDINATION * coordination)
        for clause in parsed.of_role(NOT):
            m = self.clause(clause, deadline, within=result.docs)
            if m is not None:
                result = result.minus(m)
        return result

    def _all_of(self, clauses: list[Clause], deadline: Deadline) -> Matches | None:
        """Documents matching every clause; the rarest first, the others checked only on its matches."""
        result = None
        for clause in sorted(clauses, key=self.estimate):
            m = self.clause(clause, deadline, within=None if result is None else result.docs)
            if m is None:
                continue  # nothing searchable in it (punctuation)
            result = m if result is None else result.intersect(m)
        return result

    def _coordinated(self, clauses: list[Clause], result: Matches | None, deadline: Deadline):
        """Add relaxed clauses: their scores, and per document how many of them it matches.

        With `result` None (no required clause), the documents matching any of them.
        """
        found = [m for m in (self.clause(c, deadline, within=None if result is None else result.docs)
                             for c in clauses) if m is not None]
        if result is None:
            if not found:
                return None, None
            result = found[0]
            for m in found[1:]:
                result = result.union(m)
        counts = np.zeros(len(result))
        for m in found:
            result = result.boosted_by(m)
            counts[np.isin(result.docs, m.docs, assume_unique=True)] += 1
        return result, counts

    def estimate(self, clause: Clause) -> int:
        """About how many documents a clause matches (its rarest bigram's frequency), to order clauses."""
        total = 0
        for term in clause.terms:
            if term.field in KEYWORD_FIELDS:
                total += self.postings.frequency(term.field, term.text.strip())
                continue
            grams = [g for g, _ in bigram_tokens(term.text, index=False)]
            if grams:
                total += min(sum(self.postings.frequency(f, g) for f in ("title_bi", "body_bi")) for g in grams)
        return total

    def clause(self, clause: Clause, deadline: Deadline, within: np.ndarray | None = None) -> Matches | None:
        """Documents matching any of the clause's terms (None if none has anything searchable)."""
        matches = [m for m in (self.term(t, deadline, within) for t in clause.terms) if m is not None]
        if not matches:
            return None
        out = matches[0]
        for m in matches[1:]:
            out = out.union(m)
        return out

    def term(self, term: Term, deadline: Deadline, within: np.ndarray | None = None) -> Matches | None:
        """Matches of one term (None if it has nothing searchable, e.g. punctuation), within some documents."""
        if term.field in KEYWORD_FIELDS:
            return _within(self._keyword(term), within)
        recall = self.verbatim(term.text, ("title",) if term.field == "title" else ("title", "body"),
                               deadline, within)
        if recall is None:
            return None
        return recall.boosted_by(self._word_scores([term], term.field))

    def verbatim(self, text: str, fields: tuple[str, ...], deadline: Deadline,
                 within: np.ndarray | None = None) -> Matches | None:
        """Documents holding `text` verbatim in any of the fields, scored by its bigrams."""
        grams = [g for g, _ in bigram_tokens(text, index=False)]
        if not grams:
            return None
        tokens = word_tokens(text)[:MAX_WORDS_PER_TERM]
        # A jieba word is a contiguous piece of its document's text: where the whole term is
        # one word of a document, it stands there verbatim and needs no position check.
        whole_word = len(tokens) == 1 and len(grams) > 1 and tokens[0] == _spelled(grams)
        recall = Matches.empty()
        for f in fields:
            sure = self.postings.get(f, tokens[0]).docs if whole_word else None
            recall = recall.union(self._verbatim(f + "_bi", grams, deadline, sure, within))
        return recall

    def _word_scores(self, terms: list[Term], field: str | None) -> Matches:
        """BM25F of the terms' jieba words in the word fields (the title only for title: terms)."""
        fields = ("title",) if field == "title" else WORD_FIELDS
        words = Matches.empty()
        for term in terms:
            if term.field in KEYWORD_FIELDS:
                continue
            for w in word_tokens(term.text)[:MAX_WORDS_PER_TERM]:
                for f in fields:
                    words = words.union(self._scored(f, self.postings.get(f, w)))
        return words

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

    def _verbatim(self, field: str, grams: list[str], deadline: Deadline, sure=None, within=None) -> Matches:
        """Documents whose `field` holds the grams at consecutive positions.

        :param sure: documents known to hold them (skip the position check there).
        :param within: only these documents (sorted) are wanted.
        """
        if len(grams) == 1:
            if is_cjk(grams[0]) and len(grams[0]) == 1:
                return _within(self._prefix(field, grams[0], deadline), within)
            return _within(self._scored(field, self.postings.get(field, grams[0])), within)
        lists = [self.postings.get(field, g) for g in grams]
        if any(not len(p) for p in lists):
            return Matches.empty()
        common = lists[0].docs if within is None else np.intersect1d(lists[0].docs, within, assume_unique=True)
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


def _within(m: Matches, within: np.ndarray | None) -> Matches:
    """`m` restricted to the sorted documents `within` (all of it when None)."""
    if within is None:
        return m
    keep = np.isin(m.docs, within, assume_unique=True)
    return Matches(m.docs[keep], m.scores[keep])


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
