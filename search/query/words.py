"""Unquoted text → words, each with a role: content words must occur, function words only score.

Chinese users type questions and phrases without spaces (`长江十年禁渔效果怎么样`).
jieba (with the entity dictionary) splits them; every content word must then
occur verbatim — found through the bigram field, so segmentation can never
lose an article — while function and question words (的, 怎么样 …) and stray
single characters only rank. Single characters glued to a number or to each
other stay one string (`300万`, `2025年9月`, `取“四`): apart they mean nothing.
In a short item (a name or a term, at most SHORT_ITEM characters of words),
a single character typed onto a word is part of it (`夜经济`, `重庆港`): jieba
just doesn't know the compound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.extract.gazetteer import lookup
from corpus.segmenter import frequency, is_place
from index.analysis import is_cjk, word_spans

# Particles, prepositions, conjunctions, pronouns, adverbs and question words: in a query they
# frame the question; an article about the need may well not contain them.
FUNCTION_WORDS = frozenset("""
的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 么 之 其 和 与 及 以及 或 或者 跟 同 并 并且 而 而且 但 但是
在 于 对 对于 把 被 让 给 向 从 自 到 为 为了 关于 由 比 将 就 才 也 都 还 又 更 最 很 太 非常 十分
已 已经 曾 曾经 要 会 能 能够 可 可以 应 应该 是 有 没 没有 不 不是 是否 有没有 是不是 这 那 这个 那个
这些 那些 这样 那样 哪 哪些 哪个 哪里 哪儿 什么 怎么 怎样 怎么样 如何 为什么 为何 多少 几 谁 啥
我 你 他 她 它 我们 你们 他们 咱们 大家 一下 一些 有关 相关 情况 方面 等 等等 呢 请问 想 知道 一个
""".split())
SHORT_ITEM = 4
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")  # digits take a unit (300万, 5号); Latin words (c919) don't
# Words that ask for recent news: they only score, and newer articles rank higher.
RECENT_WORDS = frozenset("今年 最近 近日 近期 目前 当前 如今 现在 今天 本周 本月".split())
# Administrative suffixes, longest first. A paper names a place in full once (浦东新区, 江津区,
# 四川省) and then by its short name (浦东, 江津, 四川); many articles never print the full name.
ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "新区", "省", "市", "区", "县")


@dataclass
class Word:
    """A piece of a typed item: its normalised text, span, and kind (content, function, stray or recent)."""

    text: str
    start: int
    end: int
    kind: str
    loose: bool = False  # a single character or a number, or a run of them: glues to the next such piece


def item_words(norm: str) -> list[Word]:
    """The words of one normalised item: a place's suffix joined to it, single characters glued to
    numbers or each other."""
    words: list[Word] = []
    for text, start, end in _place_spans(word_spans(norm)):
        kind = _kind(text)
        loose = kind == "stray" or _NUMBER.fullmatch(text) is not None
        prev = words[-1] if words else None
        if prev and prev.loose and loose and not any(c.isspace() for c in norm[prev.end:start]):
            prev.text, prev.end, prev.kind = norm[prev.start:end], end, "content"
            continue
        words.append(Word(text, start, end, kind, loose))
    if sum(len(w.text) for w in words if w.kind != "function") <= SHORT_ITEM:
        words = _compounds(norm, words)
    return words


def short_place(word: str) -> str | None:
    """The short name of a place typed with its administrative suffix (`浦东新区` → 浦东, `石柱县` → 石柱),
    or None. Every mention of the place, in full or short, holds it.

    The short name must itself be a place (a Chongqing district, or a place in jieba's dictionary):
    `开发区` and `工业园区` are no 开发 and 工业园.

    >>> short_place("浦东新区"), short_place("江津区"), short_place("开发区"), short_place("两江新区")
    ('浦东', '江津', None, None)
    """
    if not word.endswith(ADMIN_SUFFIXES):
        return None
    district = lookup(word)
    if district:  # the gazetteer knows which short names are safe (`两江新区` is never just 两江)
        return district.short if word.startswith(district.short) and word != district.short else None
    for suffix in ADMIN_SUFFIXES:
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2 and is_place(stem):
            return stem
    return None


def _place_spans(spans) -> list[tuple[str, int, int]]:
    """jieba's word spans with a place's suffix joined to it again: jieba cuts `江津区夜经济` into
    江津 · 区夜 · 经济 and `南沙新区` into 南沙 · 新区."""
    out: list[tuple[str, int, int]] = []
    for text, start, end in spans:
        prev = out[-1] if out and out[-1][2] == start else None
        if prev and text in ADMIN_SUFFIXES and _is_place(prev[0] + text):
            out[-1] = (prev[0] + text, prev[1], end)
        elif prev and len(text) > 1 and text[0] in ADMIN_SUFFIXES and not frequency(text) \
                and _is_place(prev[0] + text[0]):  # a suffix glued by jieba's guess onto the next character
            out[-1] = (prev[0] + text[0], prev[1], start + 1)
            out.append((text[1:], start + 1, end))
        else:
            out.append((text, start, end))
    return out


def _is_place(word: str) -> bool:
    return lookup(word) is not None or short_place(word) is not None


def _compounds(norm: str, words: list[Word]) -> list[Word]:
    """Stray characters joined to the word typed right before them, or else right after them."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        touching = prev is not None and not any(c.isspace() for c in norm[prev.end:w.start])
        if touching and (w.kind == "stray" and prev.kind == "content" or prev.kind == "stray" and w.kind == "content"):
            prev.text, prev.end, prev.kind = norm[prev.start:w.end], w.end, "content"
        else:
            out.append(w)
    return out


def _kind(text: str) -> str:
    if text in RECENT_WORDS:
        return "recent"
    if text in FUNCTION_WORDS:
        return "function"
    if len(text) == 1 and is_cjk(text):
        return "stray"
    return "content"
