"""Evaluate a parsed query over cached posting lists: exact recall by bigram phrases, BM25F in numpy.

Semantics:
- a term matches the documents containing it verbatim: a phrase of consecutive
  character bigrams in the title or body (or a prefix of bigrams for one
  character); a keyword term (reporter:, district:, source:) matches its value;
- its score is BM25F of how often it occurs verbatim (a phrase's frequency with
  the sum of its bigrams' idf, as Lucene scores a phrase) plus, where jieba's
  words for the term also occur, BM25F over the word fields (title, opening,
  body) — so word matches outrank bigram-only ones;
- every `must` clause matches; when there is none, at least one `should`
  clause does. A `should` clause adds its score and a coordination bonus (a
  relaxed query ranks by how many of its words match first); a `score`
  clause (function words, stray characters) adds word scores only; `not`
  clauses remove. Clauses are evaluated rarest first, each one only over the
  documents still in the running. ranking.py then weighs the strings typed
  together, stubs and recency.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from math import log

import numpy as np

from corpus.extract.gazetteer import lookup
from index.analysis import bigram_tokens, is_cjk, word_tokens
from index.normalize import normalize
from index.schema import WORD_FIELDS
from search.engine.budget import Deadline
from search.engine.matches import Matches, member, positions_in, summed_at
from search.engine.postings import Postings, PostingsCache
from search.engine.ranking import COVERAGE_POWER, adjust
from search.query import MUST, NOT, SCORE, SHOULD, Clause, ParsedQuery, Term

B, K1 = 0.75, 1.2  # Whoosh's BM25 defaults (bigram fields)
K1_FIELDS = 2.0  # BM25F over the word fields: the boosted frequencies of three fields saturate later
# Length normalisation rewards short texts; below half the average a body is a stub or a caption,
# not a more focused article, so shorter ones are normalised as if they had half the average.
SHORTEST_SHARE = 0.5
MAX_WORDS_PER_TERM = 16
CHECK_EVERY = 16384  # phrase candidates checked (in one numpy pass) between two looks at the clock
KEYWORD_FIELDS = ("reporter", "district", "source", "id")


@dataclass
class Statistics:
    """What BM25 knows of the collection: its size, average field lengths, how many documents hold a term.

    One index uses its own; the shards of one archive score with the archive's, so
    that their rankings equal a single index's (see `Evaluator.with_statistics`).
    """

    doc_count: int
    avg: dict[str, float]
    frequency: Callable[[str, str], int]  # (field, term) → documents holding it
    newest_day: int = -1  # the newest article's day (recency is measured from it)

    def idf(self, field: str, text: str) -> float:
        """Whoosh's BM25 idf of a term in a field."""
        return log(self.doc_count / (self.frequency(field, text) + 1)) + 1


