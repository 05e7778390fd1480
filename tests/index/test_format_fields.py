"""The postings format: packed runs with exceptions, skip tables, positions of chosen postings."""

from __future__ import annotations

import os

import numpy as np
import pytest

from index.format.coding import choose_widths, packed, unpacked
from index.format.fields import BLOCK, EncodedField, TermNames, encode_field, term_hash
from index.format.reader import lists_of
from index.format.segment_file import FileRange, SegmentPostings, write_postings


def _random_field(seed: int, terms: int = 300, docs: int = 5000):
    """Random postings (some long lists, some huge gaps, frequencies and positions) and their truth."""
    rng = np.random.default_rng(seed)
    texts, starts, all_docs, freqs, positions, truth = [], [0], [], [], [], {}
    for i in range(terms):
        df = int(rng.integers(1, 700)) if i % 7 == 0 else int(rng.integers(1, 5))
        d = np.sort(rng.choice(docs, size=min(df, docs), replace=False))
        f = rng.integers(1, 4, size=len(d))
        f[rng.random(len(d)) < 0.01] = 300  # a frequency past one byte
        ps = [np.sort(rng.choice(70000 if rng.random() < 0.05 else 2000, size=n, replace=False)) for n in f]
        text = f"词{i}".encode()
        texts.append(text)
        truth[text] = (d, f, ps)
        all_docs += d.tolist()
        freqs += f.tolist()
        positions += [p for pos in ps for p in pos.tolist()]
        starts.append(len(all_docs))
    return texts, np.array(starts), np.array(all_docs), np.array(freqs), np.array(positions), truth


@pytest.fixture(scope="module", params=["compact", "alike"])
def field(tmp_path_factory, request):
    """A field of random postings, encoded compact (a searched segment) or a width per kind (a build's
    task segment)."""
    texts, starts, docs, freqs, positions, truth = _random_field(7)
    path = tmp_path_factory.mktemp("fmt") / "seg.ypf"
    encoded = encode_field(TermNames.of(texts), starts, docs, freqs, positions, compact=request.param == "compact")
    with open(path, "wb") as fh:
        write_postings(fh, {"body_bi": encoded})
    postings = SegmentPostings(str(path))
    yield postings.fields["body_bi"], truth
    postings.close()


def test_a_run_is_stored_at_the_smallest_width_with_the_rest_as_exceptions():
    values = np.array([1] * 20 + [300] + [1, 2, 300] + [5, 70000] + [0, 0])
    widths, exceptions = choose_widths(values, np.array([0, 21, 24, 26]), allow_zero=True)
    # one big value among many small: one byte each and an exception; among few: two bytes each
    assert widths.tolist() == [1, 2, 4, 0] and exceptions.tolist() == [1, 0, 0, 0]
    data, idx, val = packed(np.array([3, 256, 7]), 1)
    assert len(data) == 3 and unpacked(data, 0, 3, 1, idx, val).tolist() == [3, 256, 7]


