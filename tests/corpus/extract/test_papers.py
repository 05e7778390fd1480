"""Papers as data: every printed name of a newsroom maps to one source."""

from __future__ import annotations

import pytest

from corpus.extract.papers import find_source, is_paper


@pytest.mark.parametrize("printed, source", [
    ("新重庆-重庆日报", "重庆日报"), ("上游新闻·重庆晨报", "重庆晨报"), ("重庆晚报", "重庆晚报"),
    ("重庆商报", "重庆商报"), ("重庆时报", "重庆时报"), ("华龙网-新重庆客户端", "华龙网"), ("上游新闻", "上游新闻"),
    ("第1眼新闻", "第1眼"), ("新渝报", "新渝报"), ("江津日报", "江津日报"), ("璧山区融媒体中心", "璧山区融媒体中心"),
    ("人民日报", "人民日报"), ("新华社", "新华社"), ("经济日报", "经济日报"), ("文汇网", "文汇报"), ("中新社", "中国新闻社"),
])
def test_printed_names_map_to_their_source(printed, source):
    assert find_source(printed) == source


def test_papers_can_own_a_page_but_agencies_and_apps_cannot():
    assert is_paper("重庆日报") and is_paper("人民日报")
    assert not is_paper("新华社") and not is_paper("华龙网") and not is_paper(None)


def test_an_unknown_newsroom_is_no_source():
    assert find_source("某某编辑部") is None
