"""Whoosh segments written in bulk from whole documents.

Whoosh's own writer spends ~10 µs of Python on every posting: a Token object
per token, a tuple per posting in a sorting pool, a call per posting into the
block writer. An article has ~700 postings (words and bigrams of its title and
body), so that path caps indexing near 200 articles a second per core.
SegmentBuilder keeps a segment's tokens in flat arrays, groups them into
postings with one numpy sort per field, and writes each term's posting blocks
in one go, in whoosh3's W3Codec layout: every term, term statistic and
posting reads back exactly as Whoosh's own writer would have written it
(tests/index/test_segments.py compares the two writers posting by posting),
so the result is an ordinary segment that any Whoosh reader opens and
searches.
"""

from __future__ import annotations

import zlib
from array import array
from hashlib import md5
from pickle import dumps

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _KV_LENGTHS
from whoosh.filedb.filetables import _pointer as _POINTER
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte

from index.analysis import FunctionTokenizer, token_columns

BLOCK_LIMIT = 128  # postings a block; W3Codec's default, as Whoosh's own writer uses
COMPRESSION = 3  # zlib level, likewise
PICKLE_PROTOCOL = 4
COMPRESS_BYTES = 200  # smaller blocks shrink little (W3Codec: 80); zlib costs ~10 µs a block
# A posting block is at most a few kilobytes: a small zlib window and state compress it as well
# and start ~4× faster than zlib.compress's defaults (whose set-up dominates for small inputs).
ZLIB_WBITS, ZLIB_MEMLEVEL = 12, 2
FLUSH_BYTES = 1 << 20  # posting bytes buffered before a write
BATCH_POSTINGS = 1 << 16  # postings turned into Python objects at a time (bounds memory)
_TERM_INFO = W3TermInfo._struct  # flags, total weight, doc freq, min/max length bytes, max weight, ids


class UnsupportedSchema(ValueError):
    """A field needs something this writer does not produce (term vectors, columns, spelling)."""


