"""Several segments' postings files merged into one, a slice of the term dictionary at a time.

A build writes one segment per task, so that a worker's memory stays bounded;
a search pays a dictionary lookup and a decode per segment for every term it
reads, so the build then merges them. The dictionaries are in hash order and
the hash spreads terms evenly, so a slice of the hash space holds about the
same share of every segment's terms and postings: a slice's terms are decoded
from all segments at once (FieldReader.lists), each term's lists concatenated
(the segments' documents follow one another) and encoded again with
encode_field. Memory holds one slice; sections go to temporary files until the
postings file is written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import W3Codec

from index.format.codec import YuwenCodec, postings_path
from index.format.coding import ranges
from index.format.fields import COLUMNS, MAX_SECTION, SECTIONS, EncodedField, TermNames, encode_field
from index.format.reader import FieldReader, Lists
from index.format.segment_file import SegmentPostings, write_postings
from index.format.segments import whoosh_length_fields

SLICE_VALUES = 1_000_000  # postings and positions decoded at once (~150 MB of arrays at the peak; larger
# slices only cost memory: a 200k-article merge took 45 s with 8M a slice, 33 s with 1M to 4M) …
SOURCE_VALUES = 32_768  # … but at least this many per source: reading a slice of one source costs ~1.5 ms
# whatever its size, and a part of a 1M-article build merges over a hundred sources.
OFFSET_COLUMNS = ("docs", "freqs", "pos", "exc", "skip")  # dictionary columns holding offsets into sections


class MergeTooLarge(ValueError):
    """The merged segment would pass the format's section limit (offsets are 32 bits)."""


def merge_segments(storage, indexname: str, schema, sources: list[tuple[object, dict[str, np.ndarray]]],
                   slice_values: int | None = None):
    """A new segment holding the sources' documents one segment after another; returns it.

    :param sources: (Whoosh segment, per field the exact token count of each of its documents —
        Whoosh's length columns keep a lossy byte). Deleted documents stay, deleted.
    """
    codec = YuwenCodec()
    segment = codec.new_segment(storage, indexname)
    perdoc = codec.per_document_writer(storage, segment)
    counted = whoosh_length_fields(schema)
    postings, docnum = [], 0
    try:
        for source, lengths in sources:
            postings.append((SegmentPostings(postings_path(storage, source)), docnum))
            docnum = _copy_lengths(perdoc, schema, source, {f: lengths[f] for f in counted}, docnum)
        perdoc.close()  # its stored column is empty: replaced by the sources' own bytes
        _copy_stored(storage, [source for source, _ in sources], segment)
        merge_postings(postings, postings_path(storage, segment), slice_values)
    finally:
        for p, _ in postings:
            p.close()
    segment.set_doc_count(docnum)
    for (source, _), (_, first) in zip(sources, postings):
        for local in source.deleted_docs():
            segment.delete_document(first + local)
    return segment


def _copy_lengths(perdoc, schema, source, lengths: dict[str, np.ndarray], docnum: int) -> int:
    """Field lengths of the source's documents, as SegmentBuilder.add writes them; no stored field."""
    fields = [(name, schema[name], counts.astype(np.int64).tolist()) for name, counts in lengths.items()]
    for local in range(source.doc_count_all()):
        perdoc.start_doc(docnum)
        for name, fieldobj, counts in fields:
            if counts[local]:
                perdoc.add_field(name, fieldobj, None, counts[local])
        perdoc.finish_doc()
        docnum += 1
    return docnum


def _copy_stored(storage, sources: list, segment) -> None:
    """The sources' stored fields into the segment's stored column, as the compressed bytes they are.

    Whoosh's stored column (W3Codec's STORED_COLUMN) pickles and zlib-compresses each document onto
    a column of variable-length bytes; copying those bytes skips decompressing, unpickling, pickling
    and compressing every document again (about 200 µs a document through the per-document writer).
    """
    raw = columns.VarBytesColumn()
    out = storage.create_file(W3Codec.column_filename(segment, "_stored"))
    writer, docnum = raw.writer(out), 0
    for source in sources:
        reader = source.codec().per_document_reader(storage, source)
        try:
            for value in reader.column_reader("_stored", raw):
                writer.add(docnum, value)
                docnum += 1
        finally:
            reader.close()
    writer.finish(docnum)
    out.close()


def merge_postings(sources: list[tuple[SegmentPostings, int]], path: str | Path,
                   slice_values: int | None = None) -> None:
    """Write to `path` the postings of the sources (postings file, its first document in the merged segment).

    :param slice_values: postings and positions decoded at once (default: SLICE_VALUES, or
        SOURCE_VALUES a source when that is more).
    """
    path = Path(path)
    names = sorted({name for postings, _ in sources for name in postings.fields})
    with tempfile.TemporaryDirectory(prefix=path.name + ".", dir=path.parent) as tmp:
        fields = {}
        for name in names:
            readers = [(p.fields[name], offset) for p, offset in sources if name in p.fields]
            fields[name] = _merged_field(readers, Path(tmp) / name, slice_values,
                                         lambda: [p.drop_pages() for p, _ in sources])
        with open(path, "wb") as fh:
            write_postings(fh, {n: f for n, f in fields.items() if f is not None})


