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
from whoosh.analysis import IDTokenizer, RegexTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import _length_byte_cache

from index.analysis import (CODE_SHIFT, LATIN_BASE, FunctionTokenizer, _normalized, bigram_batch, bigram_tokens,
                            is_indexed_word, token_columns, word_cut, word_tokens)
from index.format.codec import YuwenCodec, postings_path
from index.format.coding import stable_order
from index.format.fields import TermNames, encode_field
from index.format.segment_file import write_postings


BIGRAM_BATCH = 256  # documents analysed together (numpy's per-call costs shared out)
ITEM_CACHE = 4096  # keyword values remembered per field


class UnsupportedSchema(ValueError):
    """A field needs something this writer does not produce (term vectors, columns, spelling)."""


class SegmentBuilder:
    """Collects documents (field name → value, as for `IndexWriter.add_document`) into one new segment."""

    def __init__(self, storage, indexname: str, schema, compact: bool = True):
        """:param compact: postings at their narrowest (fields.encode_field); False for a segment that a
        merge will encode again."""
        _check_supported(schema)
        self.storage, self.schema, self.compact = storage, schema, compact
        self.codec = YuwenCodec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.fields = {name: _collector(schema[name]) for name in schema.names() if schema[name].indexed}
        self.docnum = 0

    def add(self, fields: dict) -> None:
        """Analyse and add one document (field name → value, as for `IndexWriter.add_document`)."""
        self.add_all([fields])

    def add_all(self, docs: list[dict]) -> None:
        """Add documents: the stored fields of them all, then the analysis of each.

        Stage by stage, each stage's tables (the compressor's, jieba's dictionary, the
        vocabularies) stay in the CPU's caches across the batch: ~10 % faster than
        storing and analysing document by document.
        """
        first = self.docnum
        for docnum, fields in enumerate(docs, first):
            self._store(docnum, fields)
        for docnum, fields in enumerate(docs, first):
            self._index(docnum, fields)
        self.docnum = first + len(docs)

    def _store(self, docnum: int, fields: dict) -> None:
        perdoc, schema = self.perdoc, self.schema
        perdoc.start_doc(docnum)
        for name in sorted(fields):  # in name order, as Whoosh stores them
            value = fields[name]
            if value is not None and schema[name].stored:
                perdoc.add_field(name, schema[name], value, 0)  # lengths: all at once, in finish
        perdoc.finish_doc()

    def _index(self, docnum: int, fields: dict) -> None:
        for name, postings in self.fields.items():
            value = fields.get(name)
            if value is not None:
                postings.add(docnum, value)
            postings.end_doc()  # documents without the field get no rows

    def finish(self):
        """Write the postings file; returns the segment for the index's table of contents."""
        lengths = {name: self.fields[name].doc_lengths() for name in whoosh_length_fields(self.schema)}
        write_lengths(self.perdoc, lengths)
        self.perdoc.close()
        encoded = {name: f.encoded(self.compact) for name, f in self.fields.items() if f.has_postings()}
        with open(postings_path(self.storage, self.segment), "wb") as fh:
            write_postings(fh, encoded)
        self.segment.set_doc_count(self.docnum)
        return self.segment


# Whoosh keeps a document's field length as one byte on a log scale: the byte is the first whose
# length reaches the given one (its length_to_byte), 255 from LENGTH_CAP on.
_LENGTH_BYTES = np.array(_length_byte_cache, dtype=np.int64)
LENGTH_CAP = int(_LENGTH_BYTES[-1])


