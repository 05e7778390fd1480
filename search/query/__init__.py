"""Query text → the parsed query the engine evaluates (never fails; malformed syntax is read as words)."""

from search.query.model import MUST, NOT, SCORE, SHOULD, Clause, ParsedQuery, Term, describe, explain
from search.query.parse import MAX_CLAUSES, parse_query
from search.query.syntax import FIELDS, MAX_QUERY_CHARS

__all__ = ["FIELDS", "MAX_CLAUSES", "MAX_QUERY_CHARS", "MUST", "NOT", "SCORE", "SHOULD", "Clause", "ParsedQuery",
           "Term", "describe", "explain", "parse_query"]