def _merged_field(readers: list[tuple[FieldReader, int]], tmp: Path, slice_values: int | None,
                  slice_done: Callable[[], object]) -> EncodedField | None:
    """One field merged slice by slice: its columns in memory, its sections in files under `tmp`.

    :param slice_done: called after each slice (the sources' pages it read can go).
    """
    values = sum(int(r.col["df"].sum(dtype=np.int64)) + int(r.col["npos"].sum(dtype=np.int64))
                 for r, _ in readers)
    slices = max(1, -(-values // (slice_values or max(SLICE_VALUES, SOURCE_VALUES * len(readers)))))
    bounds = [(1 << 64) * k // slices for k in range(slices + 1)]
    positional = any(r.positional() for r, _ in readers)
    out = _FieldParts(tmp)
    try:
        for low, high in zip(bounds, bounds[1:]):
            parts = [(r.lists(*r.hash_range(low, high)), offset) for r, offset in readers]
            merged = _merged_lists([(lists, offset) for lists, offset in parts if len(lists.df)], positional)
            if merged is not None:
                out.add(merged)
            slice_done()
    finally:
        out.close()  # also when a slice fails half-way: no section file is left open
    return out.finish()


def _merged_lists(parts: list[tuple[Lists, int]], positional: bool) -> EncodedField | None:
    """The terms of one slice, each with its postings from every part, encoded."""
    if not parts:
        return None
    hashes = np.concatenate([p.hashes for p, _ in parts])
    names = _joined_names([p.names for p, _ in parts])
    key, representative = _same_terms(hashes, names)
    df = np.concatenate([p.df for p, _ in parts])
    docs = np.concatenate([p.docs + offset for p, offset in parts])
    freqs = np.concatenate([p.freqs for p, _ in parts])
    # Parts come in document order and each term's documents ascend within a part, so a stable
    # sort by term puts every term's postings in document order.
    term = np.repeat(key, df)
    order = np.argsort(term, kind="stable")
    starts = np.searchsorted(term[order], np.arange(len(representative) + 1))
    positions = None
    if positional:
        every = np.concatenate([p.positions for p, _ in parts])
        first = np.cumsum(freqs) - freqs
        positions = every[ranges(first[order], freqs[order])]
    return encode_field(names.taken(representative), starts, docs[order], freqs[order], positions)


def _joined_names(parts: list[TermNames]) -> TermNames:
    """The parts' names one after another."""
    blob = np.concatenate([p.blob for p in parts])
    shifts = np.cumsum([0] + [int(p.offsets[-1]) for p in parts[:-1]])
    offsets = np.concatenate([p.offsets[:-1] + s for p, s in zip(parts, shifts)] + [[len(blob)]])
    return TermNames(blob, offsets.astype(np.int64))


def _same_terms(hashes: np.ndarray, names: TermNames) -> tuple[np.ndarray, np.ndarray]:
    """Per term occurrence its merged term number, and per merged term one occurrence to name it by.

    Occurrences with the same hash are the same term; two different terms with the same 8-byte hash
    (about one chance in a million per merge) are told apart by their bytes.
    """
    order = np.argsort(hashes, kind="stable")
    new = np.ones(len(order), dtype=bool)
    new[1:] = hashes[order][1:] != hashes[order][:-1]
    group = np.cumsum(new) - 1
    first = order[new][group]  # each occurrence's group's first occurrence
    if not _equal_names(names, order, first).all():
        return _terms_by_bytes(names)
    key = np.empty(len(order), dtype=np.int64)
    key[order] = group
    return key, order[new]


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


class _FieldParts:
    """A field's merged slices gathered: columns in memory, sections appended to files."""

    def __init__(self, tmp: Path):
        tmp.mkdir()
        self.tmp = tmp
        self.columns: dict[str, list[np.ndarray]] = {name: [] for name, _ in COLUMNS}
        self.files = {sec: open(tmp / sec, "wb") for sec in SECTIONS}
        self.sizes = dict.fromkeys(SECTIONS, 0)
        self.terms = 0

    def add(self, enc: EncodedField) -> None:
        """Append one slice (its hashes all above the previous slice's)."""
        for name, dtype in COLUMNS:
            values = enc.columns[name].astype(np.int64)
            if name == "name":
                values = values[:-1] + self.sizes["names"]
            elif name in OFFSET_COLUMNS:
                values = values + self.sizes[name]
            self.columns[name].append(values.astype(dtype))  # offsets so far stay below MAX_SECTION
        for sec in SECTIONS:
            self.files[sec].write(enc.sections[sec])
            self.sizes[sec] += len(enc.sections[sec])
        self.terms += len(enc.columns["hash"])
        too_big = [sec for sec, size in self.sizes.items() if size > MAX_SECTION]
        if too_big:
            self.close()
            raise MergeTooLarge(f"merged sections {too_big} would exceed {MAX_SECTION} bytes")

    def finish(self) -> EncodedField | None:
        """The field for write_postings (None when no slice had a term)."""
        self.close()
        if not self.terms:
            return None
        self.columns["name"].append(np.array([self.sizes["names"]], dtype=dict(COLUMNS)["name"]))
        columns = {name: np.concatenate(self.columns[name]) for name, _ in COLUMNS}
        return EncodedField(columns, {sec: self.tmp / sec for sec in SECTIONS})

    def close(self) -> None:
        """Close the section files (they stay until the merge's temporary directory goes); idempotent."""
        for fh in self.files.values():
            fh.close()

