"""Typed query text → items: quoted phrases, field values, negations and OR groups. Never raises.

Operators as people type them: `AND`, `OR`, `NOT` in any case, `+` (and),
`|` (or), `-x` (not), and Chinese or full-width separators (`，、；` and the
ideographic space) between words. 或 standing alone between spaces means OR;
和 is never an operator (it is a function word, and every word is required
anyway). Quotation marks — `"…"`, `“…”`, `「…」`, `『…』` — are syntax only
when they pair up; a lone one is an ordinary character. Anything the grammar
doesn't cover is read as ordinary text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 256
FIELDS = ("title", "reporter", "district", "source")

# Opening mark → the marks that close it. Curly quotes are often typed the wrong way round.
_PAIRS = {'"': '"', "“": "”“", "”": "”“", "「": "」", "『": "』"}
_SEPARATORS = str.maketrans({c: " " for c in "，、；;,\u3000\t\r\n"})
_OR = {"OR", "|", "||", "或"}
_AND = {"AND", "+", "&", "&&"}
_NOT = {"NOT"}
_PREFIX = re.compile(r"(-?)(?:([A-Za-z]+)[:：])?$")  # what may stand right before a quote: -, field:, -field:
_FIELD = re.compile(r"^([A-Za-z]+)[:：](.+)$")
_PLUS = re.compile(r"(?<![A-Za-z0-9])\+|\+(?![A-Za-z0-9])")  # + as an operator, not inside c++ or 1+1
_BARE_NOISE = "()（）\"'“”「」『』:："


@dataclass
class Item:
    """One typed unit: a word run, a quoted phrase or a field value, and whether it is excluded."""

    text: str
    quoted: bool = False
    field: str | None = None
    negated: bool = False


def split_items(text: str) -> list[list[Item]]:
    """Items in typed order, grouped: a group of several items is an OR of them.

    >>> [[(i.text, i.quoted, i.field, i.negated) for i in g] for g in split_items('江津，夜经济 NOT 火锅 title:重庆 OR 成都 “不夜地标”')]
    [[('江津', False, None, False)], [('夜经济', False, None, False)], [('火锅', False, None, True)], [('重庆', False, 'title', False), ('成都', False, None, False)], [('不夜地标', True, None, False)]]
    """
    groups: list[list[Item]] = []
    pending_or = pending_not = False
    for token, quoted, prefix in _tokens(text):
        word = token.upper()
        if not quoted and word in _OR:
            pending_or = bool(groups) and not groups[-1][-1].negated
            continue
        if not quoted and word in _AND:
            continue
        if not quoted and word in _NOT:
            pending_not = True
            continue
        item = _item(token, quoted, prefix)
        if item is None:
            continue
        item.negated = item.negated or pending_not
        if pending_or and not item.negated:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = pending_not = False
    return groups


def _tokens(text: str) -> list[tuple[str, bool, str]]:
    """(text, quoted, prefix) in order: whitespace-separated tokens and paired quotations."""
    text = _PLUS.sub(" ", text.translate(_SEPARATORS).replace("|", " | "))
    out: list[tuple[str, bool, str]] = []
    bare_start, i = 0, 0
    while i < len(text):
        closers = _PAIRS.get(text[i])
        end = _closing(text, i + 1, closers) if closers else -1
        if end < 0:
            i += 1
            continue
        before = text[bare_start:i]
        prefix = _PREFIX.search(before.split(" ")[-1]) if before and not before.endswith(" ") else None
        prefix_text = prefix.group(0) if prefix else ""
        out += [(t, False, "") for t in before[: len(before) - len(prefix_text)].split()]
        out.append((text[i + 1:end], True, prefix_text))
        bare_start = i = end + 1
    out += [(t, False, "") for t in text[bare_start:].split()]
    return out


def _closing(text: str, start: int, closers: str) -> int:
    """Index of the first closing mark at or after `start`, or -1."""
    found = [j for j in (text.find(c, start) for c in closers) if j >= 0]
    return min(found) if found else -1


def _item(token: str, quoted: bool, prefix: str) -> Item | None:
    """One token as an Item (None for nothing searchable)."""
    if quoted:
        negated, field = prefix.startswith("-"), prefix.lstrip("-").rstrip(":：").lower() or None
        text = " ".join(token.split())
        if field and field not in FIELDS:
            text, field = f"{field} {text}", None
        return Item(text, quoted=True, field=field, negated=negated) if text else None
    negated = token.startswith("-") and len(token) > 1
    token = token[1:] if negated else token
    field = None
    m = _FIELD.match(token)
    if m and m.group(1).lower() in FIELDS:
        field, token = m.group(1).lower(), m.group(2)
    token = token.strip(_BARE_NOISE)
    if not token or not any(c.isalnum() for c in token):
        return None
    return Item(token, field=field, negated=negated)
