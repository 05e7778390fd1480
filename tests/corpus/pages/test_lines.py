"""Undoing column wraps and measuring lines."""

from __future__ import annotations

from corpus.pages.lines import display_width, is_terminal, join_lines, join_pair, page_lines


def test_chinese_wraps_join_without_spaces():
    assert join_lines(["制造业是国民经济的重要支柱。自2023", "年6月5日，重庆召开"]) == "制造业是国民经济的重要支柱。自2023年6月5日，重庆召开"


def test_latin_words_split_by_a_wrap_keep_their_space():
    assert join_pair("贝宁共和国企业T&T Real Estate", "Developers Ltd相关负责人") == \
        "贝宁共和国企业T&T Real Estate Developers Ltd相关负责人"


def test_latin_followed_by_chinese_or_digits_joins_directly():
    assert join_pair("制造业增加值占", "GDP比重") == "制造业增加值占GDP比重"
    assert join_pair("引入境外资金投资QFII", "（合格境外机构投资者）") == "引入境外资金投资QFII（合格境外机构投资者）"


def test_spaces_inside_a_line_are_kept_as_printed():
    assert join_lines(["9 月 23 日，市政府新闻办举行"]) == "9 月 23 日，市政府新闻办举行"


def test_page_lines_are_stripped_and_know_their_offsets_and_gaps():
    text = " 标题\n\n\n正文第一行\n"
    lines = page_lines(text)
    assert [line.text for line in lines] == ["标题", "正文第一行"]
    assert [line.gap_before for line in lines] == [0, 2]
    assert text[lines[1].start:lines[1].end] == "正文第一行"


def test_display_width_counts_digits_as_half():
    assert display_width("2025川渝") == 4
    assert display_width("代表进校园") == 5


def test_terminal_marks_include_closing_quotes():
    assert is_terminal("成为我市高质量发展“金名片”。")
    assert is_terminal("“零的突破”。")
    assert is_terminal("…………")
    assert not is_terminal("活动评选出“2025川渝不夜地标”")
    assert not is_terminal("国有企业能源矿业领域协同发展推")