class Evaluator:
    """Evaluates queries against one index generation (lengths and dates from its doc values)."""

    def __init__(self, postings: PostingsCache, lengths: dict[str, np.ndarray], doc_count: int,
                 days: np.ndarray | None = None, boosts: dict[str, float] | None = None):
        self.postings = postings
        self.boosts = boosts or {}
        self.lengths = lengths
        self.doc_count = doc_count
        self.days = days if days is not None else np.full(doc_count, -1, dtype=np.int32)
        self.stats = Statistics(doc_count, {f: float(a.mean()) or 1.0 for f, a in lengths.items()},
                                postings.frequency, int(self.days.max(initial=-1)))

    def with_statistics(self, stats: Statistics) -> "Evaluator":
        """This evaluator scoring with another collection's statistics (a shard of an archive)."""
        other = copy(self)
        other.stats = stats
        return other

    def terms_of(self, parsed: ParsedQuery) -> set[tuple[str, str]]:
        """The (field, term) pairs whose document frequencies scoring `parsed` uses."""
        out = set()
        for clause in parsed.clauses:
            for term in clause.terms:
                if term.field in KEYWORD_FIELDS:
                    continue
                title_only = term.field == "title"
                out |= {(f, w) for w in word_tokens(term.text)[:MAX_WORDS_PER_TERM]
                        for f in (("title",) if title_only else WORD_FIELDS)}
                out |= {(f, g) for g, _ in bigram_tokens(term.text, index=False)
                        for f in (("title_bi",) if title_only else ("title_bi", "body_bi"))}
        return out

    def run(self, parsed: ParsedQuery, deadline: Deadline) -> Matches | None:
        """Matches of the whole query, or None when nothing searchable remains."""
        musts, shoulds = parsed.of_role(MUST), parsed.of_role(SHOULD)
        result = self._all_of(musts, deadline) if musts else None
        coverage = None
        if shoulds and (result is not None or not musts):
            result, coverage = self._coordinated(musts, shoulds, result, deadline)
        if result is None:
            return None
        for clause in parsed.of_role(SCORE):
            result = self._add_word_scores(result, clause.terms, None, deadline)
        for clause in parsed.of_role(NOT):
            m = self.clause(clause, deadline, within=result.docs)
            if m is not None:
                keep = ~member(result.docs, m.docs)
                result = Matches(result.docs[keep], result.scores[keep])
                coverage = coverage[keep] if coverage is not None else None
        return adjust(self, parsed, result, deadline, None if coverage is None else coverage ** COVERAGE_POWER)

    def _all_of(self, clauses: list[Clause], deadline: Deadline) -> Matches | None:
        """Documents matching every clause; the rarest first, the others checked only on its matches."""
        result = None
        for clause in sorted(clauses, key=self.estimate):
            m = self.clause(clause, deadline, within=None if result is None else result.docs)
            if m is None:
                continue  # nothing searchable in it (punctuation)
            result = m if result is None else result.intersect(m)
        return result

    def _coordinated(self, musts: list[Clause], shoulds: list[Clause], result: Matches | None,
                     deadline: Deadline):
        """Add relaxed clauses: their scores, and per document the share of the query it covers.

        A clause weighs its idf, so a document holding the query's rare words covers more
        of it than a long one that happens to hold every common word. With `result` None
        (no required clause), the documents matching any relaxed clause.
        """
        found = [(self.clause(c, deadline, within=None if result is None else result.docs), self._weight(c))
                 for c in shoulds]
        found = [(m, w) for m, w in found if m is not None]
        if result is None:
            if not found:
                return None, None
            result = found[0][0]
            for m, _ in found[1:]:
                result = result.union(m)
        total = sum(self._weight(c) for c in musts) + sum(w for _, w in found)
        covered = np.full(len(result), float(sum(self._weight(c) for c in musts)))
        for m, w in found:
            result = result.boosted_by(m)
            covered[member(result.docs, m.docs)] += w
        return result, covered / (total or 1.0)

    def _weight(self, clause: Clause) -> float:
        """How informative a clause is: the idf of its estimated document frequency."""
        return log(self.stats.doc_count / (self.estimate(clause, self.stats.frequency) + 1)) + 1

    def estimate(self, clause: Clause, frequency: Callable[[str, str], int] | None = None) -> int:
        """About how many documents a clause matches (its rarest bigram's frequency), to order clauses.

        :param frequency: where frequencies come from (default: the statistics scoring uses: this
            index's, or an archive's for a shard, so that every shard orders clauses alike).
        """
        frequency = frequency or self.stats.frequency
        total = 0
        for term in clause.terms:
            if term.field in KEYWORD_FIELDS:
                total += frequency(term.field, term.text.strip())
                continue
            grams = [g for g, _ in bigram_tokens(term.text, index=False)]
            if grams:
                total += min(sum(frequency(f, g) for f in ("title_bi", "body_bi")) for g in grams)
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
            return _within(self._keyword(term, deadline), within)
        recall = self.verbatim(term.text, ("title",) if term.field == "title" else ("title", "body"),
                               deadline, within)
        if recall is None:
            return None
        return self._add_word_scores(recall, [term], term.field, deadline)

    def verbatim(self, text: str, fields: tuple[str, ...], deadline: Deadline,
                 within: np.ndarray | None = None) -> Matches | None:
        """Documents holding `text` verbatim in any of the fields, scored by BM25F of its occurrences.

        Scored as one phrase, as often as it occurs: its pieces occurring apart (a long title
        greeting 香港同胞 … 澳门同胞 … 台湾同胞) count nothing, and a title mention is weighed
        together with the body's before one saturation, as for words.
        """
        grams = [g for g, _ in bigram_tokens(text, index=False)]
        if not grams:
            return None
        if len(grams) == 1 and is_cjk(grams[0]) and len(grams[0]) == 1:
            recall = Matches.empty()
            for f in fields:
                recall = recall.union(_within(self._prefix(f + "_bi", grams[0], deadline), within))
            return recall
        tokens = word_tokens(text)[:MAX_WORDS_PER_TERM]
        # A jieba word is a contiguous piece of its document's text: where the whole term is
        # one word of a document, it stands there verbatim and needs no position check.
        whole_word = len(tokens) == 1 and len(grams) > 1 and tokens[0] == _spelled(grams)
        weighted = Matches.empty()
        for f in fields:
            sure = self._read(f, tokens[0], within, deadline).docs if whole_word else None
            field = f + "_bi"
            docs, counts = self._occurrences(field, grams, deadline, sure, within)
            weighted = weighted.union(Matches(docs, self._field_weight(field) * counts / self._norm(field, docs)))
        idf_field = "title_bi" if fields == ("title",) else "body_bi"
        idf = sum(self.stats.idf(idf_field, g) for g in grams)
        w = weighted.scores
        return Matches(weighted.docs, self.boosts.get("body_bi", 1.0) * idf * w * (K1_FIELDS + 1) / (w + K1_FIELDS))

    def verbatim_ceiling(self, text: str) -> float:
        """What `verbatim(text, ("title", "body"))` scores at most: its idf × saturation's ceiling."""
        grams = [g for g, _ in bigram_tokens(text, index=False)]
        if len(grams) == 1 and is_cjk(grams[0]) and len(grams[0]) == 1:  # scored as in `_prefix`
            return sum(0.1 + self.boosts.get(f, 1.0) * self.stats.idf(f, grams[0]) * (K1 + 1)
                       for f in ("title_bi", "body_bi"))
        idf = sum(self.stats.idf("body_bi", g) for g in grams)
        return self.boosts.get("body_bi", 1.0) * idf * (K1_FIELDS + 1)

    def _field_weight(self, field: str) -> float:
        """A bigram field's weight inside BM25F, relative to the body's."""
        return self.boosts.get(field, 1.0) / self.boosts.get("body_bi", 1.0)

    def _add_word_scores(self, m: Matches, terms: list[Term], field: str | None, deadline: Deadline) -> Matches:
        """`m` with the BM25F of the terms' jieba words added (word fields; the title only for title: terms).

        BM25F proper: a word's frequencies in title, opening and body are length-normalised,
        weighted by the fields' boosts and summed before one saturation, so a word in every
        field of a document counts once, strongly, not three times over. A term's `also` words
        (a place's full name) count as occurrences of the term, with the term's idf.
        """
        fields = ("title",) if field == "title" else WORD_FIELDS
        scores = m.scores.astype(np.float64)
        for term in terms:
            if term.field in KEYWORD_FIELDS:
                continue
            tokens = word_tokens(term.text)[:MAX_WORDS_PER_TERM]
            also = term.also if len(tokens) == 1 else ()
            for w in tokens:
                found = [(f, self.postings.within(f, form, m.docs, deadline)) for f in fields for form in (w, *also)]
                weighted = summed_at(m.docs, [(p.docs, self._normalised_tf(f, p)) for f, p in found if len(p)])
                scores += self.stats.idf("body" if field != "title" else "title", w) * weighted * (K1_FIELDS + 1) \
                    / (weighted + K1_FIELDS)
        return Matches(m.docs, scores)

    def _normalised_tf(self, field: str, p: Postings) -> np.ndarray:
        """BM25F's per-field part: frequency ÷ the field's length normalisation, times its boost."""
        return self.boosts.get(field, 1.0) * p.freqs / self._norm(field, p.docs)

    def _norm(self, field: str, docs: np.ndarray) -> np.ndarray:
        """BM25's length normalisation of the field in these documents (titles are short by nature)."""
        avg = self.stats.avg[field]
        lengths = self.lengths[field][docs]
        if not field.startswith("title"):
            lengths = np.maximum(lengths, SHORTEST_SHARE * avg)
        return (1 - B) + B * lengths / avg

    def _read(self, field: str, text: str, within: np.ndarray | None, deadline: Deadline) -> Postings:
        """A term's postings: the whole list, or only those of the documents `within`."""
        if within is None:
            return self.postings.get(field, text, deadline)
        return self.postings.within(field, text, within, deadline)

    def weighted(self, terms: list[tuple[str, str, float]]) -> np.ndarray:
        """Per document, the sum of weight × BM25F of the (field, text, weight) terms it contains."""
        scores = np.zeros(self.doc_count)
        for field, text, weight in terms:
            p = self.postings.get(field, text)
            scores[p.docs] += weight * self._scored(field, p, text)
        return scores

    def _scored(self, field: str, p: Postings, text: str) -> np.ndarray:
        """BM25 of a term's postings, times the field's boost."""
        if not len(p):
            return np.zeros(0)
        idf = self.stats.idf(field, text)
        tf = p.freqs.astype(np.float64)
        return self.boosts.get(field, 1.0) * idf * (tf * (K1 + 1)) / (tf + K1 * self._norm(field, p.docs))

    def _occurrences(self, field: str, grams: list[str], deadline: Deadline, sure=None,
                     within=None) -> tuple[np.ndarray, np.ndarray]:
        """Documents whose `field` holds the grams at consecutive positions, and how often; rarest gram first.

        :param sure: documents known to hold them (skip the position check there).
        :param within: only these documents (sorted) are wanted.
        """
        if len(grams) == 1:
            p = self._read(field, grams[0], within, deadline)
            return p.docs, p.freqs
        order = sorted(range(len(grams)), key=lambda i: self.postings.frequency(field, grams[i]))
        lists: list[Postings | None] = [None] * len(grams)
        common = within
        for i in order:
            lists[i] = self._read(field, grams[i], common, deadline)
            common = lists[i].docs if common is None else _common(common, lists[i].docs)
            if not len(common):
                return common, np.zeros(0, dtype=np.int64)
        rows = [positions_in(p.docs, common)[0] for p in lists]
        # Counted where positions are checked; where the string is known to stand (a whole
        # jieba word), its rarest gram's frequency, which it nearly always equals.
        counts = np.min([p.freqs[r] for p, r in zip(lists, rows)], axis=0).astype(np.int64)
        known = member(common, sure) if sure is not None else np.zeros(len(common), bool)
        unknown = np.flatnonzero(~known)
        counts[unknown] = 0
        for a in range(0, len(unknown), CHECK_EVERY):
            if deadline.expired():
                break
            chunk = unknown[a:a + CHECK_EVERY]
            counts[chunk] = _adjacent(lists, [r[chunk] for r in rows])
        keep = np.flatnonzero(counts)
        return common[keep], counts[keep]

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
        return Matches(docs, np.full(len(docs), 0.1)).boosted_by(Matches(exact.docs, self._scored(field, exact, char)))

    def _keyword(self, term: Term, deadline: Deadline) -> Matches:
        value = term.text.strip()
        if term.field == "district":
            district = lookup(normalize(value)) or lookup(value)
            value = district.name if district else value
        p = self.postings.get(term.field, value, deadline)
        return Matches(p.docs, np.ones(len(p)))