def test_a_field_written_for_a_merge_holds_each_kind_at_one_width_and_no_exceptions():
    texts, starts, docs, freqs, positions, _ = _random_field(7)
    compact, alike = (encode_field(TermNames.of(texts), starts, docs, freqs, positions, compact=c)
                      for c in (True, False))
    # document gaps below 5,000 and frequencies up to 300: 2 bytes; positions up to 70,000: 4 bytes
    sizes = [len(alike.sections[kind]) for kind in ("docs", "freqs", "pos")]
    assert sizes == [-(-2 * len(docs) // 4) * 4] * 2 + [4 * len(positions)]  # (sections end at 4 bytes)
    assert alike.sections["exc"] == b"" and (alike.columns["flags"] == 0b11_10_10).all()
    assert sum(len(v) for v in compact.sections.values()) < sum(len(v) for v in alike.sections.values())
    assert (compact.columns["hash"] == alike.columns["hash"]).all()


def test_every_list_frequency_and_position_reads_back(field):
    reader, truth = field
    for text, (docs, freqs, positions) in truth.items():
        entry = reader.find(text)
        assert reader.docs(entry).tolist() == docs.tolist()
        assert reader.freqs(entry).tolist() == freqs.tolist()
        owner, pos = reader.positions(entry, np.arange(len(docs)))
        assert pos.tolist() == np.concatenate(positions).tolist()
        assert np.bincount(owner, minlength=len(docs)).tolist() == freqs.tolist()
    assert reader.find("没有".encode()) is None


def test_only_the_blocks_holding_wanted_documents_are_decoded_and_they_are_right(field):
    reader, truth = field
    rng = np.random.default_rng(3)
    long_lists = [(t, v) for t, v in truth.items() if len(v[0]) > 3 * BLOCK]
    assert long_lists
    for text, (docs, freqs, positions) in long_lists:
        entry = reader.find(text)
        wanted = np.sort(rng.choice(docs, size=3, replace=False))
        blocks = reader.blocks_holding(entry, wanted)
        assert len(blocks) <= 3 < -(-len(docs) // BLOCK)
        got, rows = reader.block_docs(entry, blocks)
        assert got.tolist() == docs[rows].tolist() and set(wanted) <= set(got.tolist())
        rows = np.sort(rng.choice(len(docs), size=5, replace=False))
        assert reader.freqs_at(entry, rows).tolist() == freqs[rows].tolist()
        _, pos = reader.positions(entry, rows)
        assert pos.tolist() == np.concatenate([positions[r] for r in rows]).tolist()


def test_terms_are_found_by_prefix_for_one_character_queries(field):
    reader, truth = field
    found = set(reader.names_with_prefix("词1".encode()))
    assert found == {t for t in truth if t.startswith("词1".encode())}


@pytest.fixture(scope="module", params=["compact", "mixed", "alike"])
def sources(tmp_path_factory, request):
    """Three segment files of random postings, as a merge reads them (compact, a width per kind, or
    both), and what each holds."""
    folder = tmp_path_factory.mktemp("sources")
    out = []
    for seed in (11, 12, 13):
        texts, starts, docs, freqs, positions, truth = _random_field(seed, terms=400)
        compact = request.param == "compact" or (request.param == "mixed" and seed != 12)
        path = folder / f"{seed}.ypf"
        with open(path, "wb") as fh:
            write_postings(fh, {"body_bi": encode_field(TermNames.of(texts), starts, docs, freqs, positions,
                                                        compact=compact)})
        out.append((SegmentPostings(str(path)), truth))
    yield out
    for postings, _ in out:
        postings.close()


def test_a_merge_reads_every_sources_terms_of_a_hash_range_together_with_shifted_documents(sources):
    readers = [(postings.fields["body_bi"], 10_000 * k) for k, (postings, _) in enumerate(sources)]
    read = []
    bounds = [(1 << 64) * k // 7 for k in range(8)]
    for low, high in zip(bounds, bounds[1:]):
        lists = lists_of(readers, low, high)
        names = [lists.names.blob[a:b].tobytes() for a, b in zip(lists.names.offsets, lists.names.offsets[1:])]
        # the range's terms in hash order, a term's sources one after another
        expected = sorted([(k, name) for k, (_, truth) in enumerate(sources)
                           for name in truth if low <= term_hash(name) < high], key=lambda e: term_hash(e[1]))
        assert names == [name for _, name in expected]
        rows = np.concatenate(([0], np.cumsum(lists.df)))
        pos_rows = np.concatenate(([0], np.cumsum(lists.freqs)))
        positions_read = lists.positions()
        for t, (k, name) in enumerate(expected):
            docs, freqs, positions = sources[k][1][name]
            assert lists.docs[rows[t]:rows[t + 1]].tolist() == (docs + 10_000 * k).tolist()
            assert lists.freqs[rows[t]:rows[t + 1]].tolist() == freqs.tolist()
            assert positions_read[pos_rows[rows[t]]:pos_rows[rows[t + 1]]].tolist() == \
                np.concatenate(positions).tolist()
        read += expected
    assert len(read) == sum(len(truth) for _, truth in sources)


def test_a_merge_leaves_none_of_its_sources_pages_mapped(sources):
    readers = [(postings.fields["body_bi"], 0) for postings, _ in sources]
    lists_of(readers, 0, 1 << 64, drop_pages=True)
    assert _mapped_kb([postings.path for postings, _ in sources]) == 0
    lists_of(readers, 0, 1 << 64)
    assert _mapped_kb([postings.path for postings, _ in sources]) > 0


def _mapped_kb(paths: list[str]) -> int:
    """Resident kilobytes of this process's mappings of the given files (/proc/self/smaps)."""
    total, current = 0, None
    with open("/proc/self/smaps") as fh:
        for line in fh:
            head = line.split()
            if "-" in head[0] and len(head) >= 5:
                current = head[5] if len(head) > 5 else None
            elif head[0] == "Rss:" and current in paths:
                total += int(head[1])
    return total


@pytest.mark.parametrize("kernel_copies", [True, False])
def test_sections_copied_from_ranges_of_files_read_back_whole(tmp_path, monkeypatch, kernel_copies):
    """How a merge writes its sections (by the kernel, or by reading where it can't copy between files)."""
    if not kernel_copies:
        def refused(*args, **kwargs):
            raise OSError(18, "Invalid cross-device link")
        monkeypatch.setattr(os, "copy_file_range", refused)
    texts, starts, docs, freqs, positions, truth = _random_field(3, terms=60)
    enc = encode_field(TermNames.of(texts), starts, docs, freqs, positions)
    # Every section as pieces spread over one file, some empty, each after unrelated bytes.
    store, ranges_ = tmp_path / "store", {}
    with open(store, "wb") as fh:
        for sec, data in enc.sections.items():
            cuts = [0, len(data) // 3, len(data) // 3, len(data)]
            ranges_[sec] = []
            for a, b in zip(cuts, cuts[1:]):
                fh.write(b"junk")
                ranges_[sec].append(FileRange(store, fh.tell(), b - a))
                fh.write(data[a:b])
    with open(tmp_path / "seg.ypf", "wb") as fh:
        write_postings(fh, {"body_bi": EncodedField(enc.columns, ranges_)})
    postings = SegmentPostings(str(tmp_path / "seg.ypf"))
    try:
        reader = postings.fields["body_bi"]
        for text, (d, f, ps) in truth.items():
            entry = reader.find(text)
            assert reader.docs(entry).tolist() == d.tolist() and reader.freqs(entry).tolist() == f.tolist()
            assert reader.positions(entry, np.arange(len(d)))[1].tolist() == np.concatenate(ps).tolist()
    finally:
        postings.close()
    with pytest.raises(ValueError, match="ends before"):
        with open(tmp_path / "short.ypf", "wb") as fh:
            short = {**ranges_, "docs": [FileRange(store, 0, 10**7)]}  # past the end of the file
            write_postings(fh, {"body_bi": EncodedField(enc.columns, short)})
