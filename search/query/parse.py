"""Query text → ParsedQuery: items (syntax.py) → clauses with roles (words.py), strings to find together."""

from __future__ import annotations

from index.normalize import normalize
from search.query.model import MUST, NOT, SCORE, Clause, ParsedQuery, Term
from search.query.syntax import MAX_QUERY_CHARS, Item, split_items
from search.query.words import Word, item_words, short_place

MAX_CLAUSES = 32
MAX_TOGETHER = 8  # typed strings checked for the together-and-in-order bonus


def parse_query(text: str) -> ParsedQuery:
    """Parse what a user typed; never raises.

    >>> q = parse_query('长江十年禁渔效果怎么样 -火锅')
    >>> [(c.text, c.role) for c in q.clauses]
    [('长江', 'must'), ('十年', 'must'), ('禁渔', 'must'), ('效果', 'must'), ('怎么样', 'score'), ('火锅', 'not')]
    >>> q.typed, q.together[:2]
    (['长江十年禁渔效果怎么样'], ['长江十年', '十年禁渔'])
    """
    query = ParsedQuery()
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notes.append(f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符")
    plain: list[str] = []  # consecutive unquoted words typed apart (`江津 夜经济`): found together, rank higher
    for group in split_items(text):
        if len(group) == 1 and _plain(group[0]):
            plain.append(_add_words(query, normalize(group[0].text)))
            continue
        _end_run(query, plain)
        role = NOT if group[0].negated else MUST
        query.clauses.append(Clause([Term(i.text, i.field, phrase=i.quoted) for i in group], role))
    _end_run(query, plain)
    _settle(query)
    return query


def _plain(item: Item) -> bool:
    return not (item.quoted or item.field or item.negated)


def _add_words(query: ParsedQuery, norm: str) -> str:
    """Clauses for the words of one unquoted item; returns the item's text.

    An item without a single content word (`是对水`, `怎么样`) is one string: its pieces alone mean nothing.
    """
    words = item_words(norm)
    if words and all(w.kind != "content" for w in words):
        query.clauses.append(Clause([Term(norm.strip())], MUST))
        return norm.strip()
    for w in words:
        query.recent |= w.kind == "recent"
        short = short_place(w.text) if w.kind == "content" else None
        term = Term(short, also=(w.text,)) if short else Term(w.text)
        query.clauses.append(Clause([term], MUST if w.kind == "content" else SCORE))
        if short:  # articles name a place in full once, then short: the short name is required,
            query.together.append(w.text)  # the full name ranks higher
    matching = [w for w in words if w.kind in ("content", "stray")]
    if len(matching) >= 2:
        query.typed.append(norm.strip())
    if len(matching) >= 3:
        query.together += _pairs(norm, matching)
    return norm.strip()


def _pairs(norm: str, words: list[Word]) -> list[str]:
    """Each two neighbouring words as typed, with whatever stands between them."""
    return [norm[a.start:b.end] for a, b in zip(words, words[1:])]


def _end_run(query: ParsedQuery, plain: list[str]) -> None:
    if len(plain) >= 2:
        query.together.insert(0, "".join(plain))
    plain.clear()


def _settle(query: ParsedQuery) -> None:
    """Bounds, duplicates, and queries whose only words are optional or excluded."""
    seen, clauses = set(), []
    for c in query.clauses:
        key = (c.text, c.role)
        if key not in seen:
            seen.add(key)
            clauses.append(c)
    if len(clauses) > MAX_CLAUSES:
        clauses = clauses[:MAX_CLAUSES]
        query.notes.append(f"查询词过多，只使用了前 {MAX_CLAUSES} 个")
    query.clauses = clauses
    query.typed = list(dict.fromkeys(t for t in query.typed if t))[:MAX_TOGETHER]
    query.together = [t for t in dict.fromkeys(query.together) if t and t not in query.typed][:MAX_TOGETHER]
    if not query.of_role(MUST):
        # No word has to occur: the optional ones do (a query of function words or single characters).
        for c in query.of_role(SCORE):
            c.role = MUST
    if query.clauses and not query.positive:
        # Only exclusions: nothing to search for; treat them as words instead of matching everything.
        for c in query.clauses:
            c.role = MUST
        query.notes.append("只有排除词的查询按普通词搜索")
