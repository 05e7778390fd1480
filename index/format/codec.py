"""A Whoosh codec whose postings are Yuwen's numpy format: Whoosh stays the index framework.

Whoosh keeps what it does well — the schema, the table of contents and its
generations, segments and their deletions, stored fields and field lengths
(W3Codec's per-document files; stored records compressed by zstd, stored.py)
— and a segment's postings and term dictionary live in one `.ypf` file
(segment_file.py) that numpy reads directly. Our evaluator reads those arrays itself; for anything else,
this codec's terms reader answers Whoosh's own API (term lookups, prefix
expansion, matchers), so Whoosh's searcher and queries work on every field.

Segments are written only by SegmentBuilder, never through Whoosh's writer,
and never merged by Whoosh (see index/build.py); `field_writer` is W3Codec's
for the writer Whoosh opens to commit, which adds no documents.
"""

from __future__ import annotations

import os

import numpy as np
from whoosh import formats
from whoosh.codec.base import EmptyCursor, TermsReader
from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo, TermNotFound
from whoosh.system import pack_uint

from index.format.segment_file import EXTENSION, SegmentPostings
from index.format.stored import PerDocReader, PerDocWriter


class YuwenCodec(W3Codec):
    """W3Codec with Yuwen postings (`.ypf`) in place of Whoosh's term table and posting blocks."""

    def terms_reader(self, storage, segment):
        return YuwenTermsReader(SegmentPostings(postings_path(storage, segment)))

    def new_segment(self, storage, indexname):
        return W3Segment(self, indexname)

    def per_document_writer(self, storage, segment):
        return PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return PerDocReader(storage, segment)


def postings_path(storage, segment) -> str:
    """The path of a segment's postings file (indexes live in directories: FileStorage)."""
    return os.path.join(storage.folder, segment.make_filename(EXTENSION))


class YuwenTermsReader(TermsReader):
    """Whoosh's TermsReader API over one segment's postings file (for Whoosh's own searcher and queries)."""

    compat_matchers = 0  # matchers built for Whoosh's searcher: our own search never needs one

    def __init__(self, postings: SegmentPostings):
        self.postings = postings
        self._sorted: dict[str, list[bytes]] = {}

    def _find(self, fieldname, tbytes):
        field = self.postings.fields.get(fieldname)
        return None if field is None else field.find(tbytes)

    def __contains__(self, term):
        return self._find(*term) is not None

    def indexed_field_names(self):
        return list(self.postings.fields)

    def cursor(self, fieldname, fieldobj):
        return EmptyCursor()

    def _names(self, fieldname: str) -> list[bytes]:
        """The field's terms in byte order (built on first use: Whoosh's prefix walks need it)."""
        if fieldname not in self._sorted:
            field = self.postings.fields.get(fieldname)
            self._sorted[fieldname] = sorted(field.name(i) for i in range(field.size)) if field else []
        return self._sorted[fieldname]

    def terms(self):
        for fieldname in sorted(self.postings.fields):
            for name in self._names(fieldname):
                yield fieldname, name

    def terms_from(self, fieldname, prefix):
        names = self._names(fieldname)
        start = np.searchsorted(np.array(names, dtype=object), prefix) if names else 0
        for fn in sorted(f for f in self.postings.fields if f >= fieldname):
            for name in (names[int(start):] if fn == fieldname else self._names(fn)):
                yield fn, name

    def items(self):
        return ((term, self.term_info(*term)) for term in self.terms())

    def items_from(self, fieldname, prefix):
        return ((term, self.term_info(*term)) for term in self.terms_from(fieldname, prefix))

    def _arrays(self, fieldname, tbytes):
        entry = self._find(fieldname, tbytes)
        if entry is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        field = self.postings.fields[fieldname]
        return entry, field.docs(entry), field.freqs(entry)

    def term_info(self, fieldname, tbytes):
        _, docs, freqs = self._arrays(fieldname, tbytes)
        return TermInfo(weight=float(freqs.sum()), df=len(docs), minlength=0, maxlength=0,
                        maxweight=float(freqs.max()), minid=int(docs[0]), maxid=int(docs[-1]))

    def frequency(self, fieldname, tbytes):
        return self.term_info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname, tbytes):
        entry = self._find(fieldname, tbytes)
        return entry.df if entry is not None else 0

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        YuwenTermsReader.compat_matchers += 1
        entry, docs, freqs = self._arrays(fieldname, tbytes)
        weights = (freqs * format_.field_boost).tolist()
        values = self._values(fieldname, entry, freqs, format_)
        return ListMatcher(docs.tolist(), weights, values, format_, scorer=scorer, term=(fieldname, tbytes),
                           terminfo=self.term_info(fieldname, tbytes))

    def _values(self, fieldname, entry, freqs, format_) -> list:
        """Each posting's value as Whoosh's format encodes it (positions, the frequency, or none)."""
        if format_.supports("positions"):
            owner, positions = self.postings.fields[fieldname].positions(entry, np.arange(entry.df))
            bounds = np.concatenate(([0], np.cumsum(freqs)))
            flat = positions.tolist()
            return [format_.encode(flat[a:b]) for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
        if isinstance(format_, formats.Frequency):
            return [pack_uint(int(f)) for f in freqs.tolist()]
        return [None] * entry.df  # what Whoosh's own reader gives for formats without values

    def close(self):
        self.postings.close()
