"""Several segments' postings files merged into one, a slice of the term dictionary at a time.

A build writes one segment per task, so that a worker's memory stays bounded;
a search pays a dictionary lookup and a decode per segment for every term it
reads, so the build then merges them. The dictionaries are in hash order and
the hash spreads terms evenly, so a slice of the hash space holds about the
same share of every segment's terms and postings, and its runs lie in one
stretch of each section: a slice's terms are decoded from all segments at once
(reader.lists_of), each term's lists concatenated (the segments' documents
follow one another) and encoded again with encode_field. Memory holds one
slice; sections go to temporary files until the postings file is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import W3Codec

from index.format.codec import YuwenCodec, postings_path
from index.format.coding import ranges, stable_order
from index.format.fields import (BLOCK, COLUMNS, EXCEPTIONS_FLAG, MAX_SECTION, SECTIONS, EncodedField, TermNames,
                                 encode_field)
from index.format.reader import FieldReader, Lists, lists_of
from index.format.segment_file import FileRange, SegmentPostings, write_postings
from index.format.segments import whoosh_length_fields, write_lengths

SLICE_VALUES = 2_000_000  # postings and positions decoded at once (200k articles: a merging process peaks at
# ~330 MB; half as many a slice: ~280 MB, and 5 % slower, paying each source's fixed costs twice as often)
OFFSET_COLUMNS = ("docs", "freqs", "pos", "exc", "skip")  # dictionary columns holding offsets into sections


class MergeTooLarge(ValueError):
    """The merged segment would pass the format's section limit (offsets are 32 bits)."""


def merge_segments(storage, indexname: str, schema, sources: list[tuple[object, dict[str, np.ndarray]]],
                   slice_values: int | None = None, parts: list[Path] | None = None):
    """A new segment holding the sources' documents one segment after another; returns it.

    :param sources: (Whoosh segment, per field the exact token count of each of its documents —
        Whoosh's length columns keep a lossy byte). Deleted documents stay, deleted.
    :param parts: the sources' postings merged already, a range of term hashes each (`merge_postings`
        with `hash_range`, in other processes), ranges in order: joined, not merged here.
    """
    codec = YuwenCodec()
    segment = codec.new_segment(storage, indexname)
    perdoc = codec.per_document_writer(storage, segment)
    counted = whoosh_length_fields(schema)
    counts = [source.doc_count_all() for source, _ in sources]
    for d in range(sum(counts)):  # documents without a stored field: the sources' own bytes follow
        perdoc.start_doc(d)
        perdoc.finish_doc()
    write_lengths(perdoc, {f: np.concatenate([lengths[f] for _, lengths in sources]) for f in counted})
    perdoc.close()  # its stored column is empty: replaced by the sources' own bytes
    _copy_stored(storage, [source for source, _ in sources], segment)
    if parts is None:
        merge_segment_postings(storage, [source for source, _ in sources], postings_path(storage, segment),
                               slice_values)
    else:
        join_postings(parts, postings_path(storage, segment))
    segment.set_doc_count(sum(counts))
    for (source, _), first in zip(sources, np.cumsum([0] + counts[:-1]).tolist()):
        for local in source.deleted_docs():
            segment.delete_document(first + local)
    return segment


def merge_segment_postings(storage, segments: list, path: str | Path, slice_values: int | None = None,
                           hash_range: tuple[int, int] = (0, 1 << 64)) -> None:
    """`merge_postings` of the postings files of Whoosh segments, their documents one segment after another."""
    opened, first = [], 0
    try:
        for segment in segments:
            opened.append((SegmentPostings(postings_path(storage, segment)), first))
            first += segment.doc_count_all()
        merge_postings(opened, path, slice_values, hash_range)
    finally:
        for postings, _ in opened:
            postings.close()


def _copy_stored(storage, sources: list, segment) -> None:
    """The sources' stored fields into the segment's stored column, as the compressed bytes they are.

    Whoosh's stored column (a VarBytesColumn) is every document's compressed record, one after
    another, then the records' lengths: each source's records are copied in one piece, and the
    lengths written after them as the column's writer would (about 200 µs a document through
    the per-document writer, 5 µs through the column writer, well under 1 µs this way).
    """
    raw = columns.VarBytesColumn()
    out = storage.create_file(W3Codec.column_filename(segment, "_stored"))
    try:
        lengths = []
        for source in sources:
            reader = source.codec().per_document_reader(storage, source)
            try:
                column = reader.column_reader("_stored", raw)
                counts = np.frombuffer(column._lengths, dtype=column._lengths.typecode).astype(np.int64)
                out.write(column._dbfile.get(column._basepos, int(counts.sum())))
                lengths.append(counts)
            finally:
                reader.close()
        out.write(_var_bytes_tail(np.concatenate(lengths) if lengths else np.zeros(0, np.int64), raw))
    finally:
        out.close()


