"""Which Chongqing districts an article is *about*, primary first.

A district counts when the headline names it, or when the text keeps coming
back to it; one passing mention among many (`与南岸区签订协议`) does not.
Short names are also ordinary words or parts of other names, so some
contexts are ruled out: `江北机场` is in 渝北区, `长江南岸` is a riverbank,
`健康长寿` is longevity, `召开县委会` is no 开县, and `铜梁高新区` is
铜梁's zone, not 重庆高新区.
"""

from __future__ import annotations

import re
from collections import Counter

from corpus.extract.gazetteer import DISTRICTS

# Contexts in which a name does not refer to the district: (name, regex around it).
_NOT_DISTRICT: dict[str, tuple[str, ...]] = {
    "江北": (r"江北机场", r"长江北", r"江北岸", r"[江河]江北",
             # a weather report's 江南、江北 are the two banks of the Yangtze, not the district
             r"江南[、，,和与及]?江北", r"江北[、，,和与及]?江南", r"[华淮]北[、，,]江北"),
    "荣昌": (r"繁荣昌", r"荣昌盛"),  # 繁荣昌盛: prosperity
    "巫山": (r"巫山云雨",),
    "南岸": (r"[江河]南岸", r"南岸线"),
    "长寿": (r"健康长寿", r"长寿[命老星面]", r"福寿", r"益寿", r"长寿[之的]"),
    "开县": (r"[召公展]开县",),
    "两江": (r"两江四岸", r"两江交汇", r"两江[游汇沿]"),
    "石柱": (r"石柱[子上下间]", r"[根支座]石柱"),
    "城口": (r"[出进入]城口",),
    "秀山": (r"秀山[丽水]", r"[清水]秀山"),
    # Every district has a 高新区; only `重庆高新区` (matched whole) is the functional zone.
    "高新区": (r"高新区",),
    "万盛": (r"万盛[世]",),
}
# `长寿湖`, `大足石刻`, `江北机场`-like landmarks: a place named after the district, which may
# lie elsewhere or be mentioned in passing, so it counts half.
_LANDMARK = re.compile(r"^(?:湖|山|寺|石刻|古镇|古城|机场|站|港|大道|路|街|广场|公园|水库|江)")
LANDMARK_WEIGHT = 0.5
TITLE_WEIGHT = 5  # one mention in the headline outweighs several in the body
MIN_MENTIONS = 2
MAX_IN_PASSING = 2  # more single-mention districts than this: an overview, not about any one
SHORT_TEXT = 150  # in a caption or brief this short, one mention is what it is about
SHARE_OF_TOP = 0.3  # a secondary district needs this share of the primary's mentions
CO_PRIMARY = 0.75  # within this share of the top score, districts count as equally primary


def _names_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every spelling, longest first, and the official name each one means."""
    official: dict[str, str] = {}
    for district in DISTRICTS:
        for name in district.names:
            official.setdefault(name, district.name)
            # Brackets may be printed full- or half-width: 西部（重庆）科学城 / 西部(重庆)科学城.
            official.setdefault(name.replace("（", "(").replace("）", ")"), district.name)
    names = sorted(official, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)), official


_NAMES, _OFFICIAL = _names_pattern()


def mentions(text: str) -> Counter[str]:
    """How often each district (official name) is mentioned, false friends excluded, landmarks halved.

    One linear scan: at each place the longest spelling wins (`重庆高新区` over `高新区`).
    """
    counts: Counter[str] = Counter()
    for match in _NAMES.finditer(text):
        if _is_false_friend(text, match):
            continue
        end = match.end()
        counts[_OFFICIAL[match.group()]] += LANDMARK_WEIGHT if _LANDMARK.match(text[end:end + 2]) else 1
    return counts


def _is_false_friend(text: str, match: re.Match[str]) -> bool:
    name = match.group()
    rules = _NOT_DISTRICT.get(name)
    if not rules:
        return False
    window_start = max(0, match.start() - 4)
    window = text[window_start: match.end() + 4]
    offset = match.start() - window_start
    for rule in rules:
        for hit in re.finditer(rule, window):
            if hit.start() <= offset and hit.end() >= offset + len(name):
                return True
    return False


def find_districts(text: str, title: str = "") -> list[str]:
    """Official names of the districts the article is about, primary first."""
    body = mentions(text)
    head = mentions(title)
    scores: Counter[str] = Counter()
    for name in set(body) | set(head):
        scores[name] = body[name] + TITLE_WEIGHT * head[name]
    if not scores:
        return []
    top = max(scores.values())
    least = 1 if len(text) < SHORT_TEXT else MIN_MENTIONS
    chosen = [name for name, score in scores.items()
              if head[name] or (score >= least and score >= top * SHARE_OF_TOP)]
    if top <= 1 and len(chosen) > MAX_IN_PASSING:
        return []  # a list of places across the city (`长寿菩提古镇 … 南川东街`), about none of them
    first = {name: _first_position(text, title, name) for name in chosen}
    # Districts about equally present are ordered by first mention, the rest by weight.
    return sorted(chosen, key=lambda name: (-(scores[name] >= top * CO_PRIMARY) , -scores[name]
                                            if scores[name] < top * CO_PRIMARY else 0, first[name]))


def _first_position(text: str, title: str, name: str) -> int:
    if any(n in title for n in _names_of(name)):
        return -1
    positions = [text.find(n) for n in _names_of(name) if n in text]
    return min(positions) if positions else len(text)


def _names_of(official: str) -> tuple[str, ...]:
    return next(d.names for d in DISTRICTS if d.name == official)
