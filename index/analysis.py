"""Chinese analysis: jieba word tokens and character bigrams, as Whoosh analyzers.

Two token streams are indexed for every text field:
- words (jieba, with a user dictionary of entities) rank documents well;
- character bigrams guarantee verbatim recall: any string of two or more
  Chinese characters in a text is a run of consecutive bigrams, so a phrase
  query over bigrams finds it whatever jieba made of it (the Lucene CJK way).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate
from functools import lru_cache

import numpy as np
from whoosh.analysis import Token, Tokenizer

from index.normalize import normalize, normalized
from corpus.segmenter import WORDS

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Latin words and numbers, whole: pm2.5, 25.1, covid-19, c919. A unit sign is not part of the
# number (`60%` holds the number 60), and a number never matches inside a longer one (300 ≠ 1300).
_LATIN_RUN = r"[a-z0-9]+(?:[.\-_+][a-z0-9]+)*"
_LATIN = re.compile(_LATIN_RUN)
# A run of Chinese characters, or a Latin/number token.
_RUN = re.compile(rf"[{CJK}]+|{_LATIN_RUN}")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_WORD_OK = re.compile(rf"[{CJK}a-z0-9]")

STOP_WORDS = frozenset("的 了 和 与 及 是 在 也 都 而 并 就 等 将 对 把 被 之 其 或".split())

_dict_lock = threading.Lock()
_user_words: set[str] = set()
_offered: set[str] = set()  # words as given to add_user_words, so that a name seen again costs a lookup


def add_user_words(words: Iterable[str]) -> int:
    """Teach jieba entity names (districts, reporters …) so each is one token; returns how many were new."""
    global _last_cut
    new = 0
    with _dict_lock:
        for given in words:
            if given in _offered:
                continue
            _offered.add(given)
            word = normalize(given).strip()
            if len(word) >= 2 and word not in _user_words and " " not in word:
                WORDS.add_word(word)
                _user_words.add(word)
                new += 1
        if new:
            _last_cut = ("", [])  # cut with the old dictionary: not a source of words any more
    return new


def word_tokens(text: str) -> list[str]:
    """Normalised jieba words without punctuation or stop words; Latin/number runs as the bigram field has them.

    >>> word_tokens("重慶的火鍋和長江大橋")
    ['重庆', '火锅', '长江大桥']
    >>> word_tokens("GDP增长２５.１%，PM2.5下降")
    ['gdp', '增长', '25.1', 'pm2.5', '下降']
    """
    return list(filter(is_indexed_word, word_cut(text)))


def word_cut(text: str) -> list[str]:
    """`word_tokens` before punctuation and stop words are left out (`is_indexed_word` tells them apart).

    >>> word_cut("重慶的火鍋")
    ['重庆', '的', '火锅']
    """
    global _last_cut
    norm = _normalized(text)
    words = _opening_words(norm, *_last_cut)
    if words is None:
        words = WORDS.cut(norm)
        if _LATIN_PUNCT.search(norm):
            words = _whole_latin_runs(norm, words)
        _last_cut = (norm, words)
    return words


_last_cut: tuple[str, list[str]] = ("", [])  # the last text cut (normalised) and its words
# Characters outside jieba's blocks (runs of Chinese, Latin, digits and `+#&._%-`) that end a sentence.
_BLOCK_ENDS = frozenset("。！？!?；;\n")


def _opening_words(norm: str, last: str, last_words: list[str]) -> list[str] | None:
    """`norm`'s words taken from the last text's, when `norm` is that text's beginning up to a sentence end.

    An article's lead is its body's first sentence, cut right after the body: jieba cuts each
    block of Chinese/Latin characters on its own and a sentence end is one word outside any
    block, so where the body's words reach that end they are the lead's words.
    """
    if not norm or norm[-1] not in _BLOCK_ENDS or len(norm) >= len(last) or not last.startswith(norm):
        return None
    reached = 0
    for i, word in enumerate(last_words):
        reached += len(word)
        if reached >= len(norm):
            return last_words[: i + 1] if reached == len(norm) else None
    return None


class _IndexedWords(dict):
    """word → whether it is indexed (not punctuation, not a stop word); looked up in C, words recur."""

    LIMIT = 1 << 18  # bounded: the server passes every query word through here

    def __missing__(self, word: str) -> bool:
        if len(self) >= self.LIMIT:
            self.clear()
        ok = self[word] = bool(_WORD_OK.search(word)) and word not in STOP_WORDS
        return ok


_INDEXED = _IndexedWords()
is_indexed_word = _INDEXED.__getitem__  # whether a word of `word_cut` is indexed


# Inside or after a Latin/number run, the characters jieba may split on or join: `25.1%`, `pm2.5`.
_LATIN_PUNCT = re.compile(r"[a-z0-9][.\-_+%]")


def _whole_latin_runs(norm: str, words: list[str]) -> list[str]:
    """jieba's words with each Latin/number run that starts a word made exactly one word
    (`pm2 . 5` → `pm2.5`, `25.1%` → `25.1` `%`); `words` itself when every run is whole already.

    Only the words of a split run are replaced, found by bisection in the words' ends: the rest
    of the text costs one pass of `len` (texts with numbers are most of the news).

    >>> _whole_latin_runs("pm2.5和25.1%", ["pm2", ".", "5", "和", "25.1%"])
    ['pm2.5', '和', '25.1', '%']
    """
    ends = list(accumulate(map(len, words)))
    out, copied = None, 0
    for match in _LATIN.finditer(norm):
        start, end = match.span()
        first = bisect_right(ends, start)  # the word holding the run's first character
        if (ends[first - 1] if first else 0) != start or ends[first] == end:
            continue  # the run starts inside a word (left as jieba cut it), or is a word already
        last = bisect_left(ends, end, first)  # the word holding its last character
        out = [] if out is None else out
        out += words[copied:first]
        out.append(norm[start:end])
        if ends[last] > end:  # jieba's word went on past the run (`25.1%`): keep the rest
            out.append(norm[end:ends[last]])
        copied = last + 1
    return words if out is None else out + words[copied:]


def word_spans(norm: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of jieba's words in normalised text, Latin/number runs whole, punctuation left out.

    Unlike `word_tokens`, stop words stay (a query decides what to do with them).

    >>> word_spans("300万的c919")
    [('300', 0, 3), ('万', 3, 4), ('的', 4, 5), ('c919', 5, 9)]
    """
    out, skip_to = [], 0
    runs = {m.start(): m.end() for m in _LATIN.finditer(norm)}
    for word, start, end in WORDS.tokenize(norm):
        start = max(start, skip_to)
        if start >= end:
            continue
        run_end = runs.get(start)
        if run_end:
            out.append((norm[start:run_end], start, run_end))
            skip_to = run_end
            start = run_end
            if start >= end:
                continue
        piece = norm[start:end]
        if _WORD_OK.search(piece):
            out.append((piece, start, end))
    return out


