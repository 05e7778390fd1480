"""Query parsing, filtering, ranking, facets, highlighting and fuzzy entity matching."""
