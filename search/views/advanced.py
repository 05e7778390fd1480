"""The advanced search form → an ordinary query: the form only writes what could be typed in the box.

All words, the exact phrase, any of the words and none of the words become
the query syntax (`江津 夜经济 "不夜地标" 火锅 OR 小面 -广告`), optionally
limited to headlines (`title:`); paper, district, reporter, kind, dates and
order become the usual filter parameters, so the result is a bookmarkable
/search URL like any other.
"""

from __future__ import annotations

import re

from search.request import FILTERS, SORTS

FORM_FIELDS = ("all", "exact", "any", "none", "where", "source", "district", "reporter", "kind", "from", "to",
               "sort")
WHERE = ("anywhere", "title")
_SPLIT = re.compile(r"[\s,，、;；]+")
_QUOTES = re.compile("[\"“”「」『』]")
_OPERATORS = {"OR", "AND", "NOT", "|", "+", "-"}


def words(text: str) -> list[str]:
    """The words typed in one box, without quotes, operators or leading minus signs.

    >>> words('江津，夜经济  "火锅" OR -小面')
    ['江津', '夜经济', '火锅', '小面']
    """
    out = []
    for w in _SPLIT.split(_QUOTES.sub(" ", text or "")):
        w = w.lstrip("-+")
        if w and w.upper() not in _OPERATORS:
            out.append(w)
    return out


def compose_query(all_words: str = "", exact: str = "", any_words: str = "", none: str = "",
                  where: str = "anywhere") -> str:
    """The query the four boxes mean, in the search box's own syntax.

    >>> compose_query("江津 夜经济", "不夜地标", "火锅 小面", "广告")
    '江津 夜经济 "不夜地标" 火锅 OR 小面 -广告'
    >>> compose_query("夜经济", any_words="江津 永川", where="title")
    'title:夜经济 title:江津 OR title:永川'
    """
    field = "title:" if where == "title" else ""
    parts = [field + w for w in words(all_words)]
    phrase = " ".join(_QUOTES.sub(" ", exact or "").split())
    if phrase:
        parts.append(f'{field}"{phrase}"')
    alternatives = [field + w for w in words(any_words)]
    if alternatives:
        parts.append(" OR ".join(alternatives))
    parts += ["-" + w for w in words(none)]
    return " ".join(parts)


def advanced_params(args) -> list[tuple[str, str]] | None:
    """The /search parameters the submitted form means, or None when nothing was filled in."""
    get = args.get
    q = compose_query(get("all", ""), get("exact", ""), get("any", ""), get("none", ""), get("where", "anywhere"))
    params = [("q", q)] if q else []
    for name in FILTERS:
        params += [(name, v.strip()) for v in getattr(args, "getlist", lambda k: [get(k)])(name) if v and v.strip()]
    params += [(k, get(k).strip()) for k in ("from", "to") if (get(k) or "").strip()]
    if get("sort") in SORTS and get("sort") != "relevance":
        params.append(("sort", get("sort")))
    return params or None
