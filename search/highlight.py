"""Snippets with <mark>: find the query's strings in the original text, escape everything else.

Matching runs over a character-by-character folded copy of the text (full
width, case, traditional characters) so offsets map straight back to the
original, and what is marked is exactly what the reader typed.
"""

from __future__ import annotations

import re
from html import escape

from index.analysis import CJK
from index.normalize import fold, normalize
from search.query import MUST, SHOULD

_PIECE = re.compile(rf"[{CJK}]+|[a-z0-9]+(?:[.\-_+%][a-z0-9%]+)*%?")


def needles(texts: list[str]) -> list[str]:
    """Normalised strings to look for: each Chinese or Latin run of each term, longest first."""
    found = {p for t in texts for p in _PIECE.findall(normalize(t)) if len(p) > 1 or not p.isascii()}
    return sorted(found, key=len, reverse=True)


def query_needles(parsed) -> list[str]:
    """What to mark for a parsed query: the words that must or may match, and the strings typed together."""
    texts = [t.text for c in parsed.clauses if c.role in (MUST, SHOULD) for t in c.terms if t.field in (None, "title")]
    return needles(texts + list(parsed.typed) + list(parsed.together))


def spans(text: str, wanted: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) offsets of the wanted strings in `text`."""
    folded = fold(text)
    taken: list[tuple[int, int]] = []
    for needle in wanted:
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
            start = folded.find(needle, end)
    return sorted(taken)


def mark(text: str, marks: list[tuple[int, int]]) -> str:
    """HTML-escape `text`, wrapping the given spans in <mark>."""
    out, pos = [], 0
    for start, end in marks:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def snippet(text: str, wanted: list[str], width: int = 120) -> str:
    """The window of `text` with the most distinct matches, escaped and marked."""
    text = text.replace("\n", " ")
    found = spans(text, wanted) if wanted else []
    if not found:
        return escape(text[:width]) + ("…" if len(text) > width else "")
    best, best_score = 0, -1
    for start, _ in found:
        lo = max(0, start - width // 4)
        window = [(s, e) for s, e in found if lo <= s and e <= lo + width]
        score = len({text[s:e] for s, e in window}) * 10 + len(window)
        if score > best_score:
            best, best_score = lo, score
    window = [(s - best, e - best) for s, e in found if best <= s and e <= best + width]
    body = mark(text[best : best + width], window)
    return ("…" if best > 0 else "") + body + ("…" if best + width < len(text) else "")


def highlight(text: str, wanted: list[str]) -> str:
    """All of `text`, escaped, with every match marked (for titles and article pages)."""
    return mark(text, spans(text, wanted) if wanted else [])
