"""A faster exact-phrase query for the bigram fields.

Whoosh's Phrase builds Span objects for every position of every term in every
candidate document; for bigram phrases (every query of 3+ characters) that was
most of a search's time. Here adjacency is checked on the raw position lists
with set lookups; matching, scoring and skipping stay Whoosh's own.
"""

from __future__ import annotations

from whoosh import matching
from whoosh.query import Phrase, SpanNear2, Term
from whoosh.query.spans import Span


class FastPhraseMatcher(SpanNear2.SpanNear2Matcher):
    """Matches documents where term i occurs at position p + i for some p."""

    def __init__(self, ms):
        super().__init__(ms, slop=1, ordered=True, mindist=1)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms])

    def _get_spans(self):
        ms = self.ms
        starts = set(ms[0].value_as("positions"))
        for i in range(1, len(ms)):
            if not starts:
                return []
            later = ms[i].value_as("positions")
            starts = starts.intersection(p - i for p in later)
        n = len(ms) - 1
        return [Span(p, p + n) for p in sorted(starts)]


class BigramPhrase(Phrase):
    """Phrase over a positions field (slop 1), with the faster matcher above."""

    def matcher(self, searcher, context=None):
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or not self.words:
            return matching.NullMatcher()
        reader = searcher.reader()
        terms = []
        for word in self.words:
            btext = field.to_bytes(word)
            if (self.fieldname, btext) not in reader:
                return matching.NullMatcher()
            terms.append(Term(self.fieldname, btext))
        if len(terms) == 1:
            return terms[0].matcher(searcher, context)
        context = SpanNear2._span_context(context)
        m = FastPhraseMatcher([t.matcher(searcher, context) for t in terms])
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m
