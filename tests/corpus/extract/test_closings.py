"""Credits that close a paragraph or sit inside it; the text stays, the credit is read."""

from __future__ import annotations

from corpus.extract.closings import inline_credits, trailing_credit


def test_a_trailing_reporter_credit_is_found_where_it_starts():
    start, credit = trailing_credit("●12月24日，市公安局举行仪式。（记者 周松）")
    assert start == len("●12月24日，市公安局举行仪式。")
    assert [r.name for r in credit.reporters] == ["周松"]


def test_a_trailing_source_credit():
    _, credit = trailing_credit("让更多“重庆制造”升级为“重庆创造”。 据新重庆客户端")
    assert credit.source == "新重庆客户端" and credit.reporters == []


def test_glued_names_and_signed_letters_at_the_end():
    assert [r.name for r in trailing_credit("成效。（孟西安王鸣媛）")[1].reporters] == ["孟西安", "王鸣媛"]
    assert [r.name for r in trailing_credit("防止其愈演愈烈。（四川省达川市委安全东）")[1].reporters] == ["安全东"]


def test_a_closing_dateline_names_no_one():
    assert trailing_credit("（本报开罗电）")[1].reporters == []


def test_ordinary_brackets_at_the_end_are_left_alone():
    assert trailing_credit("黔江区金洞乡鱼泉村的鲟鱼养殖基地和民居（无人机照片）。") is None
    assert trailing_credit("问题。（广州）") is None


def test_photo_credits_inside_the_text():
    credits = inline_credits("取血样。（新华社记者兰红光摄）其他。（照片：秦陶摄）")
    assert [[r.name for r in c.reporters] for c in credits] == [["兰红光"], ["秦陶"]]
    assert all(c.photo for c in credits)


def test_a_paragraph_of_unclosed_brackets_is_cheap():
    assert trailing_credit("（" * 300_000) is None


def test_a_pen_name_signs_a_bracket_after_the_last_sentence():
    assert [r.name for r in trailing_credit("杂志社承办。（丽文）")[1].reporters] == ["丽文"]
    assert [r.name for r in trailing_credit("（晓王）")[1].reporters] == ["晓王"]


def test_editors_labels_and_places_in_closing_brackets_name_no_one():
    assert trailing_credit("诗人写道。（节选）") is None
    assert trailing_credit("当地牧民说。（昌都）") is None
    assert trailing_credit("规定了十项措施（试行）") is None


def test_agency_photo_credits_close_a_caption():
    for text in ("图为从空中看到的火灾现场。（新华社发美联社照片）", "（照片均为新华社发）", "（传真照片）", "（新华社发）"):
        assert trailing_credit(text)[1].photo
    assert trailing_credit("黔江区金洞乡鱼泉村的鲟鱼养殖基地和民居（无人机照片）。") is None
