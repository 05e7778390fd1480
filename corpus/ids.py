"""Permalink ids: from the source and the article's place in it, never from its text or a counter.

    a record with its own `id`         → that id (a string, stripped)
    a record without                   → `<file stem>-L<line number>`
    a page whose issue is known        → `<paper>-<YYYYMMDD>-<page>-<order:02d>`  (重庆日报-20250924-3-05)
    a page without issue metadata      → `<file stem>-<order:02d>`                 (000_ccd9cb33b59a5db2-05)

A correction of the text keeps the id; two items that come out alike inside
one file get `~2`, `~3`. Each article also carries, in `aliases`, the id the
content-hash scheme of earlier versions gave it, so old permalinks can be
redirected.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from corpus.files.meta import IssueMeta
from corpus.model import Article, article_id


def file_stem(source_key: str) -> str:
    """The source key without its suffix: `000_ccd9.txt` → `000_ccd9`, `a/3.txt` → `a/3`.

    The folder stays so that two `3.txt` in different folders of a corpus get different ids.
    """
    path = PurePosixPath(source_key)
    return str(path.with_suffix("")) if path.suffix else str(path)


def page_id_prefix(source_key: str, meta: IssueMeta | None) -> str:
    """`重庆日报-20250924-3` when paper, date and page are known, else the file stem."""
    if meta and meta.source and meta.issue_date and meta.page:
        return f"{meta.source}-{meta.issue_date:%Y%m%d}-{meta.page}"
    return file_stem(source_key)


def assign_page_ids(articles: list[Article], source_key: str, meta: IssueMeta | None,
                    legacy_keys: list[str] | None = None) -> None:
    """Ids of a page's items from the page and their reading order (`order` must be set).

    `legacy_keys` are the texts earlier versions hashed (headline and body
    without dateline or credits); by default each article's title and body.
    """
    prefix = page_id_prefix(source_key, meta)
    for article in articles:
        article.id = f"{prefix}-{article.order:02d}"
    keys = legacy_keys if legacy_keys is not None else [content_key(a) for a in articles]
    _finish(articles, legacy_ids(keys, [None] * len(articles), source_key))


def record_id(given: object, source_key: str, line_no: int) -> str:
    """A record's own id (stripped), else `<file stem>-L<line number>`."""
    return given_id(given) or f"{file_stem(source_key)}-L{line_no}"


def given_id(value: object) -> str | None:
    """A record's own `id` field as a string, or None when it has none."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value).strip() or None


def assign_record_ids(articles: list[Article], given: list[str | None], source_key: str) -> None:
    """Records carry their id already (see `record_id`); tell collisions apart and add aliases."""
    _finish(articles, legacy_ids([content_key(a) for a in articles], given, source_key))


def _finish(articles: list[Article], legacy: list[str]) -> None:
    """`~2`, `~3` for ids taken earlier in the file, then the legacy alias where it differs."""
    seen: Counter[str] = Counter()
    taken: set[str] = set()
    for article, old in zip(articles, legacy):
        base = article.id
        seen[base] += 1
        candidate = base if seen[base] == 1 else f"{base}~{seen[base]}"
        while candidate in taken:
            seen[base] += 1
            candidate = f"{base}~{seen[base]}"
        article.id = candidate
        taken.add(candidate)
        if old != candidate and old not in article.aliases:
            article.aliases.append(old)


def content_key(article: Article) -> str:
    """The text the legacy ids were derived from: headline and body."""
    return f"{article.title}\n{article.body}"


def legacy_ids(keys: list[str], given: list[str | None], source_key: str) -> list[str]:
    """The ids earlier versions gave: a record's own id, else a hash of the text with `#n` for repeats."""
    seen: Counter[str] = Counter()
    taken = {g for g in given if g}
    result = []
    for key, own in zip(keys, given):
        if own:
            result.append(own)
            continue
        seen[key] += 1
        candidate = article_id(source_key, key if seen[key] == 1 else f"{key}#{seen[key]}")
        while candidate in taken:  # an explicit id in the same file may already hold it
            seen[key] += 1
            candidate = article_id(source_key, f"{key}#{seen[key]}")
        taken.add(candidate)
        result.append(candidate)
    return result
