"""Pinyin keys for entity spellings and queries, and how alike two characters sound.

Tones are ignored throughout: nobody types them, and a homophone typo (旗江
for 綦江) rarely keeps the tone anyway. Chongqing speakers also merge some
Mandarin sounds (n/l, in/ing, en/eng, zh/z, ch/c, sh/s), so a character that
differs only by such a merger counts as a weaker sound-alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

SAME_SOUND = 1.0
DIALECT_SOUND = 0.7  # heard alike in Chongqing speech, but a real difference in Mandarin

# Surnames read differently from the character's everyday reading; pypinyin
# knows no surnames, and people type a reporter's name as it is said.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "解": "xie", "朴": "piao", "区": "ou",
    "查": "zha", "盖": "ge", "缪": "miao", "翟": "zhai", "瞿": "qu", "覃": "qin",
    "种": "chong", "召": "shao", "繁": "po", "员": "yun", "秘": "bi", "乐": "yue",
    "折": "she", "谌": "chen", "冼": "xian", "藏": "zang", "尉": "yu", "长": "chang",
}

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_PINYIN_QUERY = re.compile(r"[a-z][a-z' ]*")
_NOT_KEY = re.compile(r"[^a-z0-9]")


def has_cjk(text: str) -> bool:
    """True if the text holds at least one Chinese character."""
    return bool(_CJK.search(text))


def is_pinyin_query(text: str) -> bool:
    """True for lower-case Latin letters that may be pinyin: `jiangjin`, `jiang jin`, `xi'an`.

    >>> is_pinyin_query("jiang jin"), is_pinyin_query("江津"), is_pinyin_query("pm2.5")
    (True, False, False)
    """
    return bool(_PINYIN_QUERY.fullmatch(text))


def pinyin_key(text: str) -> str:
    """A typed pinyin string as the key we store: lower-case letters only.

    >>> pinyin_key("Jiang Jin"), pinyin_key("xi'an")
    ('jiangjin', 'xian')
    """
    return _NOT_KEY.sub("", text.lower())


@lru_cache(maxsize=65536)
def char_readings(char: str) -> frozenset[str]:
    """Every toneless reading of a character (its heteronyms), `v` for ü.

    >>> sorted(char_readings('区'))
    ['ou', 'qu']
    """
    if not _CJK.fullmatch(char):
        return frozenset()
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


@lru_cache(maxsize=65536)
def char_reading(char: str) -> str:
    """The everyday toneless reading of one character (the character itself if not Chinese)."""
    return lazy_pinyin(char)[0] if _CJK.fullmatch(char) else char


@lru_cache(maxsize=4096)
def dialect_key(syllable: str) -> str:
    """A syllable with the sound mergers of Chongqing speech applied.

    >>> dialect_key('nan'), dialect_key('lan'), dialect_key('zheng'), dialect_key('jing')
    ('lan', 'lan', 'zen', 'jin')
    """
    for retroflex in ("zh", "ch", "sh"):
        if syllable.startswith(retroflex):
            syllable = retroflex[0] + syllable[2:]
    if syllable.startswith("n") and syllable != "ng":
        syllable = "l" + syllable[1:]
    if syllable.endswith("ng") and syllable[-3:-2] in ("i", "e"):
        syllable = syllable[:-1]
    return syllable


def char_sound_similarity(a: str, b: str) -> float:
    """1 if two characters share a reading, 0.7 if Chongqing speech merges their usual readings, else 0.

    Dialect merging looks at everyday readings only: applied to every rare
    reading too (丁 can be read zheng), it would make most pairs "sound alike".

    >>> char_sound_similarity('旗', '綦'), char_sound_similarity('南', '蓝'), char_sound_similarity('江', '河')
    (1.0, 0.7, 0.0)
    """
    if a == b:
        return SAME_SOUND
    if char_readings(a) & char_readings(b):
        return SAME_SOUND
    both_chinese = bool(char_readings(a)) and bool(char_readings(b))
    if both_chinese and dialect_key(char_reading(a)) == dialect_key(char_reading(b)):
        return DIALECT_SOUND
    return 0.0


def syllables(text: str, person: bool = False) -> list[str]:
    """Toneless pinyin of a spelling, one item per character; Latin runs kept as one item.

    Person names are read character by character (with surname readings):
    phrase readings don't apply to names, and it is 40× faster for the
    tens of thousands of reporter names. Other names use pypinyin's phrase
    dictionary (重庆 is chong qing, not zhong qing).

    >>> syllables('重庆日报'), syllables('曾伟', person=True), syllables('cctv新闻')
    (['chong', 'qing', 'ri', 'bao'], ['zeng', 'wei'], ['cctv', 'xin', 'wen'])
    """
    if person and _CJK_ONLY.fullmatch(text):
        readings = [char_reading(c) for c in text]
        readings[0] = SURNAME_READINGS.get(text[0], readings[0])
        return readings
    return [p.lower() for p in lazy_pinyin(text)]


def full_pinyin(items: list[str]) -> str:
    """Syllables as one lookup key: `jiangjin`."""
    return pinyin_key("".join(items))


def initials(items: list[str]) -> str:
    """First letter of each syllable: 沙坪坝区 → `spbq`."""
    return "".join(item[0] for item in items if item and item[0].isalnum()).lower()