def write_lengths(perdoc, lengths: dict[str, np.ndarray]) -> None:
    """Whoosh's length column and total of each field for all documents at once, as `add_field`
    writes them document by document (at ~10 µs a field a document).

    Reaches into W3PerDocWriter (whoosh3 is pinned): its column writers and field totals.
    """
    for name, counts in lengths.items():
        counts = np.asarray(counts, dtype=np.int64)
        used = np.flatnonzero(counts)
        if not len(used):
            continue
        codes = np.where(counts >= LENGTH_CAP, 255, np.searchsorted(_LENGTH_BYTES, counts)).astype(np.uint8)
        perdoc._create_column(_lenfield(name), LENGTHS_COLUMN)
        column = perdoc._get_column(_lenfield(name))
        column._dbfile.write(codes[: used[-1] + 1].tobytes())  # as its `add`: no bytes past the last length
        column._count = int(used[-1]) + 1
        perdoc._fieldlengths[name] += int(counts.sum())


def whoosh_length_fields(schema) -> list[str]:
    """The fields whose token counts SegmentBuilder writes to Whoosh's length columns (not the bigram ones)."""
    return [name for name in schema.names() if schema[name].indexed and schema[name].scorable
            and not _bigram_field(schema[name])]


def _bigram_field(fieldobj) -> bool:
    """Whether the field is analysed into character bigrams (by BigramPostings, a batch at a time)."""
    analyzer = getattr(fieldobj, "analyzer", None)
    return isinstance(analyzer, FunctionTokenizer) and analyzer.analyse is bigram_tokens