def _within(m: Matches, within: np.ndarray | None) -> Matches:
    """`m` restricted to the sorted documents `within` (all of it when None)."""
    if within is None:
        return m
    keep = member(m.docs, within)
    return Matches(m.docs[keep], m.scores[keep])


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sorted documents in both sorted arrays: the smaller one searched in the larger."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return small[member(small, large)]


def _spelled(grams: list[str]) -> str:
    """The text a run of overlapping bigrams spells: 综合 合保 保税 → 综合保税."""
    return grams[0] + "".join(g[-1] for g in grams[1:])


def _adjacent(lists: list[Postings], rows: list[np.ndarray]) -> np.ndarray:
    """For each candidate j (its postings at rows[i][j]), how many s have gram i at s + i for every i.

    Candidates whose grams each occur once (most of them) are checked by comparing
    the aligned positions; the others by looking up every (candidate, s + i) among
    the keys of gram i's positions. Only candidates still alive have the next
    gram's positions decoded.
    """
    n = len(rows[0])
    once = np.ones(n, dtype=bool)
    for p, r in zip(lists, rows):
        once &= p.freqs[r] == 1
    counts = np.zeros(n, dtype=np.int64)
    single = np.flatnonzero(once)
    if len(single):
        alive = np.arange(len(single))
        _, start = lists[0].positions(rows[0][single])
        for i in range(1, len(lists)):
            _, pos = lists[i].positions(rows[i][single[alive]])
            hit = pos == start[alive] + i
            alive = alive[hit]
            if not len(alive):
                break
        counts[single[alive]] = 1
    several = np.flatnonzero(~once)
    if len(several):
        counts[several] = _adjacent_keys(lists, [r[several] for r in rows])
    return counts


def _adjacent_keys(lists: list[Postings], rows: list[np.ndarray]) -> np.ndarray:
    """`_adjacent` for candidates with repeated grams: sorted (candidate, position) keys."""
    n = len(rows[0])
    owner, starts = lists[0].positions(rows[0])
    for i in range(1, len(lists)):
        live = owner[np.flatnonzero(np.diff(owner, prepend=-1))]  # distinct owners (they ascend)
        if not len(live):
            break
        other_owner, other = lists[i].positions(rows[i][live])
        keys = (live[other_owner] << 32) | other  # ascending: candidates ascend, positions within each too
        want = (owner << 32) | (starts + i)
        found = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
        hit = keys[found] == want
        owner, starts = owner[hit], starts[hit]
    return np.bincount(owner, minlength=n)
