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
from collections.abc import Iterable, Iterator

import jieba
from whoosh.analysis import Token, Tokenizer

from index.normalize import normalize

jieba.setLogLevel(60)

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Chinese characters, or a Latin/number token such as pm2.5, 25.1%, covid-19.
_RUN = re.compile(rf"[{CJK}]+|[a-z0-9]+(?:[.\-_+%][a-z0-9%]+)*%?")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_WORD_OK = re.compile(rf"[{CJK}a-z0-9]")

STOP_WORDS = frozenset("的 了 和 与 及 是 在 也 都 而 并 就 等 将 对 把 被 之 其 或".split())

_dict_lock = threading.Lock()
_user_words: set[str] = set()


def add_user_words(words: Iterable[str]) -> int:
    """Teach jieba entity names (districts, reporters …) so each is one token; returns how many were new."""
    new = 0
    with _dict_lock:
        for word in words:
            word = normalize(word).strip()
            if len(word) >= 2 and word not in _user_words and " " not in word:
                jieba.add_word(word, freq=None)
                _user_words.add(word)
                new += 1
    return new


def word_tokens(text: str) -> list[str]:
    """Normalised jieba words without punctuation or stop words.

    >>> word_tokens("重慶國際鐵路港綜合保稅區")
    ['重庆', '国际', '铁路', '港', '综合', '保税区']
    """
    norm = normalize(text)
    return [w for w in jieba.cut(norm) if _WORD_OK.search(w) and w.strip() and w not in STOP_WORDS]


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
    out: list[tuple[str, int]] = []
    pos = 0
    for match in _RUN.finditer(normalize(text)):
        run = match.group()
        if len(run) == 1 or not _CJK_CHAR.match(run):
            out.append((run, pos))
            pos += 1
            continue
        if index:
            out.append((run[0], pos))
        for i in range(len(run) - 1):
            out.append((run[i : i + 2], pos))
            pos += 1
        if index:
            out.append((run[-1], pos - 1))
    return out


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
