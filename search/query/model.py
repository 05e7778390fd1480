"""The parsed query: clauses of alternative terms, each with a role, and the strings to find together."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# What a clause does to the result set.
MUST = "must"  # every match contains it
SHOULD = "should"  # a relaxed word: when no clause is a must, a match contains at least one should
SCORE = "score"  # a function word or stray character: never decides a match, only ranks
NOT = "not"  # no match contains it
ROLE_NAMES = {MUST: "required", SHOULD: "relaxed", SCORE: "optional", NOT: "excluded"}


@dataclass
class Term:
    """One searchable unit: a word (found verbatim), a quoted phrase, or a field value."""

    text: str
    field: str | None = None  # None: title and body; title; reporter, district, source (keywords)
    phrase: bool = False  # typed in quotes: one exact string
    # Longer words that mean it, whose occurrences count as its own in scoring: a place's full name
    # (浦东新区 for 浦东), which jieba keeps as one word where an article prints it.
    also: tuple[str, ...] = ()


@dataclass
class Clause:
    """Alternatives joined by OR, and what the clause does."""

    terms: list[Term]
    role: str = MUST

    @property
    def negated(self) -> bool:
        """Whether the clause excludes."""
        return self.role == NOT

    @property
    def text(self) -> str:
        """The clause as typed text (`a OR b`)."""
        return " OR ".join(_term_text(t) for t in self.terms)


@dataclass
class ParsedQuery:
    """Clauses, strings whose words should stand together, and notes on anything the parser changed."""

    clauses: list[Clause] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # strings typed as one (unspaced): found verbatim, rank first
    together: list[str] = field(default_factory=list)  # words typed apart, or neighbours: found together, rank higher
    notes: list[str] = field(default_factory=list)
    recent: bool = False  # the query asked for recent news (今年, 最近 …): newer articles rank higher

    @property
    def positive(self) -> list[Clause]:
        """Clauses that match or score."""
        return [c for c in self.clauses if c.role != NOT]

    @property
    def negative(self) -> list[Clause]:
        """Clauses a document must not match."""
        return [c for c in self.clauses if c.role == NOT]

    def of_role(self, role: str) -> list[Clause]:
        """Clauses with this role."""
        return [c for c in self.clauses if c.role == role]

    def terms(self) -> list[Term]:
        """Every term that matches or scores, for highlighting."""
        return [t for c in self.positive for t in c.terms]

    def with_roles(self, roles: dict[int, str]) -> "ParsedQuery":
        """A copy with the clauses at the given indexes given new roles (for relaxing)."""
        clauses = [replace(c, role=roles.get(i, c.role)) for i, c in enumerate(self.clauses)]
        return replace(self, clauses=clauses, notes=list(self.notes))


def _term_text(t: Term) -> str:
    s = f'"{t.text}"' if t.phrase else t.text
    return f"{t.field}:{s}" if t.field else s


def describe(query: ParsedQuery) -> str:
    """Canonical text of a parsed query's matching clauses (for 'showing results for' and corrections)."""
    parts = []
    for clause in query.clauses:
        if clause.role in (MUST, SHOULD):
            parts.append(clause.text)
        elif clause.role == NOT:
            parts.append("-" + clause.text)
    return " ".join(parts)


def explain(query: ParsedQuery) -> dict:
    """What the query required, what was optional, relaxed and excluded (for the response's `parsed`)."""
    out: dict = {"text": describe(query)}
    for role, name in ROLE_NAMES.items():
        out[name] = [c.text for c in query.of_role(role)]
    out["typed"] = list(query.typed)
    out["together"] = list(query.together)
    return out