@lru_cache(maxsize=8)
def _normalized(text: str) -> str:
    """`normalize`, remembered: each text is analysed for its word and its bigram field in a row.

    An article's lead is the opening of its body, analysed just after it: when the body
    normalised character for character, the lead's normalisation is the same opening of it.
    """
    global _last_aligned
    raw, norm = _last_aligned  # (one read: the server's threads share it)
    if len(text) < len(raw) and raw.startswith(text):
        return norm[: len(text)]
    norm, aligned = normalized(text)
    if aligned:
        _last_aligned = (text, norm)
    return norm


_last_aligned = ("", "")  # the last text normalised character for character, and its normalisation


def bigram_tokens(text: str, *, index: bool = True) -> list[tuple[str, int]]:
    """(token, position) pairs: overlapping bigrams of Chinese runs, whole Latin/number tokens.

    When indexing, each Chinese run's first and last characters are also emitted
    as unigrams at the first and last bigram's positions, so that a query whose
    edge is one character (`1998年` in `1998年夏天`) still matches as a phrase.

    >>> bigram_tokens("保税区AI")
    [('保', 0), ('保税', 0), ('税区', 1), ('区', 1), ('ai', 2)]
    >>> bigram_tokens("保税区", index=False)
    [('保税', 0), ('税区', 1)]
    """
    return list(zip(*bigram_columns(text, index=index)))


