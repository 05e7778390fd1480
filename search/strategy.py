"""Which query to run: as typed, corrected (pinyin, a misspelt name), or relaxed when it finds too little.

1. The query as typed. If the entity lexicon corrects it (`jiangjin` → 江津区,
   余振芳 → 佘振芳) and the typed query finds nothing, or far fewer than the
   corrected one, the corrected query runs instead and the page says so;
   otherwise a correction that finds more is offered once, as "did you mean".
2. If all required words together find fewer than RELAX_BELOW articles,
   relax step by step: every word but the least informative (the most
   frequent), then any word — the relaxed words rank by how many of them
   match, so articles with all the words still come first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from search.engine.base import Engine, Retrieval, Retrieved
from search.engine.budget import Deadline
from search.query import MUST, SHOULD, ParsedQuery, parse_query

RELAX_BELOW = 10  # fewer matches than a page: relax
FAR_FEWER = 10  # the typed query finds fewer than a tenth of the corrected one: show the corrected one
CORRECT_BELOW = RELAX_BELOW  # a query finding this many or more is taken as meant (unless it has Latin letters: pinyin)


@dataclass
class Attempt:
    """The query that ran, what it found, and how it came to be that query."""

    text: str  # the query text that ran (typed or corrected)
    parsed: ParsedQuery  # as it ran (relaxed words have the role `should`)
    got: Retrieved
    corrected: dict | None = None  # {"from": typed, "to": corrected, "total_as_typed": n}
    suggestion: str | None = None  # a correction offered, not run
    relaxed: dict | None = None  # {"required": [...], "dropped": [...], "all_words_total": n}


def answer(engine: Engine, q: str, base: Retrieval, deadline: Deadline, literal: bool = False) -> Attempt:
    """Run `q` (with the retrieval's filters, order and page), correcting and relaxing as needed."""
    attempt = _run(engine, q, base, deadline)
    fixed = engine.entities.correct(q) if _worth_correcting(q, attempt, literal) else None
    if fixed and fixed != q:
        other = _run(engine, fixed, base, deadline)
        typed = attempt.got.total
        if other.got.total and (typed == 0 or typed * FAR_FEWER < other.got.total):
            other.corrected = {"from": q, "to": fixed, "total_as_typed": typed}
            attempt = other
        elif other.got.total > typed:
            attempt.suggestion = fixed
    if attempt.got.total < RELAX_BELOW:
        attempt = _relaxed(engine, attempt, base, deadline)
    return attempt


def _worth_correcting(q: str, attempt: Attempt, literal: bool) -> bool:
    """Whether to look for a correction (fuzzy matching costs milliseconds): few results, or pinyin."""
    if literal or not q.strip():
        return False
    return attempt.got.total < CORRECT_BELOW or any("a" <= c.lower() <= "z" for c in q)


def _run(engine: Engine, q: str, base: Retrieval, deadline: Deadline) -> Attempt:
    parsed = parse_query(q)
    return Attempt(q, parsed, engine.retrieve(_with(base, parsed), deadline))


def _with(base: Retrieval, parsed: ParsedQuery) -> Retrieval:
    return replace(base, query=parsed if parsed.positive else None)


def _relaxed(engine: Engine, attempt: Attempt, base: Retrieval, deadline: Deadline) -> Attempt:
    """The first relaxation step that finds enough (or the last one), or the attempt unchanged."""
    parsed = attempt.parsed
    required = [i for i, c in enumerate(parsed.clauses) if c.role == MUST]
    if len(required) < 2:
        return attempt
    frequency = {i: max(engine.document_frequency(t.text) for t in parsed.clauses[i].terms) for i in required}
    least = max(required, key=lambda i: (frequency[i], i))
    best = attempt
    for dropped in ([least], required):
        if deadline.expired():
            break
        relaxed = parsed.with_roles({i: SHOULD for i in dropped})
        got = engine.retrieve(_with(base, relaxed), deadline)
        if got.total > best.got.total:
            kept = [parsed.clauses[i].text for i in required if i not in dropped]
            best = replace(attempt, parsed=relaxed, got=got, relaxed={
                "required": kept, "dropped": [parsed.clauses[i].text for i in dropped],
                "all_words_total": attempt.got.total})
        if best.got.total >= RELAX_BELOW:
            break
    return best
