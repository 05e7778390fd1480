"""The bulk segment writer against Whoosh's own writer: same terms, postings, stored fields.

Both write the same documents (the sample pages, hand-written articles, and
synthetic ones long enough for posting lists of several blocks) into their
own index; read through Whoosh's reader API (our codec answers it from the
Yuwen postings format), every term and every posting (document, weight,
positions) must be identical, and Whoosh's own searcher must answer phrase
queries from the bulk-written segment. Segments written in parts and merged
must hold exactly what one segment written whole holds.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from whoosh import columns
from whoosh import index as whoosh_index
from whoosh.filedb.structfile import StructFile
from whoosh.fields import TEXT, Schema
from whoosh.query import Phrase, Term

from corpus.files.reader import iter_corpus_files, read_file
from index.docvalues import LENGTH_FIELDS
from index.format.codec import postings_path
from index.format.fields import BLOCK as BLOCK_LIMIT
from index.format.fields import TermNames
from index.format.merging import (_same_terms, _var_bytes_tail, join_postings, merge_segment_postings,
                                  merge_segments)
from index.format.segment_file import SegmentPostings
from index.format.segments import SegmentBuilder, UnsupportedSchema
from index.normalize import normalize
from index.schema import build_schema
from index.workers import document

ROOT = Path(__file__).resolve().parents[2]
SAMPLES, DATA = ROOT / "corpus" / "samples", ROOT / "tests" / "data"

# Comma-separated names as the keyword fields may get them: repeated, blank, padded, unseen before.
ODD_NAME_LISTS = ["张三,李四", "", " 李四 ,张三,,张三", "王五", "张三,张三", ",", " , 赵六", "李四,王五,张三"]


def _documents() -> list[dict]:
    articles = []
    for path, key in iter_corpus_files([SAMPLES, DATA / "docs.jsonl"]):
        articles.extend(read_file(path, key).articles)
    docs = [document(a) for a in articles]
    # Enough documents sharing words for posting lists longer than one block, with repeated
    # bigrams in one document (several positions per posting) and odd texts.
    for i in range(BLOCK_LIMIT + 30):
        title = f"重庆重庆 第{i}期 <b>AI赋能</b>" if i % 7 else ""
        body = f"綜合保稅區 PM2.5 {i}% 长江长江长江" + "。" * (i % 5)
        docs.append({**docs[i % len(docs)], "id": f"synthetic-{i}", "file": f"synthetic-{i % 3}",
                     "title": title, "title_bi": title, "body": body, "body_bi": body,
                     "reporter": ODD_NAME_LISTS[i % len(ODD_NAME_LISTS)],
                     "district": ODD_NAME_LISTS[(i + 1) % len(ODD_NAME_LISTS)]})
    return docs


def _whoosh_built(path, docs):
    ix = whoosh_index.create_in(str(path), build_schema())
    with ix.writer(compound=False) as writer:
        for doc in docs:
            writer.add_document(**doc)
    return ix


def _bulk_built(path, docs):
    ix = whoosh_index.create_in(str(path), build_schema())
    builder = SegmentBuilder(ix.storage, ix.indexname, ix.schema)
    builder.add(docs[0])
    for at in range(1, len(docs), 7):  # stored fields first, then analysis, a batch at a time
        builder.add_all(docs[at:at + 7])
    segment = builder.finish()
    ix.writer().commit(mergetype=lambda writer, existing: existing + [segment])
    return ix


def _folders(tmp_path_factory, prefix: str, *names: str) -> list[Path]:
    root = tmp_path_factory.mktemp(prefix)
    for name in names:
        (root / name).mkdir()
    return [root / name for name in names]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    docs = _documents()
    theirs, ours = _folders(tmp_path_factory, "segments", "whoosh", "bulk")
    return _whoosh_built(theirs, docs), _bulk_built(ours, docs), docs


def _term_info(reader, field, text):
    ti = reader.term_info(field, text)
    return ti.doc_frequency(), ti.min_id(), ti.max_id(), reader.doc_frequency(field, text)


def _postings(reader, field, text):
    m = reader.postings(field, text)
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


def test_every_term_and_posting_is_what_whooshs_own_writer_writes(pair):
    theirs, ours, docs = pair
    with theirs.reader() as a, ours.reader() as b:
        terms = list(a.all_terms())
        assert terms == list(b.all_terms())
        long_lists = 0
        for field, text in terms:
            assert _term_info(a, field, text) == _term_info(b, field, text), (field, text)
            expected = _postings(a, field, text)
            assert _postings(b, field, text) == expected, (field, text.decode())
            long_lists += len(expected) > BLOCK_LIMIT
        assert long_lists > 0, "no posting list long enough to span blocks"
        decode = ours.schema["body_bi"].format.decode_positions
        assert max(len(decode(v)) for _, _, v in _postings(b, "body_bi", "长江".encode())) > 1


def test_stored_fields_lengths_and_counts_match(pair):
    theirs, ours, docs = pair
    with theirs.reader() as a, ours.reader() as b:
        assert a.doc_count() == b.doc_count() == len(docs)
        assert list(a.iter_docs()) == list(b.iter_docs())
        # Bigram fields are analysed in batches: their lengths are in our doc values, not in Whoosh's column.
        for field in ("title", "lead", "body"):
            assert a.field_length(field) == b.field_length(field)
            assert [a.doc_field_length(d, field) for d in range(len(docs))] == \
                   [b.doc_field_length(d, field) for d in range(len(docs))]


def test_whooshs_own_searcher_answers_from_a_bulk_written_segment(pair):
    _, ours, docs = pair
    with ours.searcher() as searcher:
        hits = searcher.search(Phrase("body_bi", ["保税", "税区"]), limit=None)
        expected = {d["id"] for d in docs if "综合保税区" in normalize(d["body_bi"])}
        assert {h["id"] for h in hits} == expected and len(expected) > BLOCK_LIMIT
        assert searcher.search(Term("reporter", "张三"), limit=None).scored_length() > 0


def test_schemas_with_term_vectors_are_refused(tmp_path):
    schema = Schema(body=TEXT(vector=True))
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with pytest.raises(UnsupportedSchema):
        SegmentBuilder(ix.storage, ix.indexname, ix.schema)


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    """The documents written whole into one segment, and in four segments merged into one."""
    docs = _documents()
    whole_dir, parts_dir = _folders(tmp_path_factory, "merging", "whole", "parts")
    whole = _bulk_built(whole_dir, docs)
    ix = whoosh_index.create_in(str(parts_dir), build_schema())
    cuts = [0, 40, 41, len(docs) // 2, len(docs)]  # one segment of a single document
    sources = []
    for a, b in zip(cuts, cuts[1:]):
        builder = SegmentBuilder(ix.storage, ix.indexname, ix.schema)
        for doc in docs[a:b]:
            builder.add(doc)
        lengths = {f: builder.fields[f].doc_lengths() for f in LENGTH_FIELDS}
        sources.append((builder.finish(), lengths))
    sources[1][0].delete_document(0)
    # Slices of a few hundred postings: every field is merged in many slices of the hash space.
    segment = merge_segments(ix.storage, ix.indexname, ix.schema, sources, slice_values=300)
    in_ranges = _merged_in_ranges(ix, sources, tmp_path_factory.mktemp("ranges"))  # (the commit drops the sources)
    ix.writer().commit(mergetype=lambda writer, existing: existing + [segment])
    return whole, ix, docs, in_ranges


def test_a_merge_shared_out_by_ranges_of_term_hashes_writes_the_same_postings_file(merged):
    """What the workers of a build do with a part smaller than MERGED_DOCS: one range of hashes each."""
    whole, joined = merged[3]
    assert joined.read_bytes() == whole.read_bytes()


def _merged_in_ranges(ix, sources, tmp_path: Path) -> tuple[Path, Path]:
    """The sources' postings merged whole, and merged in ranges of term hashes then joined."""
    segments = [segment for segment, _ in sources]
    merge_segment_postings(ix.storage, segments, tmp_path / "whole.ypf", slice_values=300)
    bounds = [0, 1 << 20, 1 << 62, 3 << 62, 1 << 64]  # the first range holds no term
    parts = [tmp_path / f"part-{k}.ypf" for k in range(len(bounds) - 1)]
    for part, low, high in zip(parts, bounds, bounds[1:]):
        merge_segment_postings(ix.storage, segments, part, slice_values=300, hash_range=(low, high))
    join_postings(parts, tmp_path / "joined.ypf")
    return tmp_path / "whole.ypf", tmp_path / "joined.ypf"


