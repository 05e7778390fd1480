"""Bad corpus files are reported with path and reason; every good article is still indexed.

Each good article carries a marker of its own (样稿甲子, 样稿乙丑 …) so a search proves it is there.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time

import pytest

from corpus.files.reader import iter_corpus_files, read_file
from search.engine.base import Retrieval
from search.engine.budget import Deadline

from .faultkit import ROOT, clean_env, count, live_index, manage

MARKS = [f"样稿{a}{b}" for a, b in zip("甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉")]
HUGE_BYTES = 100 * 2**20  # one JSONL line of 100 MB
LONG_TXT_BYTES = 8 * 2**20  # one raw-page line of 8 MB
HUGE_RSS_MB = 2500  # the peak memory the whole reindex with both may take (its time is printed, not asserted)


def page(mark: str, reporter: str = "夏元") -> str:
    """A paragraph-layout raw page with one article that mentions `mark`."""
    return (f"本报讯 （新重庆-重庆日报记者 {reporter}）6月 4日，江津区滨江新城的夜市人头攒动，{mark}成为话题。"
            "夜经济成为消费新引擎，火锅、烧烤、小面摊位前排起长队，市民纷纷前来品尝。\n\n"
            "江津夜经济点亮滨江新城\n")


def record(mark: str, n: int) -> str:
    return json.dumps({"id": f"good-{n}", "title": f"好文章{mark}", "body": f"这是第{n}篇正常文章，{mark}讲述綦江区的变化。"},
                      ensure_ascii=False)


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    """A directory of broken files beside good ones; returns (dir, {file name: marks it holds})."""
    d = tmp_path_factory.mktemp("badcorpus") / "corpus"
    d.mkdir()
    rng = random.Random(5)
    (d / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(20000)))
    (d / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(3000)))
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.jsonl").write_bytes(b"\n  \n\t\n")
    (d / "allbad.jsonl").write_text("not json\n{\"title\": \n[1, 2]\n", encoding="utf-8")
    (d / "latin1.txt").write_bytes("Ünïcödé ½ ¾ ".encode("latin-1") * 2000)  # neither UTF-8 nor GB18030 text

    text = page(MARKS[0]).encode("utf-8")
    (d / "truncated_utf8.txt").write_bytes(text + "长江".encode("utf-8")[:-1])  # cut inside a character
    gbk = (page(MARKS[1], "余杰") + page("大足石刻") * 10).encode("gbk")  # a page of about 1 300 characters
    (d / "gbk_bad_bytes.txt").write_bytes(gbk[:30] + b"\xff" + gbk[30:120] + b"\x81\xff" + gbk[120:])
    (d / "gb18030_ok.txt").write_bytes(page(MARKS[2], "谢凤").encode("gb18030"))
    lines = [record(MARKS[3], 3), '{"id": "broken", "title": "坏行', record(MARKS[4], 4), "[1, 2, 3]",
             '{"id": "no-text", "date": "2025-01-01"}', record(MARKS[5], 5), "\x00\x01garbage",
             record(MARKS[6], 6)[:25]]  # the last line cut off mid-record
    (d / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (d / "crlf_bom.jsonl").write_bytes(b"\xef\xbb\xbf" + (record(MARKS[7], 7) + "\r\n" + record(MARKS[8], 8)).encode())
    expected = {"truncated_utf8.txt": MARKS[:1], "gbk_bad_bytes.txt": MARKS[1:2], "gb18030_ok.txt": MARKS[2:3],
                "mixed.jsonl": [MARKS[3], MARKS[4], MARKS[5]], "crlf_bom.jsonl": MARKS[7:9]}
    return d, expected


@pytest.fixture(scope="module")
def bad_build(bad_corpus, tmp_path_factory):
    """`manage.py reindex` over the bad corpus: (index root, completed process)."""
    d, _ = bad_corpus
    root = tmp_path_factory.mktemp("badindex") / "index"
    return root, manage("reindex", "--corpus", str(d), "--index", str(root))


UNUSABLE = {"binary.txt": "binary", "photo.txt": "binary", "empty.txt": "empty", "blank.jsonl": "empty",
            "allbad.jsonl": "no usable lines", "latin1.txt": "undecodable"}


def test_reindex_over_bad_files_succeeds_without_a_traceback(bad_build):
    _, done = bad_build
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_each_unusable_file_is_reported_with_its_path_and_reason(bad_build, bad_corpus, name):
    _, done = bad_build
    d, _ = bad_corpus
    lines = [line for line in done.stdout.splitlines() if line.startswith(f"skipped {d / name}: ")]
    assert len(lines) == 1, done.stdout
    assert UNUSABLE[name] in lines[0]


@pytest.mark.parametrize("name, reason", [
    ("truncated_utf8.txt", "undecodable byte"), ("gbk_bad_bytes.txt", "undecodable byte"),
    ("mixed.jsonl", "line 2: not valid JSON"), ("mixed.jsonl", "line 4: expected a JSON object"),
    ("mixed.jsonl", "line 5: neither title nor body"), ("mixed.jsonl", "line 8: not valid JSON"),
])
def test_each_damaged_part_is_reported_as_a_warning_with_file_and_reason(bad_build, name, reason):
    _, done = bad_build
    assert any(line.startswith(f"warning {name}: ") and reason in line for line in done.stdout.splitlines()), \
        done.stdout


def test_every_good_article_is_indexed_and_found(bad_build, bad_corpus):
    root, _ = bad_build
    d, expected = bad_corpus
    for name, marks in expected.items():
        for mark in marks:
            assert count(root, mark) == 1, f"{mark} of {name} is not found"
    # And exactly what the reader makes of the usable files, nothing lost, nothing invented.
    wanted = set()
    for path, key in iter_corpus_files([d]):
        if path.name not in UNUSABLE:
            wanted |= {a.id for a in read_file(path, key).articles}
    with live_index(root) as engine:
        indexed = {record["id"] for record in engine.stream(Retrieval(), Deadline(60))}
    assert indexed == wanted and len(wanted) >= sum(map(len, expected.values()))


def _write_huge_line(path, total: int, unit: str, prefix: str = "", suffix: str = "") -> None:
    """One line of about `total` bytes made of `unit`, written in pieces (never whole in memory)."""
    piece = unit * (2**20 // len(unit.encode("utf-8")))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(prefix)
        for _ in range(total // len(piece.encode("utf-8"))):
            fh.write(piece)
        fh.write(suffix)


def test_gigantic_single_line_files_are_indexed_in_bounded_time_and_memory(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    unit = "重庆日报记者报道，江津区夜经济发展迅速，市民消费热情高涨，"
    _write_huge_line(corpus / "huge.jsonl", HUGE_BYTES, unit, '{"id": "huge", "title": "巨型稿件", "body": "巨型开头',
                     '"}\n')
    _write_huge_line(corpus / "long_page.txt", LONG_TXT_BYTES, unit, "长页开头")
    (corpus / "good.jsonl").write_text(record(MARKS[9], 9) + "\n", encoding="utf-8")
    root = tmp_path / "index"

    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "manage.py", "reindex", "--corpus", str(corpus), "--index", str(root)],
                            cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    with proc.stdout:
        out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak memory, unlike RUSAGE_CHILDREN
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds, rss_mb = time.monotonic() - started, usage.ru_maxrss / 1024
    print(f"reindex of {HUGE_BYTES >> 20} MB + {LONG_TXT_BYTES >> 20} MB lines: {seconds:.1f} s, {rss_mb:.0f} MB peak")

    assert proc.returncode == 0, out
    assert rss_mb < HUGE_RSS_MB, f"reindex of a 100 MB line peaked at {rss_mb:.0f} MB"
    assert any(line.startswith("warning huge.jsonl: ") and "cut to the first" in line for line in out.splitlines()), out
    assert count(root, MARKS[9]) == 1
    assert count(root, "巨型开头") == 1 and count(root, "长页开头") == 1
