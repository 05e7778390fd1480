"""More-like-this: related articles for an article page."""

from search.engine.budget import Deadline
from search.engine.related import key_words


def related(engine, article_id: str, limit: int = 5) -> list[dict]:
    return engine.related(engine.record(article_id), limit, Deadline(2.0))


def test_key_words_put_the_title_words_first(tiny):
    words = [w for w, _ in key_words(tiny, tiny.record("night-economy"))]
    assert {"滨江", "新城"} <= set(words[:3])


def test_related_never_includes_the_article_itself(tiny):
    for article_id in ("bonded-zone", "night-economy", "hotpot-title", "traditional"):
        assert article_id not in [r["id"] for r in related(tiny, article_id)]


def test_a_word_no_other_article_has_is_matched_by_its_bigrams(tiny):
    # 吃火锅 occurs only in hotpot-body; its bigram 火锅 leads to the hotpot festival.
    assert related(tiny, "hotpot-body")[0]["id"] == "hotpot-title"


def test_related_respects_the_limit(tiny):
    assert len(related(tiny, "hotpot-title", limit=2)) == 2


def test_articles_removed_by_an_incremental_reindex_are_never_related(tmp_path):
    import json

    from index.build import reindex
    from search.engine.handle import IndexHandle

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "江津区滨江新城夜经济火锅节开幕，市民游客夜游长江。"
    for name, ident in (("kept.jsonl", "kept"), ("twin.jsonl", "twin"), ("gone.jsonl", "gone")):
        record = {"id": ident, "title": f"江津夜经济火锅节（{ident}）", "body": text * 3, "date": "2025-09-01",
                  "districts": ["江津区"]}
        (corpus / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    root = tmp_path / "index"
    reindex([corpus], root)
    index = IndexHandle(root).current()
    assert {r["id"] for r in related(index, "kept")} == {"twin", "gone"}

    (corpus / "gone.jsonl").unlink()
    reindex([corpus], root, incremental=True)
    index = IndexHandle(root).current()
    assert [r["id"] for r in related(index, "kept")] == ["twin"]
