"""Reindexing: generations swap atomically, incremental updates, the lock, the summary."""

import json
import shutil
from pathlib import Path

import pytest

from index.build import reindex
from index.generations import ReindexLocked, current_generation, reindex_lock
from search.engine.handle import IndexHandle
from search.request import SearchRequest
from search.run import run_search

DATA = Path(__file__).parent.parent / "data"


def titles(root, q):
    return [h["title"] for h in run_search(IndexHandle(root).current(), SearchRequest(q=q))["hits"]]


def test_full_build_reports_files_articles_and_rate(tmp_path):
    report = reindex([DATA / "docs.jsonl"], tmp_path / "ix")
    assert (report.files, report.articles, report.total_articles) == (1, 13, 13)
    assert report.articles_per_second > 0 and not report.skipped


def test_unreadable_files_are_skipped_with_reason_and_the_rest_indexed(corpus_copy, tmp_path):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus_copy / "empty.txt").write_bytes(b"")
    report = reindex([corpus_copy], tmp_path / "ix")
    assert report.total_articles == 13
    assert {p.rsplit("/", 1)[-1] for p, _ in report.skipped} == {"broken.txt", "empty.txt"}
    assert all(reason for _, reason in report.skipped)


def test_an_article_with_broken_characters_is_indexed_and_found(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "s", "title": "江津\\ud83d夜经济", "body": "滨江新城\\udc00火锅节开幕"}\n'
                      '{"id": "ok", "title": "綦江农民版画", "body": "版画展开幕"}\n', encoding="utf-8")
    report = reindex([corpus], tmp_path / "ix")
    assert report.total_articles == 2 and any("surrogates" in w for w in report.warnings)
    assert titles(tmp_path / "ix", "火锅节") == ["江津\ufffd夜经济"]
    assert titles(tmp_path / "ix", "\ud800版画") == ["綦江农民版画"]  # a broken query character too


def test_incremental_adds_changed_files_removes_deleted_ones_and_twice_changes_nothing(corpus_copy, tmp_path):
    root = tmp_path / "ix"
    reindex([corpus_copy], root)
    extra = {"id": "new-one", "title": "新增文章璧山", "body": "璧山区新增一篇文章。", "districts": ["璧山区"]}
    (corpus_copy / "more.jsonl").write_text(json.dumps(extra, ensure_ascii=False) + "\n", encoding="utf-8")
    report = reindex([corpus_copy], root, incremental=True)
    assert (report.files_indexed, report.articles, report.total_articles) == (1, 1, 14)
    assert titles(root, "新增文章") == ["新增文章璧山"]

    again = reindex([corpus_copy], root, incremental=True)
    assert again.unchanged and again.generation == current_generation(root).name

    (corpus_copy / "more.jsonl").unlink()
    report = reindex([corpus_copy], root, incremental=True)
    assert report.files_removed == 1 and report.total_articles == 13
    assert titles(root, "新增文章") == []