def _var_bytes_tail(lengths: np.ndarray, column) -> bytes:
    """What VarBytesColumn.Writer.finish writes after the values: their lengths, their offsets when
    there are many, and the arrays' type codes (whoosh.columns; arrays big-endian, typed by their
    largest value as whoosh's GrowableArray types them)."""
    def typed(values: np.ndarray) -> tuple[bytes, bytes]:
        top = int(values.max()) if len(values) else 0
        code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "i" if top < 1 << 31 else "I"
        return values.astype(np.dtype(code).newbyteorder(">")).tobytes(), code.encode("ascii")
    data, code = typed(lengths)
    if not (column.allow_offsets and len(lengths) > column.write_offsets_cutoff):
        return data + code
    offsets, offsets_code = typed(np.cumsum(lengths) - lengths)
    return data + offsets + code + offsets_code + b"X"


def merge_postings(sources: list[tuple[SegmentPostings, int]], path: str | Path,
                   slice_values: int | None = None, hash_range: tuple[int, int] = (0, 1 << 64)) -> None:
    """Write to `path` the postings of the sources (postings file, its first document in the merged segment).

    :param slice_values: postings and positions decoded at once (default: SLICE_VALUES).
    :param hash_range: only the terms whose hashes lie in [low, high): `join_postings` joins the files
        of consecutive ranges into the file of them all (so that several processes share one merge).
    """
    path = Path(path)
    names = sorted({name for postings, _ in sources for name in postings.fields})
    with tempfile.TemporaryDirectory(prefix=path.name + ".", dir=path.parent) as tmp:
        fields = {}
        for name in names:
            readers = [(p.fields[name], offset) for p, offset in sources if name in p.fields]
            fields[name] = _merged_field(readers, Path(tmp) / name, slice_values, hash_range)
        with open(path, "wb") as fh:
            write_postings(fh, {n: f for n, f in fields.items() if f is not None})


def join_postings(parts: list[Path], path: str | Path) -> None:
    """Postings files of consecutive ranges of term hashes, in order, written as one to `path` (the
    file `merge_postings` writes over all of them): dictionaries joined, sections copied in turn."""
    if len(parts) == 1:
        os.replace(parts[0], path)
        return
    opened = [SegmentPostings(str(p)) for p in parts]
    try:
        fields = {}
        for name in sorted({name for p in opened for name in p.fields}):
            out = _Joined()
            for p in opened:
                if name in p.fields:
                    r = p.fields[name]
                    out.add(r.col, {sec: [FileRange(Path(p.path), r.bases[sec], r.sizes[sec])] for sec in SECTIONS})
            fields[name] = out.joined()
        with open(path, "wb") as fh:
            write_postings(fh, fields)
    finally:
        for p in opened:
            p.close()