def bigram_columns(text: str, *, index: bool = True) -> tuple[list[str], list[int]]:
    """`bigram_tokens` as two lists, tokens and positions (what the segment writer consumes)."""
    tokens: list[str] = []
    positions: list[int] = []
    pos = 0
    for match in _RUN.finditer(_normalized(text)):
        run = match.group()
        n = len(run)
        if n == 1 or not _CJK_CHAR.match(run):
            tokens.append(run)
            positions.append(pos)
            pos += 1
            continue
        if index:
            tokens.append(run[0])
            positions.append(pos)
        tokens += map(str.__add__, run, run[1:])
        positions += range(pos, pos + n - 1)
        pos += n - 1
        if index:
            tokens.append(run[-1])
            positions.append(pos - 1)
    return tokens, positions


# Token codes of bigram_batch, all below 2**32: a character's code point (the CJK ranges are all
# below 0x10000), a bigram's two code points as first << 16 | second (at least 0x3400 << 16), and a
# Latin/number token's id plus LATIN_BASE, between the two.
CODE_SHIFT = 16
LATIN_BASE = 0x10000


def bigram_batch(norms: list[str], latin_ids: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`bigram_columns` (indexing: edge characters included) of many normalised texts at once, as arrays.

    Returns (codes, positions, counts) as uint32, int32 and int64 arrays: per text,
    `counts[i]` tokens in position order. A Chinese token's code is its character's
    code point or its two characters' joined by CODE_SHIFT; a Latin/number token's is
    LATIN_BASE plus its id in `latin_ids` (new ones are added). No Python object is made
    per Chinese token.

    >>> ids = {}
    >>> codes, positions, counts = bigram_batch([normalize("保税区AI"), "江津"], ids)
    >>> [bigram_code_text(int(c), list(ids)) for c in codes], positions.tolist(), counts.tolist()
    (['保', '保税', '税区', '区', 'ai', '江', '江津', '津'], [0, 0, 1, 1, 2, 0, 0, 0], [5, 3])
    """
    joined = "\x00".join(norms)  # a separator no run crosses
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    start, end, cjk = _run_spans(cps)
    if not len(start):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(len(norms), np.int64)
    doc_start = np.cumsum([0] + [len(t) + 1 for t in norms[:-1]])
    doc = np.searchsorted(doc_start, start, side="right") - 1
    n = end - start
    multi = (n > 1) & cjk
    alloc = np.where(multi, n - 1, 1)
    before = np.cumsum(alloc) - alloc
    first_run = np.searchsorted(doc, np.arange(len(norms)))
    base = before - before[np.minimum(first_run, len(before) - 1)][doc]  # positions restart per text
    single = np.where(cjk, cps[start], 0)
    for i in np.flatnonzero(~cjk).tolist():  # Latin/number tokens: few, kept as strings
        single[i] = LATIN_BASE + latin_ids.setdefault(joined[start[i]:end[i]], len(latin_ids))
    runs = np.flatnonzero(multi)
    pairs = n[runs] - 1
    within = np.arange(int(pairs.sum())) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    at = np.repeat(start[runs], pairs) + within
    codes = np.concatenate([single[~multi], cps[start[runs]], (cps[at] << CODE_SHIFT) | cps[at + 1],
                            cps[end[runs] - 1]])
    positions = np.concatenate([base[~multi], base[runs], np.repeat(base[runs], pairs) + within,
                                base[runs] + pairs - 1])
    owner = np.concatenate([doc[~multi], doc[runs], np.repeat(doc[runs], pairs), doc[runs]])
    # Each of the four parts is in (text, position) order already: a stable sort of the joined key
    # merges them (timsort finds the four runs), a run's edge character before its bigram at a tie.
    order = np.argsort(owner << 32 | positions, kind="stable")
    return (codes[order].astype(np.uint32), positions[order].astype(np.int32),
            np.bincount(owner, minlength=len(norms)))


def _run_spans(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, end and whether Chinese of every match of `_RUN` in the code points, found with numpy.

    A Latin/number run is a maximal stretch of a-z0-9 and of separators `.-_+` that
    stand between two of them: what the regex's greedy match takes.

    >>> s = "保税区pm2.5-ai..b 中"
    >>> [s[a:b] for a, b in zip(*_run_spans(np.array([ord(c) for c in s]))[:2])]
    ['保税区', 'pm2.5-ai', 'b', '中']
    """
    alnum = ((cps >= 0x61) & (cps <= 0x7A)) | ((cps >= 0x30) & (cps <= 0x39))
    sep = (cps == 0x2E) | (cps == 0x2D) | (cps == 0x5F) | (cps == 0x2B)
    inner = np.zeros(len(cps), dtype=bool)
    inner[1:-1] = sep[1:-1] & alnum[:-2] & alnum[2:]
    kind = np.zeros(len(cps) + 2, dtype=np.int8)  # 0 outside any run, 1 Chinese, 2 Latin/number
    kind[1:-1] = _is_cjk_code(cps) + 2 * (alnum | inner)
    change = np.flatnonzero(kind[1:] != kind[:-1])  # a run may end and another begin before cps[change]
    start, end = change[kind[change + 1] != 0], change[kind[change] != 0]
    return start, end, kind[start + 1] == 1


def bigram_code_text(code: int, latin: list[str]) -> str:
    """The token a code of `bigram_batch` stands for (`latin`: its Latin tokens in id order)."""
    if code < LATIN_BASE:
        return chr(code)
    if code >> CODE_SHIFT >= 0x3400:
        return chr(code >> CODE_SHIFT) + chr(code & 0xFFFF)
    return latin[code - LATIN_BASE]


def _is_cjk_code(cps: np.ndarray) -> np.ndarray:
    """Which code points are Chinese characters (the CJK ranges of the bigram analyzer)."""
    return ((cps >= 0x3400) & (cps <= 0x4DBF)) | ((cps >= 0x4E00) & (cps <= 0x9FFF)) | ((cps >= 0xF900) & (cps <= 0xFAFF))


def token_columns(analyse, text: str) -> tuple[list[str], list[int] | None]:
    """An analysis function's tokens and positions (None: numbered in order), without tuples."""
    if analyse is bigram_tokens:
        return bigram_columns(text)
    items = list(analyse(text))
    if items and isinstance(items[0], tuple):
        return [t for t, _ in items], [p for _, p in items]
    return items, None


def is_cjk(text: str) -> bool:
    """True when text contains a Chinese character."""
    return bool(_CJK_CHAR.search(text))


class FunctionTokenizer(Tokenizer):
    """Whoosh tokens from an analysis function returning words, or (token, position) pairs.

    Normalisation and segmentation must see the whole text (OpenCC converts
    phrases, jieba needs context), so they live in one function rather than
    a chain of per-token filters; Whoosh only numbers what it returns.
    """

    def __init__(self, analyse):
        self.analyse = analyse

    def __eq__(self, other):
        return type(self) is type(other) and self.analyse is other.analyse

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, item in enumerate(self.analyse(value)):
            text, pos = item if isinstance(item, tuple) else (item, i)
            t.text = t.original = text
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos + pos
            yield t


def WordAnalyzer():
    """jieba words (normalised, no punctuation or stop words), sequential positions."""
    return FunctionTokenizer(word_tokens)


def BigramAnalyzer():
    """Character bigrams for verbatim recall, positions suitable for phrase queries."""
    return FunctionTokenizer(bigram_tokens)
