"""Snippets with <mark>: find the query's strings in the original text, escape everything else.

Matching runs over a character-by-character folded copy of the text (full
width, case, traditional characters) so offsets map straight back to the
original, and what is marked is exactly what the reader typed.

The cost is linear in the text: each needle's occurrences are found with
`str.find` and stop at a cap, a byte per character records which characters
a longer needle has already claimed, and the best snippet window is found in
one sorted pass. A 199k-character OCR line holding a query's characters tens
of thousands of times costs a few milliseconds, not half a minute. With a
`Deadline` that has run out, snippets fall back to the opening text and
nothing is marked, so presentation never outlasts the search budget.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape

from index.analysis import CJK
from index.normalize import fold, normalize
from search.engine.budget import Deadline
from search.query import MUST, SHOULD

_PIECE = re.compile(rf"[{CJK}]+|[a-z0-9]+(?:[.\-_+%][a-z0-9%]+)*%?")
MAX_MARKS = 1000  # matches considered per text: plenty for a snippet, and for marking a page
MAX_MARKS_PER_NEEDLE = 200  # so that one common character can't crowd out the query's other words
TAKEN = 1


def needles(texts: list[str]) -> list[str]:
    """Normalised strings to look for: each Chinese or Latin run of each term, longest first."""
    found = {p for t in texts for p in _PIECE.findall(normalize(t)) if len(p) > 1 or not p.isascii()}
    return sorted(found, key=len, reverse=True)


def query_needles(parsed) -> list[str]:
    """What to mark for a parsed query: the words that must or may match, and the strings typed together."""
    texts = [t.text for c in parsed.clauses if c.role in (MUST, SHOULD) for t in c.terms if t.field in (None, "title")]
    return needles(texts + list(parsed.typed) + list(parsed.together))


def spans(text: str, wanted: list[str], limit: int = MAX_MARKS) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) offsets of the wanted strings in `text`, sorted; at most `limit`.

    Longer needles (`wanted` is longest first) claim their characters first.

    >>> spans("重庆江津，江津区", ["江津区", "江津", "津"])
    [(2, 4), (5, 8)]
    """
    folded = fold(text)
    taken = bytearray(len(folded))
    found: list[tuple[int, int]] = []
    for needle in wanted:
        kept = 0
        start = folded.find(needle)
        while start != -1 and kept < MAX_MARKS_PER_NEEDLE and len(found) < limit:
            end = start + len(needle)
            if taken.find(TAKEN, start, end) == -1:
                taken[start:end] = b"\x01" * (end - start)
                found.append((start, end))
                kept += 1
            start = folded.find(needle, end)
    return sorted(found)


def mark(text: str, marks: list[tuple[int, int]]) -> str:
    """HTML-escape `text`, wrapping the given spans in <mark>."""
    out, pos = [], 0
    for start, end in marks:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def best_window(text: str, found: list[tuple[int, int]], width: int) -> int:
    """Start of the `width`-character window with the most distinct matches, then the most matches.

    Windows open a quarter width before a match. `found` is sorted and non-overlapping, so its ends
    are sorted too and each window's matches are a contiguous run: one pass with two pointers.

    >>> best_window("甲乙丙丁" * 10 + "江津夜经济", [(2, 3), (40, 42), (42, 45)], 8)
    38
    """
    counts: Counter[str] = Counter()
    best, best_score, left, right = 0, -1, 0, 0
    for start, _ in found:
        lo = max(0, start - width // 4)
        while right < len(found) and found[right][1] <= lo + width:
            counts[text[found[right][0]:found[right][1]]] += 1
            right += 1
        while left < right and found[left][0] < lo:
            key = text[found[left][0]:found[left][1]]
            counts[key] -= 1
            if not counts[key]:
                del counts[key]
            left += 1
        score = len(counts) * 10 + (right - left)
        if score > best_score:
            best, best_score = lo, score
    return best


def opening(text: str, width: int = 120) -> str:
    """The first `width` characters, escaped, with an ellipsis when there is more."""
    return escape(text[:width]) + ("…" if len(text) > width else "")


def snippet(text: str, wanted: list[str], width: int = 120, deadline: Deadline | None = None) -> str:
    """The window of `text` with the most distinct matches, escaped and marked (the opening once
    `deadline` has run out)."""
    text = text.replace("\n", " ")
    found = spans(text, wanted) if wanted and not _late(deadline) else []
    if not found:
        return opening(text, width)
    best = best_window(text, found, width)
    window = [(s - best, e - best) for s, e in found if best <= s and e <= best + width]
    body = mark(text[best : best + width], window)
    return ("…" if best > 0 else "") + body + ("…" if best + width < len(text) else "")


def highlight(text: str, wanted: list[str], deadline: Deadline | None = None) -> str:
    """All of `text`, escaped, with its matches marked (for titles and article pages); unmarked
    once `deadline` has run out."""
    return mark(text, spans(text, wanted) if wanted and not _late(deadline) else [])


def _late(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.expired()
