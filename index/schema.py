"""The Whoosh schema: word and bigram fields for text, keyword fields for facets."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from index.analysis import BigramAnalyzer, WordAnalyzer

# Bumped whenever what a generation holds changes; older generations must be rebuilt.
INDEX_VERSION = 11
TITLE_BOOST = 3.0
LEAD_BOOST = 1.5  # the opening says what a news story is about: between title and body
# Bigram fields exist for recall; a word match should outrank a bigram-only one.
BIGRAM_BOOST = 0.5

TEXT_FIELDS = ("title", "body")
WORD_FIELDS = ("title", "lead", "body")  # scored by jieba words
FACET_FIELDS = ("reporter", "district", "source", "kind")


def build_schema() -> Schema:
    """Fields as DESIGN.md's Article record, the body's opening (`lead`), and `file` for incremental updates."""
    return Schema(
        id=ID(stored=True, unique=True),
        alias=KEYWORD(commas=True, scorable=False),  # earlier ids of the article: old permalinks still work
        file=ID,
        title=TEXT(analyzer=WordAnalyzer(), phrase=False, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=WordAnalyzer(), phrase=False),
        lead=TEXT(analyzer=WordAnalyzer(), phrase=False, field_boost=LEAD_BOOST),
        title_bi=TEXT(analyzer=BigramAnalyzer(), phrase=True, field_boost=TITLE_BOOST * BIGRAM_BOOST),
        body_bi=TEXT(analyzer=BigramAnalyzer(), phrase=True, field_boost=BIGRAM_BOOST),
        reporter=KEYWORD(commas=True, scorable=False),
        district=KEYWORD(commas=True, scorable=False),
        source=ID,
        kind=ID,
        data=STORED,  # the Article record as JSON
    )