def test_a_running_server_sees_the_new_generation_and_keeps_old_searches_working(corpus_copy, tmp_path):
    root = tmp_path / "ix"
    reindex([corpus_copy], root)
    handle = IndexHandle(root)
    old = handle.current()
    (corpus_copy / "docs.jsonl").write_text(
        json.dumps({"id": "only", "title": "唯一文章", "body": "替换后的语料"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    reindex([corpus_copy], root)
    new = handle.current()
    assert new.gen != old.gen and new.doc_count == 1
    # a search that started on the old generation still completes there
    assert run_search(old, SearchRequest(q="保税"))["total"] == 1


def test_a_second_reindex_is_refused_while_one_holds_the_lock(tmp_path):
    root = tmp_path / "ix"
    with reindex_lock(root):
        with pytest.raises(ReindexLocked, match="already running"):
            reindex([DATA / "docs.jsonl"], root)
    assert reindex([DATA / "docs.jsonl"], root).total_articles == 13


def test_old_generations_are_pruned_to_the_live_one_and_its_predecessor(tmp_path):
    root = tmp_path / "ix"
    for _ in range(4):
        reindex([DATA / "docs.jsonl"], root)
    gens = sorted(p.name for p in root.glob("gen-*"))
    assert len(gens) == 2 and current_generation(root).name in gens


def test_ids_are_stable_across_reindexes(tmp_path):
    shutil.copytree(DATA.parent.parent / "corpus" / "samples", tmp_path / "samples")
    first, second = tmp_path / "a", tmp_path / "b"
    reindex([tmp_path / "samples"], first)
    reindex([tmp_path / "samples"], second)
    ids = []
    for root in (first, second):
        handle = IndexHandle(root)
        with handle.current().ix.reader() as reader:
            ids.append(sorted(json.loads(s["data"])["id"] for _, s in reader.iter_docs()))
        handle.close()
    assert ids[0] == ids[1] and len(ids[0]) > 30


def test_incremental_builds_merge_small_segments_and_deletions_read_like_the_rest(corpus_copy, tmp_path):
    from index.merge import MERGE_AT, segment_count
    from index.format.codec import YuwenTermsReader
    from whoosh import index as whoosh_index

    root = tmp_path / "ix"
    reindex([corpus_copy], root)
    for n in range(MERGE_AT + 1):  # each incremental run adds a small segment
        record = {"id": f"extra-{n}", "title": f"增补文章{n}号", "body": "璧山区增补一篇文章。"}
        (corpus_copy / f"extra-{n}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        reindex([corpus_copy], root, incremental=True)
    (corpus_copy / "extra-0.jsonl").unlink()  # a deletion in a merged segment
    report = reindex([corpus_copy], root, incremental=True)
    segments = segment_count(whoosh_index.open_dir(str(current_generation(root))))
    assert segments < MERGE_AT and report.total_articles == 13 + MERGE_AT

    engine = IndexHandle(root).current()
    before = YuwenTermsReader.compat_matchers
    found = run_search(engine, SearchRequest(q='"增补文章"', size=50))
    assert found["total"] == MERGE_AT and "extra-0" not in {h["id"] for h in found["hits"]}
    assert engine.record("extra-3")["title"] == "增补文章3号"
    # Every list is read by the numpy decoder: Whoosh's matchers (and their deleted-document filter) never.
    assert engine.evaluator.postings.reads > 0 and YuwenTermsReader.compat_matchers == before


def test_a_parallel_build_merges_its_segments_and_answers_as_a_single_process_build(tmp_path):
    from index.merge import segment_count
    from whoosh import index as whoosh_index

    corpus = tmp_path / "corpus"
    shutil.copytree(DATA.parent.parent / "corpus" / "samples", corpus)
    for name in ("docs.jsonl", "semantics.jsonl"):
        shutil.copy(DATA / name, corpus / name)
    one, two = tmp_path / "one", tmp_path / "two"
    reindex([corpus], one, workers=1)
    report = reindex([corpus], two, workers=2)  # a task per worker: two segments, merged into one
    assert segment_count(whoosh_index.open_dir(str(current_generation(two)))) == 1
    # the workers' segments are written for the merge (a width per kind of value): what is left is as
    # compact as one worker's
    assert _postings_bytes(two) < 1.05 * _postings_bytes(one)
    assert report.total_articles == IndexHandle(one).current().doc_count > 60
    engines = [IndexHandle(root).current() for root in (one, two)]
    for q in ("保税", '"综合保税区"', "重庆 发展", "江津", "记者", "区"):
        single, merged = (run_search(e, SearchRequest(q=q, size=50)) for e in engines)
        assert merged["total"] == single["total"], q
        assert [h["id"] for h in merged["hits"]] == [h["id"] for h in single["hits"]], q
        assert merged["facets"] == single["facets"], q


def test_a_parallel_builds_segment_left_alone_in_its_part_is_still_written_compact(tmp_path, monkeypatch):
    from whoosh import index as whoosh_index

    from index import merge
    from index.merge import segment_count

    corpus = tmp_path / "corpus"
    shutil.copytree(DATA.parent.parent / "corpus" / "samples", corpus)
    one, two = tmp_path / "one", tmp_path / "two"
    reindex([corpus], one, workers=1)
    monkeypatch.setattr(merge, "MERGED_DOCS", 1)  # every segment a part of its own
    reindex([corpus], two, workers=2)
    assert segment_count(whoosh_index.open_dir(str(current_generation(two)))) > 1
    assert _segments_written_for_a_merge(two) == 0 and _segments_written_for_a_merge(one) == 0


def _postings_bytes(root) -> int:
    """The bytes of the live generation's postings files."""
    return sum(p.stat().st_size for p in current_generation(root).glob("*.ypf"))


def _segments_written_for_a_merge(root) -> int:
    """How many of the live generation's segments hold their body bigrams' runs at one width per kind of
    value (as a build's workers write them for a merge): compact ones vary."""
    from index.format.segment_file import SegmentPostings

    count = 0
    for path in current_generation(root).glob("*.ypf"):
        postings = SegmentPostings(str(path))
        count += len(set(postings.fields["body_bi"].col["flags"].tolist())) == 1
        postings.close()
    return count
