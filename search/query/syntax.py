"""Query text → a small syntax tree. Never raises: malformed syntax degrades to plain words.

Grammar (informal): items separated by spaces, all required;
    "exact phrase"   -item   a OR b   title:x  reporter:x  district:x  source:x
Anything the grammar doesn't cover (stray quotes, parentheses, a lone `-`,
`title:` with nothing after it) is read as ordinary text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 256
MAX_CLAUSES = 32
FIELDS = ("title", "reporter", "district", "source")

_TOKEN = re.compile(r'(-?)(?:(\w+)[:：])?"([^"]*)"|(\S+)')
_OR = {"OR", "|", "||", "或"}
_NOISE = re.compile(r"""^[\s"'()（）\[\]{}【】<>《》:：\-+*~^!,，。、;；?？]+$""")


@dataclass
class Term:
    """One searchable unit: a typed word (`phrase=False`) or a quoted phrase."""

    text: str
    field: str | None = None  # None: title and body
    phrase: bool = False


@dataclass
class Clause:
    """Alternatives joined by OR; the clause matches when any of them does."""

    terms: list[Term]
    negated: bool = False


@dataclass
class ParsedQuery:
    """Required and excluded clauses, plus notes on anything the parser had to change."""

    clauses: list[Clause] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        """Clauses a document must match."""
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        """Clauses a document must not match."""
        return [c for c in self.clauses if c.negated]

    def terms(self) -> list[Term]:
        """Every positive term, for highlighting."""
        return [t for c in self.positive for t in c.terms]


def parse_query(text: str) -> ParsedQuery:
    """Parse user query text; see the module docstring for the syntax.

    >>> [(c.negated, [(t.text, t.field, t.phrase) for t in c.terms]) for c in parse_query('江津 "夜 经济" -火锅 title:重庆 OR 成都').clauses]
    [(False, [('江津', None, False)]), (False, [('夜 经济', None, True)]), (True, [('火锅', None, False)]), (False, [('重庆', 'title', False), ('成都', None, False)])]
    """
    query = ParsedQuery()
    text = (text or "").replace("\u3000", " ").replace("“", '"').replace("”", '"')
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notes.append(f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符")
    if text.count('"') % 2:
        # An unbalanced quote: read the last one as an ordinary character.
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1 :]
    pending_or = False
    for m in _TOKEN.finditer(text):
        neg, fname, quoted, bare = m.groups()
        if bare is not None and bare.upper() in _OR:
            pending_or = bool(query.clauses) and not query.clauses[-1].negated
            continue
        term, negated = _term(neg, fname, quoted, bare)
        if term is None:
            continue
        if pending_or and not negated:
            query.clauses[-1].terms.append(term)
        else:
            query.clauses.append(Clause([term], negated=negated))
        pending_or = False
    if len(query.clauses) > MAX_CLAUSES:
        query.clauses = query.clauses[:MAX_CLAUSES]
        query.notes.append(f"查询词过多，只使用了前 {MAX_CLAUSES} 个")
    if query.clauses and not query.positive:
        # Only exclusions: nothing to search for; treat them as words instead of matching everything.
        for c in query.clauses:
            c.negated = False
        query.notes.append("只有排除词的查询按普通词搜索")
    return query


def _term(neg: str, fname: str | None, quoted: str | None, bare: str | None) -> tuple[Term | None, bool]:
    """One token of the query as a Term (or None for pure punctuation) and whether it is negated."""
    if quoted is not None:
        text = quoted.strip()
        field_name = fname.lower() if fname and fname.lower() in FIELDS else None
        if fname and field_name is None:
            text = f"{fname} {text}"
        return (Term(text, field_name, phrase=True) if text else None), bool(neg) and bool(text)
    negated = False
    if bare.startswith("-") and len(bare) > 1:
        negated, bare = True, bare[1:]
    field_name = None
    m = re.match(r"^(\w+)[:：](.*)$", bare)
    if m and m.group(1).lower() in FIELDS and m.group(2).strip():
        field_name, bare = m.group(1).lower(), m.group(2)
    bare = bare.strip("()（）\"':：")
    if not bare or _NOISE.match(bare):
        return None, False
    return Term(bare, field_name), negated


def describe(query: ParsedQuery) -> str:
    """Canonical text of a parsed query (for 'showing results for' and corrections)."""
    parts = []
    for clause in query.clauses:
        alts = []
        for t in clause.terms:
            s = f'"{t.text}"' if t.phrase else t.text
            alts.append(f"{t.field}:{s}" if t.field else s)
        parts.append(("-" if clause.negated else "") + " OR ".join(alts))
    return " ".join(parts)