class SegmentBuilder:
    """Collects documents (field name → value, as for `IndexWriter.add_document`) into one new segment."""

    def __init__(self, storage, indexname: str, schema):
        _check_supported(schema)
        self.storage, self.schema = storage, schema
        self.codec = W3Codec(blocklimit=BLOCK_LIMIT, compression=COMPRESSION)
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.fields = {name: FieldPostings(schema[name]) for name in schema.names() if schema[name].indexed}
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
        """Write the posting lists and term table; returns the segment for the index's TOC."""
        self.perdoc.close()
        terms = TermsWriter(self.storage, self.segment)
        try:
            for name in sorted(self.fields):
                if self.fields[name].vocab:
                    terms.write_field(name, self.fields[name])
        finally:
            terms.close()
        self.segment.set_doc_count(self.docnum)
        return self.segment


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
        self.format = fieldobj.format
        self.boost = self.format.field_boost
        analyzer = getattr(fieldobj, "analyzer", None)
        kind = type(self.format)
        self.tokens = isinstance(analyzer, FunctionTokenizer) and kind in (formats.Frequency, formats.Positions)
        self.positions = kind is formats.Positions
        self.analyse = analyzer.analyse if self.tokens else None
        self.vocab = _Vocabulary()  # term (str for token fields, bytes otherwise) → term id
        self.term_ids = array("I")
        self.token_pos = array("I")
        self.doc_counts = array("I")  # rows added per document
        self.posting_weights = array("d")
        self.posting_values: list[bytes] = []
        self.lengths = array("B")  # per document, the length byte Whoosh's length column stores
        self._rows = 0

    def add(self, docnum: int, value) -> int:
        """Add the field value of document `docnum`; returns its length in tokens."""
        if self.tokens:
            length = self._add_tokens(value)
        else:
            length = self._add_items(value)
        self.lengths.extend(bytes(docnum - len(self.lengths)))
        self.lengths.append(length_to_byte(length) if self.fieldobj.scorable else 0)
        return length

    def end_doc(self) -> None:
        """Close the current document's rows (documents without this field get none)."""
        self.doc_counts.append(len(self.term_ids) - self._rows)
        self._rows = len(self.term_ids)

    def _add_tokens(self, value) -> int:
        tokens, positions = token_columns(self.analyse, value)
        self.term_ids.extend(map(self.vocab.__getitem__, tokens))
        if self.positions:
            self.token_pos.extend(range(len(tokens)) if positions is None else positions)
        return len(tokens)

    def _add_items(self, value) -> int:
        vocab, length = self.vocab, 0
        for btext, freq, weight, vbytes in self.fieldobj.index(value):
            self.term_ids.append(vocab[btext])
            self.posting_weights.append(weight)
            self.posting_values.append(vbytes)
            length += freq
        return length

    def postings(self) -> "Postings":
        """All postings, ordered by term bytes and then document."""
        btexts = [t.encode("utf-8") if isinstance(t, str) else t for t in self.vocab]
        by_text = sorted(range(len(btexts)), key=btexts.__getitem__)
        rank = np.empty(len(btexts), dtype=np.int32)
        rank[by_text] = np.arange(len(btexts), dtype=np.int32)
        ranks = rank[np.frombuffer(self.term_ids, dtype=np.uint32)]
        docs = np.repeat(np.arange(len(self.doc_counts), dtype=np.int32),
                         np.frombuffer(self.doc_counts, dtype=np.uint32))
        # Rows were added document by document, and within a document a term's positions
        # ascend, so a stable sort by term leaves each term's rows in (document, position) order.
        order = np.argsort(ranks, kind="stable")
        ranks, docs = ranks[order], docs[order]
        texts = [btexts[i] for i in by_text]
        lengths = np.zeros(len(self.doc_counts), dtype=np.uint8)
        lengths[: len(self.lengths)] = np.frombuffer(self.lengths, dtype=np.uint8)[: len(lengths)]
        if not self.tokens:
            weights = np.frombuffer(self.posting_weights, dtype=np.float64)[order]
            values = [self.posting_values[i] for i in order.tolist()]
            return Postings(texts, _starts(ranks), docs, weights, lengths, values=values)
        first = np.ones(len(ranks), dtype=bool)
        first[1:] = (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])
        rows = np.flatnonzero(first)
        freqs = np.diff(np.append(rows, len(ranks)))
        positions = np.frombuffer(self.token_pos, dtype=np.uint32)[order] if self.positions else None
        return Postings(texts, _starts(ranks[rows]), docs[rows], freqs * self.boost, lengths,
                        freqs=freqs, positions=positions, rows=rows)


class _Vocabulary(dict):
    """Term → term id, numbering new terms as they come (looked up in C via `map(vocab.__getitem__, …)`)."""

    def __missing__(self, term) -> int:
        n = self[term] = len(self)
        return n


class Postings:
    """A field's postings: term texts, where each term's postings start, and per-posting arrays.

    Values are kept as the pieces they are made from (frequencies, or token
    positions with each posting's first row) and encoded a batch at a time.
    """

    def __init__(self, texts, term_starts, docs, weights, doc_lengths, *, values=None, freqs=None,
                 positions=None, rows=None):
        self.texts, self.term_starts, self.docs = texts, term_starts, docs
        self.weights = weights.astype(np.float32)  # what a block stores
        self.length_bytes = doc_lengths[docs]
        self.values, self.freqs, self.positions, self.rows = values, freqs, positions, rows

    def encoded_values(self, a: int, b: int, fixed) -> bytes | list[bytes] | None:
        """Values of postings a..b as the field's format encodes them: none, fixed-size values packed
        into one bytes object (as a block stores them), or a list of variable-size values."""
        if fixed == 0:
            return None
        if self.values is not None:
            return b"".join(self.values[a:b]) if fixed else self.values[a:b]
        if self.positions is None:  # Frequency: the frequency as a 4-byte unsigned int
            return self.freqs[a:b].astype(">u4").tobytes()
        first = int(self.rows[a])
        end = int(self.rows[b]) if b < len(self.rows) else len(self.positions)
        return _position_values(self.positions[first:end], self.rows[a:b] - first, self.freqs[a:b])


def _starts(sorted_ranks: np.ndarray) -> np.ndarray:
    """Index of each distinct value's first row, plus the end."""
    change = np.flatnonzero(sorted_ranks[1:] != sorted_ranks[:-1]) + 1
    return np.concatenate(([0], change, [len(sorted_ranks)])).astype(np.int64)


