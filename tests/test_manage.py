"""The command line, run as a user runs it: real processes, real index directories."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env=None, check=True):
    """Run `python manage.py ARGS` from the project root."""
    result = subprocess.run([sys.executable, "manage.py", *map(str, args)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "index"
    out = manage("reindex", "--index", root)
    assert "indexed" in out.stdout and "articles/s" in out.stdout
    return root


def test_parse_prints_one_article_per_line_with_the_documented_fields():
    out = manage("parse", "corpus/samples/000_ccd9cb33b59a5db2.txt").stdout.splitlines()
    articles = [json.loads(line) for line in out]
    assert len(articles) >= 6
    for a in articles:
        assert {"id", "title", "body", "date", "date_source", "reporters", "districts", "source", "kind",
                "origin"} <= set(a)
        assert a["origin"]["path"]
    assert any(r == {"name": "佘振芳", "role": "记者"} for a in articles for r in a["reporters"])


def test_parse_accounts_for_every_line_of_a_page(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("重庆日报 2025年9月24日 第3版\n\n三方签约推动协同发展\n\n本报讯（记者 佘振芳）9月23日，三方签署协同发展合作协议。\n",
                    encoding="utf-8")
    result = manage("parse", page)
    assert f"page {page}: 3 lines: 2 in items, 1 page furniture, 0 printed twice in 1 items" in result.stderr
    assert "pages: 3 lines: 2 in items, 1 page furniture, 0 printed twice" in result.stderr


def test_parse_ids_are_the_same_on_every_run():
    first = [json.loads(line)["id"] for line in manage("parse", "corpus/samples").stdout.splitlines()]
    second = [json.loads(line)["id"] for line in manage("parse", "corpus/samples").stdout.splitlines()]
    assert first == second and len(set(first)) == len(first)


def test_parse_reports_an_unreadable_file_and_keeps_going(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "good.jsonl").write_text('{"title": "好文章", "body": "正文"}\n', encoding="utf-8")
    result = manage("parse", tmp_path, check=False)
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["title"] == "好文章"


def test_search_finds_both_articles_by_she_zhenfang(sample_root):
    data = json.loads(manage("search", "佘振芳", "--index", sample_root, "--json").stdout)
    assert data["total"] == 2
    assert all(any(r["name"] == "佘振芳" for r in h["reporters"]) for h in data["hits"])


def test_search_json_is_exactly_what_the_api_returns(sample_root):
    from web import create_app

    cli = json.loads(manage("search", "综合保税区", "--index", sample_root, "--json").stdout)
    api = create_app({"TESTING": True, "INDEX_DIR": str(sample_root)}).test_client().get(
        "/api/search?q=综合保税区").get_json()
    for data in (cli, api):
        data.pop("took_ms")
    assert cli == api
    assert "重庆国际铁路港综合保税区" in cli["hits"][0]["title"]


def test_search_filters_and_plain_output(sample_root):
    out = manage("search", "", "--index", sample_root, "--district", "大足", "--limit", "3").stdout
    assert "篇" in out and "大足" in out and out.count("\n") >= 3


def test_search_with_a_bad_date_is_a_clear_error_not_a_traceback(sample_root):
    result = manage("search", "重庆", "--index", sample_root, "--from", "someday", check=False)
    assert result.returncode != 0 and "日期" in result.stderr and "Traceback" not in result.stderr


def test_search_without_an_index_points_to_reindex(tmp_path):
    result = manage("search", "重庆", "--index", tmp_path / "none", check=False)
    assert result.returncode != 0 and "reindex" in result.stderr and "Traceback" not in result.stderr


def test_incremental_reindex_twice_reports_up_to_date(sample_root):
    assert "up to date" in manage("reindex", "--index", sample_root, "--incremental").stdout


def test_stats_prints_counts(sample_root):
    stats = json.loads(manage("stats", "--index", sample_root).stdout)
    assert stats["articles"] > 30 and stats["districts"] > 5
