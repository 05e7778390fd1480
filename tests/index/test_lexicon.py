"""The entity lexicon: what the builder counts, what it keeps, and the JSON it stores."""

from __future__ import annotations

import json

import pytest

from corpus.extract.gazetteer import DISTRICTS
from corpus.model import Article, Reporter
from index.lexicon import TAG_CHARS, Entity, Lexicon, LexiconBuilder, tagged_names


def article(n: int, title: str = "", body: str = "", reporters=(), districts=(), source=None) -> Article:
    return Article(
        id=f"a{n}",
        title=title,
        body=body,
        reporters=[Reporter(r) for r in reporters],
        districts=list(districts),
        source=source,
    )


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    """A handful of articles, tagged with jieba (the slow path, once per module)."""
    articles = [
        article(1, "重庆大学举办能源论坛", "本报讯（记者 佘振芳）江津区……", ["佘振芳", "余杰"], ["江津区"], "重庆日报"),
        article(2, "重庆大学新校区开工", "记者 佘振芳 佘振芳 报道", ["佘振芳", "佘振芳"], ["江津区", "大足"], "重庆日报"),
        article(3, "成都来客", "游客从成都来到綦江。", ["夏元"], ["綦江区"], "新渝报"),
    ]
    return LexiconBuilder().add_all(articles).build()


def test_reporters_are_counted_once_per_article(lexicon):
    assert lexicon.get("reporter", "佘振芳").count == 2
    assert lexicon.get("reporter", "余杰").count == 1


def test_every_gazetteer_district_is_present_with_short_name_and_aliases(lexicon):
    districts = {e.name: e for e in lexicon.of_type("district")}
    assert set(districts) == {d.name for d in DISTRICTS}
    assert districts["大足区"].aliases == ("大足", "大足县")
    assert districts["石柱土家族自治县"].aliases == ("石柱", "石柱县")
    assert "忠县" not in districts["忠县"].aliases  # the short name equals the name: not repeated


def test_district_counts_follow_article_tags_including_aliases(lexicon):
    assert lexicon.get("district", "江津区").count == 2
    assert lexicon.get("district", "大足区").count == 1  # tagged "大足"
    assert lexicon.get("district", "万州区").count == 0


def test_sources_are_counted(lexicon):
    assert [(e.name, e.count) for e in lexicon.of_type("source")] == [("重庆日报", 2), ("新渝报", 1)]


def test_names_tagged_in_two_articles_are_kept_and_one_offs_dropped(lexicon):
    assert lexicon.get("org", "重庆大学").count == 2
    assert ("place", "成都") in tagged_names(article(3, "成都来客", "游客从成都来到綦江。"))
    assert lexicon.get("place", "成都") is None  # two mentions, but one article


def test_only_the_title_and_opening_of_the_body_are_tagged():
    late = article(1, "", "开头" * TAG_CHARS + "重庆大学")
    assert ("org", "重庆大学") not in tagged_names(late)


def test_text_names_already_known_as_reporters_or_districts_are_not_repeated(lexicon):
    names = [(e.type, e.name) for e in lexicon]
    assert ("person", "佘振芳") not in names
    assert ("place", "江津区") not in names and ("place", "江津") not in names


def test_text_names_are_capped():
    articles = [article(i, "重庆大学与四川大学合作", "") for i in range(2)]
    lexicon = LexiconBuilder(max_text_names=1).add_all(articles).build()
    assert len([e for e in lexicon if e.type in ("org", "place", "person")]) == 1


def test_builder_without_tagging_still_counts_metadata():
    lexicon = LexiconBuilder(tag_text=False).add_all([article(1, "重庆大学", "", ["夏元"])]).build()
    assert lexicon.get("reporter", "夏元").count == 1
    assert lexicon.get("org", "重庆大学") is None


def test_save_and_load_round_trip_keeps_every_entity(lexicon, tmp_path):
    path = tmp_path / "lexicon.json"
    lexicon.save(path)
    assert Lexicon.load(path) == lexicon
    assert isinstance(Lexicon.load(path).get("district", "大足区").aliases, tuple)


def test_saved_file_is_readable_utf8_json(lexicon, tmp_path):
    path = tmp_path / "lexicon.json"
    lexicon.save(path)
    text = path.read_text(encoding="utf-8")
    assert "佘振芳" in text  # not \\u escapes
    assert json.loads(text)["format"] == "yuwen-lexicon"
    assert [p.name for p in tmp_path.iterdir()] == ["lexicon.json"]  # no temporary left behind


def test_loading_another_json_file_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"entities": []}', encoding="utf-8")
    with pytest.raises(ValueError):
        Lexicon.load(path)


def test_words_for_jieba_hold_names_and_aliases_but_not_guessed_persons():
    lexicon = Lexicon(
        [
            Entity("district", "大足区", ("大足", "大足县"), 1),
            Entity("reporter", "佘振芳", (), 2),
            Entity("source", "重庆日报", (), 2),
            Entity("org", "重庆大学", (), 2),
            Entity("person", "张三", (), 2),
            Entity("place", "成都", (), 2),
        ]
    )
    assert lexicon.words() == sorted(["大足区", "大足", "大足县", "佘振芳", "重庆日报", "重庆大学"])