_single: dict[int, bytes] = {}  # position → encoded one-position value (most postings have one)


def _position_values(positions: np.ndarray, starts: np.ndarray, freqs: np.ndarray) -> list[bytes]:
    """Whoosh's `Positions.encode` of each posting: a count and the pickled position deltas."""
    deltas = positions.astype(np.int64)
    deltas[1:] -= positions[:-1].astype(np.int64)
    deltas[starts] = positions[starts]
    get = _single.get
    values = [get(p) or _single.setdefault(p, pack_uint(1) + dumps([p], 2))
              for p in positions[starts].tolist()]
    for i in np.flatnonzero(freqs > 1).tolist():
        s, f = int(starts[i]), int(freqs[i])
        values[i] = pack_uint(f) + dumps(deltas[s:s + f].tolist(), 2)
    return values


class TermsWriter:
    """The segment's term table (.trm) and posting file (.pst), laid out as whoosh3's W3FieldWriter does.

    Blocks are pickled with protocol 4 rather than W3Codec's protocol 2 (which
    spends ~40 bytes per posting value on a latin-1 round trip) and only
    larger blocks are compressed: readers unpickle either, and each block
    records whether it is compressed. Per-term statistics are computed for
    all terms at once with numpy; Python touches each term once.
    """

    def __init__(self, storage, segment):
        self.tindex = BufferedTermTable(segment.create_file(storage, W3Codec.TERMS_EXT))
        self.fieldmap = self.tindex.extras["fieldmap"] = {}
        self.postfile = segment.create_file(storage, W3Codec.POSTS_EXT)
        self.buffer = bytearray()
        self.offset = self.postfile.tell()

    def write_field(self, name: str, field: FieldPostings) -> None:
        """Every term of one field, in byte order, a batch of terms at a time."""
        prefix = pack_ushort(self.fieldmap.setdefault(name, len(self.fieldmap)))
        p = field.postings()
        fixed = field.format.fixed_value_size()
        stats = _term_stats(p)
        bounds = p.term_starts
        term = 0
        while term < len(p.texts):
            # Terms whose postings fit in one batch (or one term alone).
            last = max(term + 1, int(np.searchsorted(bounds, bounds[term] + BATCH_POSTINGS, "right")) - 1)
            last = min(last, len(p.texts))
            self._write_batch(prefix, p, fixed, stats, term, last)
            term = last
            if len(self.buffer) >= FLUSH_BYTES:
                self._flush()

    def _write_batch(self, prefix: bytes, p: Postings, fixed, stats, t0: int, t1: int) -> None:
        a0, a1 = int(p.term_starts[t0]), int(p.term_starts[t1])
        docs, weights = p.docs[a0:a1].tolist(), p.weights[a0:a1].tolist()
        length_bytes, values = p.length_bytes[a0:a1].tolist(), p.encoded_values(a0, a1, fixed)
        starts = (p.term_starts[t0:t1 + 1] - a0).tolist()
        total, wmax, lmin, lmax = (s[t0:t1].tolist() for s in stats)
        add, buffer = self.tindex.add, self.buffer
        for t in range(t1 - t0):
            a, b = starts[t], starts[t + 1]
            start = self.offset + len(buffer)
            buffer += WHOOSH3_HEADER_MAGIC
            term_values = _slice(values, a, b, fixed)
            if b - a <= BLOCK_LIMIT:
                self._write_block(docs[a:b], weights[a:b], wmax[t], _block_values(term_values),
                                  lmin[t], lmax[t], last=True)
            else:
                self._write_blocks(docs[a:b], weights[a:b], term_values, fixed, length_bytes[a:b])
            info = _TERM_INFO.pack(0, total[t], b - a, lmin[t], lmax[t], wmax[t], docs[a], docs[b - 1])
            add(prefix + p.texts[t0 + t], info + pack_long(start) + pack_int(self.offset + len(buffer) - start))

    def _write_blocks(self, docs, weights, values, fixed, length_bytes) -> None:
        """A long posting list: blocks of BLOCK_LIMIT postings, each with its own statistics."""
        n = len(docs)
        for a in range(0, n, BLOCK_LIMIT):
            b = min(a + BLOCK_LIMIT, n)
            lb = length_bytes[a:b]
            nonzero = [x for x in lb if x]
            block_values = _block_values(_slice(values, a, b, fixed))
            self._write_block(docs[a:b], weights[a:b], max(weights[a:b]), block_values,
                              min(nonzero) if nonzero else 0, max(lb), last=b == n)

    def _write_block(self, ids, weights, maxweight, values, minlen: int, maxlen: int, last: bool) -> None:
        # W3PostingsWriter's block: delta-coded ids, weights (None when all 1.0, one number when all
        # equal), values; then a small header the reader can skip on without unpickling the block.
        deltas = [ids[0]]
        if len(ids) > 1:
            deltas += map(int.__sub__, ids[1:], ids)
        first = weights[0]
        mini_weights = (None if first == 1.0 else first) if weights.count(first) == len(weights) else tuple(weights)
        data = dumps((tuple(deltas), mini_weights, values), PICKLE_PROTOCOL)
        comp = 0
        if len(data) >= COMPRESS_BYTES:
            packer = zlib.compressobj(COMPRESSION, zlib.DEFLATED, ZLIB_WBITS, ZLIB_MEMLEVEL)
            data = packer.compress(data) + packer.flush()
            comp = COMPRESSION
        info = dumps((len(ids), ids[-1], maxweight, comp, minlen, maxlen), PICKLE_PROTOCOL)
        size = len(info) + len(data)
        self.buffer += pack_int(-size if last else size)
        self.buffer += info
        self.buffer += data

    def _flush(self) -> None:
        self.postfile.write(bytes(self.buffer))
        self.offset += len(self.buffer)
        self.buffer.clear()

    def close(self) -> None:
        self._flush()
        self.tindex.close()
        self.postfile.close()


