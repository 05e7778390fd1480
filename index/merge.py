"""Keep a generation's segment count small: a search pays a dictionary lookup and a decode per segment.

A full build writes a segment per task (bounded worker memory) and then merges
consecutive ones at the postings level (format/merging.py) into parts of up
to MERGED_DOCS documents, in forked workers (with fewer parts than workers, a
part's postings shared among them by ranges of term hashes, then joined);
documents keep their order, so the doc values stay as they are. Incremental
builds add a segment each; when MERGE_AT small ones have gathered, their live
articles are re-indexed (from their stored records) into one new segment,
deleted documents disappearing on the way, and the doc values follow the new
order.
"""

from __future__ import annotations

import json
import tempfile
from functools import partial
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from corpus.model import Article
from index.docvalues import DocValues, concat
from index.format.codec import postings_path
from index.format.merging import merge_segment_postings, merge_segments
from index.format.segment_file import EXTENSION, SegmentPostings
from index.parallel import run_jobs
from index.progress import Progress
from index.workers import SegmentJob

SMALL_DOCS = 20_000  # a segment holding fewer documents than this is small
MERGE_AT = 8  # this many small segments are merged into one
MERGED_DOCS = 500_000  # a full build's segments are merged into parts of at most about this many documents
# and of at most this many values in one section (a field's postings, or its positions): packed at 4 bytes
# a value at most, they stay below the 4 GiB that a section's 32-bit offsets reach, with room to spare
# for the runs' padding. (Values, not the sources' bytes: a build's task segments are packed otherwise.)
MERGED_VALUES = 800_000_000