def _merged_field(readers: list[tuple[FieldReader, int]], tmp: Path, slice_values: int | None,
                  hash_range: tuple[int, int]) -> EncodedField | None:
    """One field merged slice by slice (readers: a source's field and its first document in the merged
    segment): its columns in memory, its sections in files under `tmp`."""
    low, high = hash_range
    values = 0
    for r, _ in readers:
        values += int(r.col["df"].sum(dtype=np.int64)) + int(r.col["npos"].sum(dtype=np.int64))
        r.drop_pages()
    values = values * (high - low) >> 64  # the range's share (the hash spreads terms evenly)
    slices = max(1, -(-values // (slice_values or SLICE_VALUES)))
    bounds = [low + (high - low) * k // slices for k in range(slices + 1)]
    out = _FieldParts(tmp)
    try:
        for a, b in zip(bounds, bounds[1:]):
            lists = lists_of(readers, a, b, drop_pages=True)
            if len(lists.df):
                out.add(_merged_lists(lists))
    finally:
        out.close()  # also when a slice fails half-way: no section file is left open
    return out.finish()


def _merged_lists(lists: Lists) -> EncodedField:
    """The terms of one slice, read from every source (in document order), each term's postings joined."""
    key, representative = _same_terms(lists.hashes, lists.names)
    if not len(key) or (key[1:] >= key[:-1]).all():  # each term's lists follow one another (lists_of)
        per_term = np.searchsorted(key, np.arange(len(representative) + 1))
        starts = np.concatenate(([0], np.cumsum(lists.df)))[per_term]
        return encode_field(lists.names.taken(representative), starts, lists.docs, lists.freqs,
                            lists.position_gaps, gapped=True)
    # Sources come in document order and each term's documents ascend within a source, so a
    # stable sort by term puts every term's postings in document order. A posting's position
    # gaps are its own (its first position is absolute): they move with it unchanged.
    term, order = stable_order(np.repeat(key, lists.df))
    starts = np.searchsorted(term, np.arange(len(representative) + 1))
    gaps = None
    if lists.position_gaps is not None:
        first = np.cumsum(lists.freqs) - lists.freqs
        gaps = lists.position_gaps[ranges(first[order], lists.freqs[order])]
    return encode_field(lists.names.taken(representative), starts, lists.docs[order], lists.freqs[order],
                        gaps, gapped=True)


def _same_terms(hashes: np.ndarray, names: TermNames) -> tuple[np.ndarray, np.ndarray]:
    """Per term occurrence its merged term number, and per merged term its first occurrence to name it by.

    Occurrences come in hash order (lists_of), and those with the same hash are the same term; two
    different terms with the same 8-byte hash (about one chance in a million per merge) are told
    apart by their bytes.
    """
    new = np.ones(len(hashes), dtype=bool)
    new[1:] = hashes[1:] != hashes[:-1]
    key = np.cumsum(new) - 1
    representative = np.flatnonzero(new)
    if not _equal_names(names, np.arange(len(key)), representative[key]).all():
        return _terms_by_bytes(names)
    return key, representative


def _equal_names(names: TermNames, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether name a[i] and name b[i] are the same bytes, for every i."""
    lengths = np.diff(names.offsets)
    same = lengths[a] == lengths[b]
    n = lengths[a] * same
    within = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    differ = names.blob[np.repeat(names.offsets[a], n) + within] != names.blob[np.repeat(names.offsets[b], n) + within]
    same[np.repeat(np.arange(len(a)), n)[differ]] = False
    return same


def _terms_by_bytes(names: TermNames) -> tuple[np.ndarray, np.ndarray]:
    """`_same_terms` by each name's bytes (the rare slice where two terms share a hash)."""
    blob, offsets = names.blob.tobytes(), names.offsets.tolist()
    numbers: dict[bytes, int] = {}
    key = np.array([numbers.setdefault(blob[a:b], len(numbers)) for a, b in zip(offsets, offsets[1:])],
                   dtype=np.int64)
    representative = np.zeros(len(numbers), dtype=np.int64)
    representative[key[::-1]] = np.arange(len(key))[::-1]  # the first occurrence of each
    return key, representative


class _Joined:
    """A field's dictionary and sections put together from parts of consecutive hash ranges."""

    def __init__(self):
        self.columns: dict[str, list[np.ndarray]] = {name: [] for name, _ in COLUMNS}
        self.sections: dict[str, list] = {sec: [] for sec in SECTIONS}
        self.sizes = dict.fromkeys(SECTIONS, 0)
        self.terms = 0

    def add(self, columns: dict[str, np.ndarray], sections: dict[str, list]) -> None:
        """Append one part (its hashes all above the previous part's): offsets moved past what came before."""
        # A term without a skip table or exceptions has 0 there: the file is the same however the
        # hash space was cut (encode_field gives such terms where a table would have started).
        owns = {"skip": columns["df"] > BLOCK, "exc": (columns["flags"] & EXCEPTIONS_FLAG) != 0}
        for name, dtype in COLUMNS:
            values = columns[name].astype(np.int64)
            if name == "name":
                values = values[:-1] + self.sizes["names"]
            elif name in OFFSET_COLUMNS:
                moved = values + self.sizes[name]
                values = np.where(owns[name], moved, 0) if name in owns else moved
            self.columns[name].append(values.astype(dtype))  # offsets so far stay below MAX_SECTION
        for sec in SECTIONS:
            for part in sections[sec]:
                self._append(self.sections[sec], part)
                self.sizes[sec] += part.size
        self.terms += len(columns["hash"])
        too_big = [sec for sec, size in self.sizes.items() if size > MAX_SECTION]
        if too_big:
            raise MergeTooLarge(f"merged sections {too_big} would exceed {MAX_SECTION} bytes")

    @staticmethod
    def _append(ranges_: list, part: FileRange) -> None:
        last = ranges_[-1] if ranges_ else None
        if last is not None and last.path == part.path and last.offset + last.size == part.offset:
            ranges_[-1] = FileRange(part.path, last.offset, last.size + part.size)  # one copy, not one a slice
        else:
            ranges_.append(part)

    def joined(self) -> EncodedField | None:
        """The field for write_postings (None when no part had a term)."""
        if not self.terms:
            return None
        self.columns["name"].append(np.array([self.sizes["names"]], dtype=dict(COLUMNS)["name"]))
        return EncodedField({name: np.concatenate(self.columns[name]) for name, _ in COLUMNS}, self.sections)


class _FieldParts:
    """A field's merged slices gathered: columns in memory, sections appended to files."""

    def __init__(self, tmp: Path):
        tmp.mkdir()
        self.tmp = tmp
        self.files = {sec: open(tmp / sec, "wb") for sec in SECTIONS}
        self.out = _Joined()

    def add(self, enc: EncodedField) -> None:
        """Append one slice (its hashes all above the previous slice's)."""
        at = self.out.sizes
        try:
            self.out.add(enc.columns, {sec: [FileRange(self.tmp / sec, at[sec], len(enc.sections[sec]))]
                                       for sec in SECTIONS})
        except MergeTooLarge:
            self.close()
            raise
        for sec in SECTIONS:
            self.files[sec].write(enc.sections[sec])

    def finish(self) -> EncodedField | None:
        """The field for write_postings (None when no slice had a term)."""
        self.close()
        return self.out.joined()

    def close(self) -> None:
        """Close the section files (they stay until the merge's temporary directory goes); idempotent."""
        for fh in self.files.values():
            fh.close()
