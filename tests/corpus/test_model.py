"""The Article record round-trips every field and reads the shape earlier versions stored."""

from __future__ import annotations

import json

from corpus.model import Article, Origin, Reporter


def test_every_field_round_trips_through_a_dict_and_json():
    article = Article(id="重庆日报-20250924-3-05", title="标题", body="正文", subtitle="副题", kicker="引题",
                      date="2025-09-23", date_source="dateline", reporters=[Reporter("佘振芳", "记者")],
                      districts=["江津区"], source="重庆日报", kind="article", continuation=True,
                      url="https://example.org/a/1", page="A03", section="要闻", order=5,
                      extra={"article_no": 5, "tags": ["a"]}, aliases=["0123456789abcdef"],
                      origin=Origin("重庆日报/2025-09-24/3.txt", 10, 90))
    data = json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    assert Article.from_dict(data) == article


def test_the_older_shape_with_origin_page_is_read():
    old = {"id": "abc", "title": "t", "body": "b", "reporters": [{"name": "夏元", "role": "记者"}],
           "origin": {"path": "p.txt", "page": 3, "start": 0, "end": 5}}
    article = Article.from_dict(old)
    assert article.page == "3" and article.origin == Origin("p.txt", 0, 5)
    assert (article.url, article.section, article.order, article.extra, article.aliases) == (None, None, None, {}, [])
