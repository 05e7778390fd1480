"""Query text → the parsed query the engine evaluates (never fails; malformed syntax is read as words)."""

from search.query.syntax import (FIELDS, MAX_CLAUSES, MAX_QUERY_CHARS, Clause, ParsedQuery, Term, describe,
                                 parse_query)

__all__ = ["FIELDS", "MAX_CLAUSES", "MAX_QUERY_CHARS", "Clause", "ParsedQuery", "Term", "describe", "parse_query"]
