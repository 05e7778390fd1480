"""Whoosh segments written in bulk from whole documents, postings in Yuwen's numpy format.

Whoosh's own writer spends ~10 µs of Python on every posting (a Token
object, a tuple in a sorting pool, a call into the block writer); an article
has ~1,000 postings. SegmentBuilder keeps a segment's tokens in flat arrays,
groups them into postings with one numpy sort per field and encodes every
term of a field at once (fields.py). Stored fields and field lengths go
through W3Codec's per-document writer unchanged, so the segment is an
ordinary Whoosh segment with YuwenCodec's postings file beside them.
"""

from __future__ import annotations

from array import array

import numpy as np
from whoosh import formats
from whoosh.util.numeric import length_to_byte

from index.analysis import (FunctionTokenizer, _normalized, bigram_batch, bigram_code_text, bigram_tokens,
                            token_columns)
from index.format.codec import YuwenCodec, postings_path
from index.format.fields import encode_field
from index.format.segment_file import write_postings


BIGRAM_BATCH = 256  # documents analysed together (numpy's per-call costs shared out)
ITEM_CACHE = 4096  # keyword values remembered per field


class UnsupportedSchema(ValueError):
    """A field needs something this writer does not produce (term vectors, columns, spelling)."""


class SegmentBuilder:
    """Collects documents (field name → value, as for `IndexWriter.add_document`) into one new segment."""

    def __init__(self, storage, indexname: str, schema):
        _check_supported(schema)
        self.storage, self.schema = storage, schema
        self.codec = YuwenCodec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.fields = {name: _collector(schema[name]) for name in schema.names() if schema[name].indexed}
        self.docnum = 0

    def add(self, fields: dict) -> None:
        """Analyse and add one document; fields in name order, as Whoosh stores them."""
        docnum = self.docnum
        self.perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            fieldobj = self.schema[name]
            length = self.fields[name].add(docnum, value) if fieldobj.indexed else 0
            self.perdoc.add_field(name, fieldobj, value if fieldobj.stored else None,
                                  length if fieldobj.scorable else 0)
        self.perdoc.finish_doc()
        self.docnum += 1
        for postings in self.fields.values():
            postings.end_doc()

    def finish(self):
        """Write the postings file; returns the segment for the index's table of contents."""
        self.perdoc.close()
        encoded = {name: f.encoded() for name, f in self.fields.items() if f.has_postings()}
        with open(postings_path(self.storage, self.segment), "wb") as fh:
            write_postings(fh, encoded)
        self.segment.set_doc_count(self.docnum)
        return self.segment


def _collector(fieldobj):
    """The collector of a field: batched bigram analysis, or token/item rows."""
    analyzer = getattr(fieldobj, "analyzer", None)
    if isinstance(analyzer, FunctionTokenizer) and analyzer.analyse is bigram_tokens:
        return BigramPostings(fieldobj)
    return FieldPostings(fieldobj)


def _check_supported(schema) -> None:
    for name in schema.names():
        field = schema[name]
        if field.vector or field.column_type or field.separate_spelling():
            raise UnsupportedSchema(f"field {name!r}: term vectors, sortable columns and spelling fields "
                                    "are not written by SegmentBuilder")


