"""Keep a generation's segment count small: incremental builds add a segment each; merge the small ones.

A merge re-indexes the live articles of the small segments (from their stored
records) into one new segment and commits the table of contents without
them; deleted documents disappear on the way. Doc values follow the new order.
"""

from __future__ import annotations

import json

import numpy as np
from whoosh import index as whoosh_index

from corpus.model import Article
from index.docvalues import DocValues, concat
from index.progress import Progress
from index.workers import SegmentJob

SMALL_DOCS = 20_000  # a segment holding fewer documents than this is small
MERGE_AT = 8  # this many small segments are merged into one


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
    writer = ix.writer()
    try:
        writer.commit(mergetype=lambda w, existing: [s for s in existing if s.segment_id() not in gone]
                      + ([merged.segment] if merged.segment is not None else []))
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    parts = [dv.take(keep)] + ([merged.docvalues] if merged.docvalues is not None else [])
    return concat(parts)


def segment_count(ix) -> int:
    """How many segments the generation's table of contents lists."""
    with whoosh_index.open_dir(ix.storage.folder).reader() as reader:
        return len(reader.leaf_readers())