def test_a_merge_of_segments_written_for_it_writes_the_postings_file_a_merge_of_compact_ones_writes(tmp_path):
    """A build writes its task segments a width per kind of value (quicker, merged anyway): the merged
    index is the same."""
    docs = _documents()
    files = {}
    for compact in (True, False):
        ix = whoosh_index.create_in(str(_folders_of(tmp_path, f"c{compact}")), build_schema())
        segments = []
        for a, b in zip([0, 40, len(docs) // 2], [40, len(docs) // 2, len(docs)]):
            builder = SegmentBuilder(ix.storage, ix.indexname, ix.schema, compact=compact)
            builder.add_all(docs[a:b])
            segments.append(builder.finish())
        files[compact] = [Path(postings_path(ix.storage, s)) for s in segments]
        merge_segment_postings(ix.storage, segments, tmp_path / f"merged-{compact}.ypf")
    assert [_widths_per_kind(p) for p in files[True]] != [1] * 3
    assert [_widths_per_kind(p) for p in files[False]] == [1] * 3
    assert (tmp_path / "merged-False.ypf").read_bytes() == (tmp_path / "merged-True.ypf").read_bytes()


def _widths_per_kind(path: Path) -> int:
    """How many combinations of widths (and exceptions) the runs of a segment's body bigrams have."""
    postings = SegmentPostings(str(path))
    try:
        return len(set(postings.fields["body_bi"].col["flags"].tolist()))
    finally:
        postings.close()


def _folders_of(root: Path, name: str) -> Path:
    (root / name).mkdir()
    return root / name


def test_merged_segments_hold_every_posting_of_the_documents_written_whole(merged):
    whole, ix, docs, _ = merged
    with whole.reader() as a, ix.reader() as b:
        assert len(b.leaf_readers()) == 1
        terms = list(a.all_terms())
        assert terms == list(b.all_terms())
        for field, text in terms:
            assert _term_info(a, field, text) == _term_info(b, field, text), (field, text)
            expected = [p for p in _postings(a, field, text) if p[0] != 40]  # Whoosh skips the deleted one
            assert _postings(b, field, text) == expected, (field, text.decode())


def test_merged_segments_keep_stored_fields_lengths_and_deletions(merged):
    whole, ix, docs, _ = merged
    with whole.reader() as a, ix.reader() as b:
        assert b.doc_count_all() == len(docs) and b.doc_count() == len(docs) - 1
        assert b.is_deleted(40) and not a.is_deleted(40)
        assert [a.stored_fields(d) for d in range(len(docs))] == [b.stored_fields(d) for d in range(len(docs))]
        for field in ("title", "lead", "body"):
            assert a.field_length(field) == b.field_length(field)
            assert [a.doc_field_length(d, field) for d in range(len(docs))] == \
                   [b.doc_field_length(d, field) for d in range(len(docs))]
    with ix.searcher() as searcher:
        hits = searcher.search(Phrase("body_bi", ["保税", "税区"]), limit=None)
        assert {h["id"] for h in hits} == {d["id"] for i, d in enumerate(docs)
                                           if "综合保税区" in normalize(d["body_bi"]) and i != 40}


def test_terms_sharing_a_hash_stay_apart_in_a_merge():
    names = TermNames.of([b"ab", b"cd", b"ab", b"ef"])
    key, representative = _same_terms(np.array([7, 7, 7, 9], dtype=np.uint64), names)
    assert key.tolist() == [0, 1, 0, 2] and representative.tolist() == [0, 1, 3]


@pytest.mark.parametrize("lengths", [[3, 0, 255], [3, 256, 0, 9], [70_000, 1, 2], [5] * 10, [300] * 10,
                                     [40_000] * 4 + [0] * 6])
def test_a_merges_stored_column_ends_as_whooshs_column_writer_ends_it(lengths):
    # the merge copies stored records in bulk and writes the column's lengths (and, past the
    # cutoff, offsets) itself: byte for byte what whoosh's VarBytesColumn writer writes
    column = columns.VarBytesColumn(write_offsets_cutoff=5)
    out = BytesIO()
    writer = column.writer(StructFile(out))
    for docnum, n in enumerate(lengths):
        writer.add(docnum, b"x" * n)
    writer.finish(len(lengths))
    assert out.getvalue()[sum(lengths):] == _var_bytes_tail(np.array(lengths), column)