def _collector(fieldobj):
    """The collector of a field: batched bigram analysis, or token/item rows."""
    return BigramPostings(fieldobj) if _bigram_field(fieldobj) else FieldPostings(fieldobj)


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
    Word fields keep a row for every word jieba cut, punctuation and stop words
    as SKIPPED (one dictionary lookup a word, not a filter and then a lookup).
    """

    def __init__(self, fieldobj):
        self.fieldobj = fieldobj
        kind = type(fieldobj.format)
        analyzer = getattr(fieldobj, "analyzer", None)
        self.tokens = isinstance(analyzer, FunctionTokenizer) and kind in (formats.Frequency, formats.Positions)
        self.positional = kind is formats.Positions
        self.analyse = analyzer.analyse if self.tokens else None
        self.words = self.analyse is word_tokens and not self.positional
        # An ID field's term is its whole value (what IDTokenizer yields), and ids rarely recur.
        self.whole = type(analyzer) is IDTokenizer and kind is formats.Existence
        # term (str for token fields, bytes otherwise) → term id
        self.vocab = _WordVocabulary() if self.words else _Vocabulary()
        self.term_ids: list[int] = []  # (a list: array's extend from an iterator costs ~0.1 µs an item)
        self._term_ids = np.zeros(0, dtype=np.uint32)  # the same as an array, once asked for
        self.token_pos = array("I")
        self.doc_counts = array("I")  # rows added per document
        self.posting_freqs = array("I")
        self._items: dict = {}  # value (a whole one, or one name of a list) → Whoosh's items for it
        # A comma-separated keyword field (reporters, districts) tokenises each name between commas on
        # its own: names are analysed one by one and remembered, as the lists of names rarely recur.
        self.commas = _comma_separated(analyzer)
        self._rows = 0

    def add(self, docnum: int, value) -> None:
        """Add the field value of document `docnum`."""
        if self.words:
            self.term_ids.extend(map(self.vocab.__getitem__, word_cut(value)))
        elif self.tokens:
            self._add_tokens(value)
        else:
            self._add_items(value)

    def has_postings(self) -> bool:
        """Whether any document had a term in this field."""
        return bool(self.vocab.terms)

    def doc_lengths(self) -> np.ndarray:
        """Per document, how many tokens the field had (for keywords: the sum of their frequencies)."""
        counts = np.frombuffer(self.doc_counts, dtype=np.uint32).astype(np.int64)
        if self.tokens and not self.words:
            return counts
        weights = (self._term_array() != SKIPPED if self.words
                   else np.frombuffer(self.posting_freqs, dtype=np.uint32))
        running = np.concatenate(([0], np.cumsum(weights, dtype=np.int64)))
        ends = np.cumsum(counts)
        return running[ends] - running[ends - counts]

    def _term_array(self) -> np.ndarray:
        """The term ids so far, as a uint32 array (made once the segment is complete; through
        array("I"), a third of the time numpy takes to convert a list of ints)."""
        if len(self._term_ids) != len(self.term_ids):
            self._term_ids = np.frombuffer(array("I", self.term_ids), dtype=np.uint32)
        return self._term_ids

    def end_doc(self) -> None:
        """Close the current document's rows (documents without this field get none)."""
        self.doc_counts.append(len(self.term_ids) - self._rows)
        self._rows = len(self.term_ids)

    def _add_tokens(self, value) -> None:
        tokens, positions = token_columns(self.analyse, value)
        self.term_ids.extend(map(self.vocab.__getitem__, tokens))
        if self.positional:
            self.token_pos.extend(range(len(tokens)) if positions is None else positions)

    def _add_items(self, value) -> None:
        vocab = self.vocab
        if self.whole:
            self.term_ids.append(vocab[value.encode("utf-8")])
            self.posting_freqs.append(1)
            return
        pieces = value.split(",") if self.commas and "," in value else None
        if pieces is None:
            items = self._items_of(value)
        else:  # each name analysed alone (see __init__), a name given twice counted once with its frequency
            counts: dict[bytes, int] = {}
            for piece in pieces:
                for btext, freq in self._items_of(piece):
                    counts[btext] = counts.get(btext, 0) + freq
            items = counts.items()
        for btext, freq in items:
            self.term_ids.append(vocab[btext])
            self.posting_freqs.append(freq)

    def _items_of(self, value: str) -> list[tuple[bytes, int]]:
        """Whoosh's (term bytes, frequency) items of a field value, remembered (the cache is bounded)."""
        items = self._items.get(value)
        if items is None:
            if len(self._items) >= ITEM_CACHE:
                self._items.clear()
            items = self._items[value] = [(btext, freq) for btext, freq, _, _ in self.fieldobj.index(value)]
        return items

    def encoded(self, compact: bool = True):
        """All postings, ordered by term and then document, encoded (fields.encode_field)."""
        terms = self.vocab.terms
        texts = TermNames.of([t.encode("utf-8") if isinstance(t, str) else t for t in terms])
        ranks = self._term_array()
        docs = np.repeat(np.arange(len(self.doc_counts), dtype=np.int64),
                         np.frombuffer(self.doc_counts, dtype=np.uint32))
        if self.words:
            kept = ranks != SKIPPED
            ranks, docs = ranks[kept], docs[kept]
        # Rows were added document by document, and within a document a term's positions
        # ascend, so a stable sort by term leaves each term's rows in (document, position) order.
        ranks, order = stable_order(ranks)
        docs = docs[order]
        if not self.tokens:
            freqs = np.frombuffer(self.posting_freqs, dtype=np.uint32).astype(np.int64)[order]
            return encode_field(texts, _starts(ranks, len(terms)), docs, freqs, compact=compact)
        first = np.ones(len(ranks), dtype=bool)
        first[1:] = (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])
        rows = np.flatnonzero(first)
        freqs = np.diff(np.append(rows, len(ranks)))
        positions = np.frombuffer(self.token_pos, dtype=np.uint32)[order] if self.positional else None
        return encode_field(texts, _starts(ranks[rows], len(terms)), docs[rows], freqs, positions,
                            compact=compact)