class FieldPostings:
    """One field's postings in one segment, gathered as flat arrays until the segment is written.

    Fields analysed by one of our FunctionTokenizers keep a row per token
    (term id, position) and a token count per document; other fields (ids,
    keywords) go through Whoosh's own `field.index` and keep a row per posting.
    """

    def __init__(self, fieldobj):
        self.fieldobj = fieldobj
        kind = type(fieldobj.format)
        analyzer = getattr(fieldobj, "analyzer", None)
        self.tokens = isinstance(analyzer, FunctionTokenizer) and kind in (formats.Frequency, formats.Positions)
        self.positional = kind is formats.Positions
        self.analyse = analyzer.analyse if self.tokens else None
        self.vocab = _Vocabulary()  # term (str for token fields, bytes otherwise) → term id
        self.term_ids = array("I")
        self.token_pos = array("I")
        self.doc_counts = array("I")  # rows added per document
        self.posting_freqs = array("I")
        self._items: dict = {}  # value → Whoosh's items for it (reporters, sources, kinds, files recur)
        self._rows = 0

    def add(self, docnum: int, value) -> int:
        """Add the field value of document `docnum`; returns its length in tokens."""
        return self._add_tokens(value) if self.tokens else self._add_items(value)

    def has_postings(self) -> bool:
        """Whether any document had a term in this field."""
        return bool(self.vocab)

    def doc_lengths(self) -> np.ndarray:
        """Per document, how many tokens (or postings) the field had."""
        if self.tokens:
            return np.frombuffer(self.doc_counts, dtype=np.uint32).astype(np.int64)
        return np.zeros(len(self.doc_counts), dtype=np.int64)

    def end_doc(self) -> None:
        """Close the current document's rows (documents without this field get none)."""
        self.doc_counts.append(len(self.term_ids) - self._rows)
        self._rows = len(self.term_ids)

    def _add_tokens(self, value) -> int:
        tokens, positions = token_columns(self.analyse, value)
        self.term_ids.extend(map(self.vocab.__getitem__, tokens))
        if self.positional:
            self.token_pos.extend(range(len(tokens)) if positions is None else positions)
        return len(tokens)

    def _add_items(self, value) -> int:
        vocab, length = self.vocab, 0
        items = self._items.get(value)
        if items is None:
            items = [(btext, freq) for btext, freq, _, _ in self.fieldobj.index(value)]
            if len(self._items) < ITEM_CACHE:
                self._items[value] = items
        for btext, freq in items:
            self.term_ids.append(vocab[btext])
            self.posting_freqs.append(freq)
            length += freq
        return length

    def encoded(self):
        """All postings, ordered by term and then document, encoded (fields.encode_field)."""
        texts = [t.encode("utf-8") if isinstance(t, str) else t for t in self.vocab]
        ranks = np.frombuffer(self.term_ids, dtype=np.uint32).astype(np.int64)
        docs = np.repeat(np.arange(len(self.doc_counts), dtype=np.int64),
                         np.frombuffer(self.doc_counts, dtype=np.uint32))
        # Rows were added document by document, and within a document a term's positions
        # ascend, so a stable sort by term leaves each term's rows in (document, position) order.
        order = np.argsort(ranks, kind="stable")
        ranks, docs = ranks[order], docs[order]
        if not self.tokens:
            freqs = np.frombuffer(self.posting_freqs, dtype=np.uint32).astype(np.int64)[order]
            return encode_field(texts, _starts(ranks, len(texts)), docs, freqs)
        first = np.ones(len(ranks), dtype=bool)
        first[1:] = (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])
        rows = np.flatnonzero(first)
        freqs = np.diff(np.append(rows, len(ranks)))
        positions = np.frombuffer(self.token_pos, dtype=np.uint32)[order] if self.positional else None
        return encode_field(texts, _starts(ranks[rows], len(texts)), docs[rows], freqs, positions)


class BigramPostings:
    """A bigram field's postings: documents analysed a batch at a time (analysis.bigram_batch), terms as codes.

    Its token counts reach the doc values (`doc_lengths`) but not Whoosh's length
    column, which is written document by document before the batch is analysed.
    """

    positional = True

    def __init__(self, fieldobj):
        self.fieldobj = fieldobj
        self.pending: list[str] = []
        self.latin: dict[str, int] = {}
        self.codes: list[np.ndarray] = []
        self.positions: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        self.docs = 0  # documents ended
        self.analysed = 0  # documents whose batch has been analysed

    def add(self, docnum: int, value) -> int:
        """Queue the document's text (analysed with the next batch); its length is not known yet: 0."""
        self.pending.append(_normalized(value))  # the word field has just normalised the same text
        if len(self.pending) >= BIGRAM_BATCH:
            self._flush()
        return 0

    def end_doc(self) -> None:
        """Documents without this field add an empty text, so every document has its place."""
        self.docs += 1
        if len(self.pending) + self.analysed < self.docs:
            self.pending.append("")

    def _flush(self) -> None:
        if self.pending:
            codes, positions, counts = bigram_batch(self.pending, self.latin)
            self.codes.append(codes)
            self.positions.append(positions)
            self.counts.append(counts)
            self.analysed += len(self.pending)
            self.pending = []

    def has_postings(self) -> bool:
        """Whether any document had a token in this field."""
        self._flush()
        return any(len(c) for c in self.codes)

    def doc_lengths(self) -> np.ndarray:
        """Per document, how many tokens the field had."""
        self._flush()
        return np.concatenate(self.counts) if self.counts else np.zeros(0, dtype=np.int64)

    def encoded(self):
        """All postings, ordered by term and then document, encoded."""
        self._flush()
        codes, positions = np.concatenate(self.codes), np.concatenate(self.positions)
        counts = self.doc_lengths()
        docs = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        order = np.argsort(codes, kind="stable")  # rows came document by document, positions ascending
        codes, docs, positions = codes[order], docs[order], positions[order]
        first = np.ones(len(codes), dtype=bool)
        first[1:] = (codes[1:] != codes[:-1]) | (docs[1:] != docs[:-1])
        rows = np.flatnonzero(first)
        freqs = np.diff(np.append(rows, len(codes)))
        term_first = np.flatnonzero(np.append(True, codes[rows][1:] != codes[rows][:-1]))
        latin = list(self.latin)
        texts = [bigram_code_text(c, latin).encode("utf-8") for c in codes[rows][term_first].tolist()]
        starts = np.append(term_first, len(rows))
        return encode_field(texts, starts, docs[rows], freqs, positions)


class _Vocabulary(dict):
    """Term → term id, numbering new terms as they come (looked up in C via `map(vocab.__getitem__, …)`)."""

    def __missing__(self, term) -> int:
        n = self[term] = len(self)
        return n


def _starts(sorted_ranks: np.ndarray, terms: int) -> np.ndarray:
    """Where each term id's rows start in rows sorted by term id, plus the end (every id has rows)."""
    return np.searchsorted(sorted_ranks, np.arange(terms + 1))