def merge_built(ix, dv: DocValues, procs: int, progress: Progress, merge_alone: bool = False) -> None:
    """Merge a full build's segments, consecutive ones together, into parts (see MERGED_DOCS).

    :param merge_alone: merge a segment alone in its part too (segments written for a merge, not compact).
    """
    with ix.reader() as reader:
        leaves = [(leaf.segment(), offset) for leaf, offset in reader.leaf_readers()]
    docs = [seg.doc_count_all() for seg, _ in leaves]
    values = [_largest_section(ix.storage, seg) for seg, _ in leaves]
    groups = [[leaves[i] for i in g] for g in consecutive_groups(docs, values, procs)
              if len(g) > 1 or merge_alone]
    if not groups:
        return
    # Fewer parts than workers (up to MERGED_DOCS articles): each part's postings are merged by
    # several workers, a range of the term hashes each, so that no core sits idle (at 200k, one
    # process merged for 12 s of a 69 s build). Still one segment: two made the median search 40 % slower.
    split = max(1, procs // len(groups))
    common = dict(storage=ix.storage, indexname=ix.indexname, schema=ix.schema, lengths=dv.lengths)
    if split == 1:
        progress.start("merging segments", sum(len(g) for g in groups), unit="segment")
        merged = run_jobs(partial(_merged_group, **common), groups, procs, progress.advance)
    else:
        progress.start("merging segments", len(groups) * split, unit="hash range")
        merged = _merged_in_ranges(groups, split, procs, progress, **common)
    progress.close()
    # Each group's merged segment takes its first segment's place; the rest of the group goes.
    first = {g[0][0].segment_id(): segment for g, segment in zip(groups, merged)}
    rest = {seg.segment_id() for g in groups for seg, _ in g[1:]}
    _commit_segments(ix, lambda existing: [first.get(s.segment_id(), s) for s in existing
                                           if s.segment_id() not in rest])


def consecutive_groups(docs: list[int], values: list[int], procs: int = 1) -> list[list[int]]:
    """Segments (their document counts and the values of their largest sections) cut into runs of
    consecutive ones, of about equal documents: at most about MERGED_DOCS and MERGED_VALUES each
    (summed, the largest sections bound every section of the merge), and as many as `procs` or a
    multiple of it when there are several, so that no worker sits idle while the last one merges
    (at 1M, three parts on two cores left one idle for 50 of the merge's 86 s).

    >>> consecutive_groups([250_000] * 5, [1 << 20] * 5, procs=1)
    [[0, 1], [2], [3, 4]]
    >>> consecutive_groups([250_000] * 5, [1 << 20] * 5, procs=2)
    [[0], [1], [2, 3], [4]]
    >>> consecutive_groups([50_000] * 6, [1 << 20] * 6, procs=2)  # one part: merged whole
    [[0, 1, 2, 3, 4, 5]]
    >>> consecutive_groups([1_000] * 4, [MERGED_VALUES // 2] * 4)  # long articles: parts bounded by values
    [[0, 1], [2, 3]]
    """
    counts, size = np.array(docs, dtype=np.int64), np.array(values, dtype=np.int64)
    total = max(1, int(counts.sum()))
    parts = max(1, -(-total // MERGED_DOCS), -(-int(size.sum()) // MERGED_VALUES))
    if parts > 1:
        parts = -(-parts // procs) * procs
    middle = np.cumsum(counts) - counts / 2  # a segment joins the part its middle document falls in
    while True:
        part = np.minimum(parts - 1, (middle * parts // total).astype(np.int64))
        if all(size[part == p].sum() <= MERGED_VALUES for p in range(parts)) or parts >= len(docs):
            return [g for g in (np.flatnonzero(part == p).tolist() for p in range(parts)) if g]
        parts += 1


def _largest_section(storage, segment) -> int:
    """How many values the segment's largest section holds: a field's postings (its documents or
    frequencies) or its positions, however they are packed."""
    postings = SegmentPostings(postings_path(storage, segment))
    try:
        return max((int(max(f.col["df"].sum(dtype=np.int64), f.col["npos"].sum(dtype=np.int64)))
                    for f in postings.fields.values()), default=0)
    finally:
        postings.close()


def _merged_group(group: list, tick, *, storage, indexname: str, schema, lengths: dict[str, np.ndarray]):
    """One new segment from a group of (segment, first document number) (run in a worker)."""
    segment = merge_segments(storage, indexname, schema, _sources(group, lengths))
    tick(len(group))
    return segment


def _merged_in_ranges(groups: list, split: int, procs: int, progress: Progress, *, storage, indexname: str,
                      schema, lengths: dict[str, np.ndarray]) -> list:
    """Each group merged into one segment, its postings by `split` workers, a range of term hashes each."""
    with tempfile.TemporaryDirectory(prefix="merging.", dir=storage.folder) as tmp:
        paths = [[Path(tmp) / f"{g}-{k}{EXTENSION}" for k in range(split)] for g in range(len(groups))]
        items = [(group, k, split, path) for group, group_paths in zip(groups, paths)
                 for k, path in enumerate(group_paths)]
        run_jobs(partial(_merged_range, storage=storage), items, procs, progress.advance)
        return [merge_segments(storage, indexname, schema, _sources(group, lengths), parts=group_paths)
                for group, group_paths in zip(groups, paths)]


def _merged_range(item: tuple, tick, *, storage) -> None:
    """The postings of a group's segments whose term hashes lie in range k of `split`, written to a file
    (in a worker)."""
    group, k, split, path = item
    hash_range = ((1 << 64) * k // split, (1 << 64) * (k + 1) // split)
    merge_segment_postings(storage, [seg for seg, _ in group], path, hash_range=hash_range)
    tick(1)


def _sources(group: list, lengths: dict[str, np.ndarray]) -> list:
    """merge_segments' sources: each segment with its documents' exact field lengths."""
    return [(seg, {f: v[offset:offset + seg.doc_count_all()] for f, v in lengths.items()}) for seg, offset in group]


def _commit_segments(ix, segments) -> None:
    """Commit the table of contents with `segments(existing)` as its segments (no document added)."""
    writer = ix.writer()
    try:
        writer.commit(mergetype=lambda w, existing: segments(existing))
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise


def merge_small(ix, dv: DocValues, progress: Progress) -> DocValues:
    """Merge the small segments of `ix` when there are MERGE_AT of them; the doc values in the new order."""
    with ix.reader() as reader:
        leaves = [(leaf.segment(), offset) for leaf, offset in reader.leaf_readers()]
    small = [(seg, offset) for seg, offset in leaves if seg.doc_count_all() < SMALL_DOCS]
    if len(small) < MERGE_AT:
        return dv
    progress.log(f"merging {len(small)} small segments …")
    job = SegmentJob(ix.storage, ix.indexname, ix.schema, expected=0, count_entities=False)
    with ix.searcher() as searcher:
        for seg, offset in small:
            for local in range(seg.doc_count_all()):
                if dv.live[offset + local]:
                    stored = json.loads(searcher.stored_fields(offset + local)["data"])
                    job.add(Article.from_dict(stored), stored.get("origin", {}).get("path") or "")
    merged = job.finish()
    gone = {seg.segment_id() for seg, _ in small}
    keep = np.ones(dv.size, dtype=bool)
    for seg, offset in small:
        keep[offset:offset + seg.doc_count_all()] = False
    _commit_segments(ix, lambda existing: [s for s in existing if s.segment_id() not in gone]
                     + ([merged.segment] if merged.segment is not None else []))
    parts = [dv.take(keep)] + ([merged.docvalues] if merged.docvalues is not None else [])
    return concat(parts)


def segment_count(ix) -> int:
    """How many segments the generation's table of contents lists."""
    with whoosh_index.open_dir(ix.storage.folder).reader() as reader:
        return len(reader.leaf_readers())
