"""Corpus files that cannot hurt: special files, size and time limits, mixed encodings, streaming."""

from __future__ import annotations

import json
import os
import socket
import tracemalloc

import pytest

from corpus.files.limits import Limits
from corpus.files.reader import CorpusError, check_regular, open_regular, read_file

PAGE = "本报讯（记者 佘振芳）9月23日，三方签署协同发展合作协议。\n\n市国资委表示，此次合作将有力推动市属国企协同。\n"


def test_a_fifo_is_reported_and_never_opened_for_a_blocking_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(CorpusError, match="not a regular file \\(a FIFO\\)"):
        read_file(fifo, "pipe.txt")  # would block for ever if it opened the FIFO without O_NONBLOCK


def test_a_symlink_to_a_device_is_reported_and_skipped(tmp_path):
    link = tmp_path / "x.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(CorpusError, match="character device"):
        read_file(link, "x.txt")
    with pytest.raises(CorpusError, match="character device"):
        check_regular(link)


def test_a_socket_is_reported_and_skipped(tmp_path):
    path = tmp_path / "s.jsonl"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(CorpusError, match="socket|unreadable"):
            read_file(path, "s.jsonl")


def test_the_index_builder_can_check_a_file_before_hashing_it(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(PAGE, encoding="utf-8")
    assert check_regular(path).st_size == path.stat().st_size
    with open_regular(path) as fh:
        assert fh.read(6) == "本报".encode("utf-8")


def test_a_page_over_the_size_limit_is_skipped_with_a_clear_message(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(PAGE * 100, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"too large: .* MB limit for a page"):
        read_file(path, "big.txt", Limits(page_bytes=1000))


def test_a_file_over_its_time_budget_is_skipped_with_the_reason(tmp_path):
    path = tmp_path / "slow.txt"
    path.write_text(PAGE * 50, encoding="utf-8")
    with pytest.raises(CorpusError, match="time budget"):
        read_file(path, "slow.txt", Limits(seconds=0))
    jsonl = tmp_path / "slow.jsonl"
    jsonl.write_text('{"title": "甲"}\n' * 10, encoding="utf-8")
    with pytest.raises(CorpusError, match="time budget"):
        read_file(jsonl, "slow.jsonl", Limits(seconds=0))


def test_a_page_mixing_utf8_and_gbk_keeps_both_and_names_the_lines(tmp_path):
    utf8 = "本报讯（记者 佘振芳）9月23日，三方签署协同发展合作协议。\n\n".encode("utf-8")
    gbk = "本报讯（记者 杨骏）9月23日，重庆国际铁路港综合保税区通过验收。\n\n".encode("gbk")
    broken = "本报讯（记者 周盈）9月23日，夜经济嘉年华评出不夜地标。".encode("utf-8")[:-4] + b"\xff\xfe\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes(utf8 + gbk + broken)
    result = read_file(path, "mixed.txt")
    text = "\n".join(a.body for a in result.articles)
    assert "三方签署协同发展合作协议" in text and "综合保税区通过验收" in text and "夜经济嘉年华" in text
    assert any("mixed encodings: 3 read as GB18030" in w for w in result.warnings), result.warnings
    assert any("undecodable" in w and "line 5" in w for w in result.warnings), result.warnings


def test_a_jsonl_mixing_utf8_and_gbk_lines_keeps_every_record(tmp_path):
    rows = [json.dumps({"id": str(i), "title": f"标题{i}", "body": "重庆日报记者报道江津区夜经济"}, ensure_ascii=False)
            for i in range(4)]
    data = b"\n".join(row.encode("gbk" if i % 2 else "utf-8") for i, row in enumerate(rows)) + b"\n\xff\xfe{\n"
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    result = read_file(path, "mixed.jsonl")
    assert [a.title for a in result.articles] == ["标题0", "标题1", "标题2", "标题3"]
    assert any(w.startswith("line 5: ") for w in result.warnings)


def test_jsonl_is_streamed_so_memory_does_not_grow_with_the_file(tmp_path):
    row = json.dumps({"title": "标题", "body": "江津区夜经济" * 2000}, ensure_ascii=False) + "\n"
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_text(row * 2, encoding="utf-8")
    large.write_text(row * 150, encoding="utf-8")

    def peak(path) -> int:
        tracemalloc.start()
        read_file(path, path.name, Limits(line_bytes=1 << 18))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    # The articles are kept, but the file's bytes and decoded text are never held whole.
    file_bytes = large.stat().st_size
    assert peak(large) < 3 * file_bytes  # Articles (body text ×~1) plus bookkeeping
    assert peak(small) < file_bytes // 10


def test_a_jsonl_line_over_the_line_limit_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text('{"title": "短"}\n' + '{"title": "' + "长" * 5000 + '"}\n{"title": "尾"}\n', encoding="utf-8")
    result = read_file(path, "e.jsonl", Limits(line_bytes=1000))
    assert [a.title for a in result.articles] == ["短", "尾"]
    assert result.warnings == ["line 2: longer than 1000 bytes, skipped"]


def test_a_reindex_skips_a_fifo_with_its_reason_and_indexes_the_rest(tmp_path):
    from index.build import reindex

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "link.jsonl").symlink_to("/dev/zero")
    (corpus / "good.jsonl").write_text(json.dumps({"id": "g", "title": "江津夜经济", "body": "江津区夜市。"},
                                                  ensure_ascii=False), encoding="utf-8")
    report = reindex([corpus], tmp_path / "index")
    assert report.articles == 1
    reasons = dict(report.skipped)
    assert "FIFO" in reasons[str(corpus / "pipe.txt")] and "device" in reasons[str(corpus / "link.jsonl")]