def _term_stats(p: Postings):
    """Per term: total weight, highest weight, shortest and longest document (as length bytes).

    A document length of 0 means "not recorded" (unscored fields) and is left
    out of the shortest, as W3PostingsWriter does.
    """
    starts = p.term_starts[:-1]
    total = np.add.reduceat(p.weights.astype(np.float64), starts)
    wmax = np.maximum.reduceat(p.weights, starts)
    lengths = p.length_bytes.astype(np.int16)
    lmax = np.maximum.reduceat(lengths, starts)
    lmin = np.minimum.reduceat(np.where(lengths == 0, 256, lengths), starts)
    lmin[lmin == 256] = 0
    return total, wmax, lmin, lmax


class BufferedTermTable(OrderedHashWriter):
    """Whoosh's ordered hash file with its per-key writes (three per term) gathered in memory."""

    def __init__(self, dbfile):
        super().__init__(dbfile)
        if self.hashtype != 0:
            raise UnsupportedSchema("BufferedTermTable writes MD5-hashed tables only")
        self._pending = bytearray()
        self._base = dbfile.tell()

    def add(self, key: bytes, value: bytes) -> None:
        # Keys arrive in increasing order (TermsWriter sorts them), as OrderedHashWriter requires.
        pos = self._base + len(self._pending)
        self.index.append(pos)
        self._pending += _KV_LENGTHS.pack(len(key), len(value))
        self._pending += key
        self._pending += value
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")  # filetables.md5_hash
        self.buckets[h & 255].append((h, pos))
        self.lastkey = key

    def _write_hashes(self):
        # HashWriter._write_hashes, with the slots written in one go rather than one write each.
        self.dbfile.write(bytes(self._pending))
        self._pending.clear()
        null = (0, 0)
        out = bytearray()
        start = self.dbfile.tell()
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((start + len(out), numslots))
            table = [null] * numslots
            for h, position in entries:
                slot = (h >> 8) % numslots
                while table[slot] != null:
                    slot = (slot + 1) % numslots
                table[slot] = (h, position)
            out += b"".join([_POINTER.pack(h, position) for h, position in table])
        self.dbfile.write(bytes(out))


def _slice(values, a: int, b: int, fixed):
    """The values of postings a..b out of `encoded_values`' result."""
    if values is None:
        return None
    return values[a * fixed:b * fixed] if isinstance(values, bytes) else values[a:b]


def _block_values(values):
    """A block's values as W3PostingsWriter minifies them: none, joined fixed-size bytes, or a tuple."""
    if values is None or isinstance(values, bytes):
        return values
    return tuple(values)
