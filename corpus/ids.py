"""Stable article ids: hash of file identity and content, duplicates told apart by order."""

from __future__ import annotations

from collections import Counter

from corpus.model import Article, article_id


def content_key(article: Article) -> str:
    """The text an id is derived from: headline and body, which survive re-segmentation."""
    return f"{article.title}\n{article.body}"


def assign_ids(articles: list[Article], source_key: str) -> None:
    """Give every article without an id one derived from `source_key` and its content.

    Two items with the same text in one file (a repeated caption, a brief
    printed twice) get `#2`, `#3` … in page order, so ids stay distinct and
    still don't depend on anything but the file's own content.
    """
    seen: Counter[str] = Counter()
    taken = {a.id for a in articles if a.id}
    for article in articles:
        if article.id:
            continue
        key = content_key(article)
        seen[key] += 1
        candidate = article_id(source_key, key if seen[key] == 1 else f"{key}#{seen[key]}")
        while candidate in taken:  # an explicit id in a JSONL file may already hold it
            seen[key] += 1
            candidate = article_id(source_key, f"{key}#{seen[key]}")
        taken.add(candidate)
        article.id = candidate
