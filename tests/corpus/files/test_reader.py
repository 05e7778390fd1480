"""Reading corpus files: encodings, broken files, JSONL exports, issue metadata, stable ids."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from corpus.files.meta import IssueMeta, load_meta
from corpus.files.reader import CorpusError, ReadResult, iter_corpus_files, read_file

PAGE = (
    "本报讯 （新重庆-重庆日报\n记者 佘振芳）9月 23日，在市属\n国有企业能源矿业领域协同发展推\n进会上，三方签署协议。\n"
    "\n市国资委党委书记表示，此次合作\n将有力推动市属国企协同。\n"
)


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def bodies(result: ReadResult) -> str:
    return "\n".join(a.body for a in result.articles)


def test_utf8_page_is_read_into_articles(tmp_path):
    path = write(tmp_path / "p.txt", PAGE)
    result = read_file(path, "p.txt")
    assert result.articles and "协同发展推进会上" in bodies(result)
    assert result.warnings == []
    assert all(a.origin.path == "p.txt" for a in result.articles)


def test_utf8_bom_is_stripped(tmp_path):
    path = write(tmp_path / "p.txt", b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    result = read_file(path, "p.txt")
    assert "\ufeff" not in bodies(result)
    assert "协同发展推进会上" in bodies(result)


def test_gbk_page_is_decoded(tmp_path):
    path = write(tmp_path / "p.txt", PAGE, encoding="gbk")
    result = read_file(path, "p.txt")
    assert "协同发展推进会上" in bodies(result)
    assert result.warnings == []


def test_gbk_page_with_a_few_bad_bytes_is_kept_with_a_warning(tmp_path):
    data = PAGE.encode("gbk")
    data = data[:40] + b"\xff" + data[40:]
    result = read_file(write(tmp_path / "p.txt", data), "p.txt")
    assert "将有力推动市属国企协同" in bodies(result)
    assert any("undecodable" in w for w in result.warnings)


def test_utf8_page_with_a_stray_bad_byte_stays_utf8(tmp_path):
    data = PAGE.encode("utf-8")
    data = data[:-20] + b"\xff" + data[-20:]
    result = read_file(write(tmp_path / "p.txt", data), "p.txt")
    assert "协同发展推进会上" in bodies(result)
    assert result.warnings


def test_control_characters_are_removed_but_newlines_and_tabs_kept(tmp_path):
    page = PAGE.replace("三方", "三\x00方").replace("协议", "协\x07议")
    result = read_file(write(tmp_path / "p.txt", page), "p.txt")
    assert "三方签署协议" in bodies(result)
    assert any("control" in w for w in result.warnings)


def test_crlf_newlines_are_normalised(tmp_path):
    result = read_file(write(tmp_path / "p.txt", PAGE.replace("\n", "\r\n")), "p.txt")
    assert "\r" not in bodies(result)
    assert "协同发展推进会上" in bodies(result)


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (bytes(range(256)) * 8, "binary"),
    (b"", "empty"),
    (b"  \n\n \n", "empty"),
])
def test_unusable_files_raise_corpus_error_with_path_and_reason(tmp_path, data, reason):
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(CorpusError) as caught:
        read_file(path, "bad.txt")
    assert caught.value.path == str(path)
    assert reason in caught.value.reason
    assert str(caught.value) == f"{path}: {caught.value.reason}"


def test_missing_file_raises_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        read_file(tmp_path / "nope.txt", "nope.txt")


def test_jsonl_broken_line_is_a_warning_and_good_lines_are_kept(tmp_path):
    lines = [
        json.dumps({"title": "标题一", "body": "正文一", "reporters": ["佘振芳", {"name": "夏元", "role": "首席记者", "x": 1}]},
                   ensure_ascii=False),
        '{"title": "broken',
        json.dumps({"body": "只有正文", "unknown_field": 42}, ensure_ascii=False),
        json.dumps({"kind": "article"}),
        "",
        json.dumps([1, 2]),
    ]
    result = read_file(write(tmp_path / "e.jsonl", "\n".join(lines)), "e.jsonl")
    assert [a.title for a in result.articles] == ["标题一", ""]
    assert [(r.name, r.role) for r in result.articles[0].reporters] == [("佘振芳", "记者"), ("夏元", "首席记者")]
    assert result.warnings[0].startswith("line 2: not valid JSON (")
    assert result.warnings[1].startswith("line 4: ")
    assert result.warnings[2].startswith("line 6: ")
    assert all(a.origin.path == "e.jsonl" for a in result.articles)


def test_jsonl_lone_surrogate_escapes_are_replaced_with_a_warning(tmp_path):
    # Valid JSON, but half a UTF-16 pair can't be written as UTF-8 (index terms, web pages).
    line = '{"id": "s", "title": "重庆\\ud83d夜景", "body": "江津\\udc00火锅", "reporters": [{"name": "杨\\ud800敏"}]}'
    result = read_file(write(tmp_path / "e.jsonl", line), "e.jsonl")
    [article] = result.articles
    assert (article.title, article.body, article.reporters[0].name) == ("重庆\ufffd夜景", "江津\ufffd火锅", "杨\ufffd敏")
    assert any("line 1" in w and "surrogates" in w for w in result.warnings)
    (article.title + article.body).encode("utf-8")  # encodable now


def test_jsonl_keeps_explicit_ids_and_derives_stable_distinct_ones(tmp_path):
    lines = [
        json.dumps({"id": "given-1", "title": "甲"}, ensure_ascii=False),
        json.dumps({"title": "乙", "body": "同样的内容"}, ensure_ascii=False),
        json.dumps({"title": "乙", "body": "同样的内容"}, ensure_ascii=False),
    ]
    path = write(tmp_path / "e.jsonl", "\n".join(lines))
    first = [a.id for a in read_file(path, "e.jsonl").articles]
    again = [a.id for a in read_file(path, "e.jsonl").articles]
    assert first == again
    assert first[0] == "given-1"
    assert len(set(first)) == 3


def test_jsonl_with_no_usable_line_raises(tmp_path):
    with pytest.raises(CorpusError, match="no usable lines"):
        read_file(write(tmp_path / "e.jsonl", "not json\n{}\n"), "e.jsonl")


def test_page_ids_are_stable_and_depend_on_source_key(tmp_path):
    path = write(tmp_path / "p.txt", PAGE)
    a = [x.id for x in read_file(path, "a/p.txt").articles]
    assert a == [x.id for x in read_file(path, "a/p.txt").articles]
    assert a != [x.id for x in read_file(path, "b/p.txt").articles]


def test_identical_items_in_one_file_get_distinct_ids(tmp_path):
    path = write(tmp_path / "p.txt", PAGE + "\n" + PAGE)
    ids = [a.id for a in read_file(path, "p.txt").articles]
    assert len(ids) == len(set(ids))


def test_sidecar_meta_is_used(tmp_path):
    path = write(tmp_path / "page.txt", PAGE)
    write(tmp_path / "page.txt.meta.json",
          json.dumps({"source": "重庆日报", "issue_date": "2025-09-24", "page": 3}, ensure_ascii=False))
    assert load_meta(path, []) == IssueMeta("重庆日报", date(2025, 9, 24), "3")
    article = read_file(path, "page.txt").articles[0]
    assert article.page == "3"
    assert article.source == "重庆日报"
    assert article.id == "重庆日报-20250924-3-01"


def test_short_sidecar_name_is_accepted_and_a_broken_one_warns(tmp_path):
    path = write(tmp_path / "page.txt", PAGE)
    write(tmp_path / "page.meta.json", "{broken")
    result = read_file(path, "page.txt")
    assert any("sidecar" in w for w in result.warnings)


def test_meta_comes_from_a_source_date_page_path(tmp_path):
    path = write(tmp_path / "重庆晨报" / "2025-01-21" / "3.txt", PAGE)
    assert load_meta(path, []) == IssueMeta("重庆晨报", date(2025, 1, 21), "3")
    article = read_file(path, "重庆晨报/2025-01-21/3.txt").articles[0]
    assert article.page == "3"
    assert article.id == "重庆晨报-20250121-3-01"


def test_no_meta_without_sidecar_or_dated_path(tmp_path):
    assert load_meta(write(tmp_path / "x" / "p.txt", PAGE), []) is None


def test_iter_corpus_files_walks_sorted_and_skips_sidecars_and_readmes(tmp_path):
    root = tmp_path / "corpus"
    for name in ["b/2.txt", "a/1.jsonl", "a/1.txt.meta.json", "README.txt", "readme.md",
                 "notes.md", ".hidden/x.txt", "c/3.TXT"]:
        write(root / name, PAGE)
    single = write(tmp_path / "single.txt", PAGE)
    found = list(iter_corpus_files([root, single]))
    assert [key for _, key in found] == ["a/1.jsonl", "b/2.txt", "c/3.TXT", "single.txt"]
    assert found[0][0] == root / "a" / "1.jsonl"


def test_iter_corpus_files_yields_missing_paths_so_they_get_reported(tmp_path):
    missing = tmp_path / "gone.txt"
    assert list(iter_corpus_files([missing])) == [(missing, "gone.txt")]


def test_samples_are_all_readable():
    samples = Path(__file__).resolve().parents[3] / "corpus" / "samples"
    files = list(iter_corpus_files([samples]))
    assert len(files) >= 5
    for path, key in files:
        result = read_file(path, key)
        assert result.articles, key
        assert len({a.id for a in result.articles}) == len(result.articles)


def test_a_page_with_only_furniture_gives_no_articles_and_a_warning(tmp_path):
    result = read_file(write(tmp_path / "p.txt", "政务简报\n"), "p.txt")
    assert result.articles == []
    assert result.warnings == ["no articles found on the page"]


def test_a_parser_failure_is_reported_as_corpus_error(tmp_path, monkeypatch):
    import corpus.files.reader

    def broken(*args):
        raise ValueError("boom")

    monkeypatch.setattr(corpus.files.reader, "parse_page", broken)
    with pytest.raises(CorpusError, match="could not be parsed"):
        read_file(write(tmp_path / "p.txt", PAGE), "p.txt")


def test_memory_error_in_one_file_is_that_files_error(tmp_path, monkeypatch):
    import corpus.files.reader

    def exhausted(*args):
        raise MemoryError

    monkeypatch.setattr(corpus.files.reader, "parse_page", exhausted)
    with pytest.raises(CorpusError, match="out of memory"):
        read_file(write(tmp_path / "p.txt", PAGE), "p.txt")


def test_item_offsets_point_into_the_decoded_text():
    samples = Path(__file__).resolve().parents[3] / "corpus" / "samples"
    for path, key in iter_corpus_files([samples]):
        text = path.read_text(encoding="utf-8")
        for article in read_file(path, key).articles:
            span = text[article.origin.start:article.origin.end]
            assert article.body.split("\n")[0][:6] in span.replace("\n", ""), (key, article.title)