def _comma_separated(analyzer) -> bool:
    """Whether the analyzer is Whoosh's KEYWORD(commas=True): tokens are the text between commas, filtered."""
    first = getattr(analyzer, "items", [None])[0]
    return isinstance(first, RegexTokenizer) and first.expression.pattern == "[^,]+" and not first.gaps


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

    def add(self, docnum: int, value) -> None:
        """Queue the document's text (analysed with the next batch)."""
        self.pending.append(_normalized(value))  # the word field has just normalised the same text
        if len(self.pending) >= BIGRAM_BATCH:
            self._flush()

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

    def encoded(self, compact: bool = True):
        """All postings, ordered by term and then document, encoded."""
        self._flush()
        codes, positions = np.concatenate(self.codes), np.concatenate(self.positions)
        counts = self.doc_lengths()
        docs = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        codes, order = stable_order(codes)  # rows came document by document, positions ascending
        docs, positions = docs[order], positions[order]
        first = np.ones(len(codes), dtype=bool)
        first[1:] = (codes[1:] != codes[:-1]) | (docs[1:] != docs[:-1])
        rows = np.flatnonzero(first)
        freqs = np.diff(np.append(rows, len(codes)))
        term_first = np.flatnonzero(np.append(True, codes[rows][1:] != codes[rows][:-1]))
        names = bigram_names(codes[rows][term_first], list(self.latin))
        starts = np.append(term_first, len(rows))
        return encode_field(names, starts, docs[rows], freqs, positions, compact=compact)


def bigram_names(codes: np.ndarray, latin: list[str]) -> TermNames:
    """The UTF-8 names of bigram_batch's token codes, made with numpy (a Chinese character is 3 bytes).

    >>> names = bigram_names(np.array([0x4FDD, LATIN_BASE, 0x4FDD << CODE_SHIFT | 0x7A0E]), ["ai"])
    >>> names.blob.tobytes().decode(), names.offsets.tolist()
    ('保ai保税', [0, 3, 5, 11])
    """
    codes = np.asarray(codes, dtype=np.int64)
    pair = codes >= 0x3400 << CODE_SHIFT
    latin_ = (codes >= LATIN_BASE) & ~pair
    latin_bytes = [latin[c - LATIN_BASE].encode("utf-8") for c in codes[latin_].tolist()]
    lengths = np.where(pair, 6, 3)
    lengths[latin_] = np.fromiter(map(len, latin_bytes), dtype=np.int64, count=len(latin_bytes))
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    blob = np.zeros(int(offsets[-1]), dtype=np.uint8)
    starts, single = offsets[:-1], ~pair & ~latin_
    _put_cjk(blob, starts[single], codes[single])
    _put_cjk(blob, starts[pair], codes[pair] >> CODE_SHIFT)
    _put_cjk(blob, starts[pair] + 3, codes[pair] & 0xFFFF)
    for at, text in zip(starts[latin_].tolist(), latin_bytes):  # few: Latin and number tokens
        blob[at:at + len(text)] = np.frombuffer(text, dtype=np.uint8)
    return TermNames(blob, offsets)


def _put_cjk(blob: np.ndarray, at: np.ndarray, cp: np.ndarray) -> None:
    """Write code points from 0x800 to 0xFFFF as UTF-8 (three bytes each) at the given offsets."""
    blob[at], blob[at + 1], blob[at + 2] = 0xE0 | cp >> 12, 0x80 | (cp >> 6) & 0x3F, 0x80 | cp & 0x3F


class _Vocabulary(dict):
    """Term → term id, numbering new terms as they come (looked up in C via `map(vocab.__getitem__, …)`)."""

    def __missing__(self, term) -> int:
        n = self[term] = len(self)
        return n

    @property
    def terms(self) -> list:
        """The terms in id order."""
        return list(self)


SKIPPED = 0xFFFFFFFF  # the term id of a word the index leaves out (punctuation, stop words)


class _WordVocabulary(dict):
    """Word → term id, numbering the indexed words as they come; SKIPPED for the others."""

    def __init__(self):
        super().__init__()
        self.terms: list[str] = []  # the indexed words in id order

    def __missing__(self, word: str) -> int:
        n = SKIPPED
        if is_indexed_word(word):
            n = len(self.terms)
            self.terms.append(word)
        self[word] = n
        return n


def _starts(sorted_ranks: np.ndarray, terms: int) -> np.ndarray:
    """Where each term id's rows start in rows sorted by term id, plus the end (every id has rows)."""
    return np.searchsorted(sorted_ranks, np.arange(terms + 1))
