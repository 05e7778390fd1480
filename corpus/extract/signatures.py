"""Writers' signatures: names printed without a role, the way columns, letters and closing brackets sign.

    周德武                                   a name alone under a headline (or 温家宝: famous, still a name)
    杨洪柯张起河                             several names printed glued together
    水利部部长钮茂生                         a position before the name
    江苏兴化棉纺织厂办公室唐锦禄             a workplace or place before the name (readers' letters)
    塞夫  管见  （小苏）                     a pen name: rare characters, no surname needed
A signature is only ever read from a short line or bracket (a byline's place),
and every name in it must look like one: a surname, and no common word.
"""

from __future__ import annotations

import re

from corpus.extract.credits import BULLETS, MAX_CREDIT, Credit, parse_credit
from corpus.extract.names import COMMON_WORD, is_name, names_in, word_freq
from corpus.model import Reporter
from corpus.segmenter import frequency, is_person, is_place, stock

# A position printed before the name: `副所长`, `国家税务总局党组书记、副局长`, `中国人民银行行长`.
_POSITION = ("董事长|理事长|秘书长|总经理|总编辑|总裁|部长|局长|厅长|司长|处长|科长|行长|社长|台长|站长|馆长|所长|院长|"
             "校长|厂长|县长|市长|省长|区长|州长|镇长|乡长|村长|队长|团长|会长|主任|主席|总理|书记|委员|政委|司令员|"
             "教授|研究员|经理|主编|编辑|董事|律师|教师|工程师|医师|干部|职工|战士|农民|学生")
# The end of a workplace or place: `…公安局`, `…市委`, `…办公室`, `…人民政府`, `…洛阳日报`.
_WORKPLACE = ("公司|中心|大学|医院|政府|集团|学会|协会|日报|分行|支行|银行|办公室|法院|检察院|"
              "省|市|县|区|州|旗|镇|乡|村|局|厅|委|院|所|校|队|部|司|社|站|处|办|团|厂|室|馆|会|场|矿|报")
_SIGNED_AFTER = re.compile(f"(?:{_POSITION}|{_WORKPLACE})")
_SIGNATURE_TEXT = re.compile(r"[\u4e00-\u9fff、·]{4,40}")
# `———李东旭马丽静（辽宁）`: the writers' province in brackets after the names.
_SIGNATURE_PLACE = re.compile(r"(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff]{2,4}[）)]$")
_PEN_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
_NICKNAME = re.compile(r"[小老阿][\u4e00-\u9fff]{1,2}")  # `（小苏）`, `阿炳`


def parse_signature(text: str, default_role: str = "作者") -> Credit | None:
    """A credit, or a writer's signature: bare names, or names after a position or workplace."""
    text = _SIGNATURE_PLACE.sub("", text.strip().lstrip(BULLETS).lstrip("—－-").strip())
    text = text.strip("（）()")
    credit = parse_credit(text, default_role)
    if credit:
        return credit
    credit = parse_credit(text, default_role, bare=True)
    if credit and all(plausible_bare(r.name) for r in credit.reporters):
        return credit
    names = _after_position(text)
    return Credit([Reporter(name, default_role) for name in names]) if names else None


def _after_position(text: str) -> list[str] | None:
    """The names after the first position or workplace that leaves nothing but names."""
    if not _SIGNATURE_TEXT.fullmatch(text) or len(text) > MAX_CREDIT:
        return None
    boundaries = _word_boundaries(text)
    for match in _SIGNED_AFTER.finditer(text, 2):
        rest = text[match.end():]
        if len(rest) < 2:
            break
        if match.end() not in boundaries:
            continue  # `重庆市长江大桥`: 市长 inside 重庆市 / 长江, no position
        names = names_in(rest, strict=True) if len(rest) <= 12 else None
        # After a workplace, any dictionary word is the headline going on (`…俱乐部揭牌`), not a name.
        if names and all(is_name(name, strict=True) and (not word_freq(name) or _public_figure(name)) for name in names):
            return names
    return None


# Characters of grammar, never of a name: `温馨的贺卡` is no pair of names.
_FUNCTION_CHARS = re.compile(r"[的了着么呢吧啊]")


def _public_figure(name: str) -> bool:
    """A three-character word jieba knows as a personal name (`温家宝`): a name however common.

    jieba also tags many two-character words as names (`贺卡`, `顾客`): those don't count.
    """
    return len(name) == 3 and is_person(name)


def _word_boundaries(text: str) -> set[int]:
    """Offsets where jieba's words of the text begin."""
    offsets, offset = set(), 0
    for word in stock().cut(text):
        offsets.add(offset)
        offset += len(word)
    return offsets


def plausible_bare(name: str) -> bool:
    """A name printed with no role must not be a common word or place (`（广州）`, `（油画）`).

    jieba's dictionary knows many public figures as names (`温家宝`): those stay names however common.
    """
    return is_name(name, strict=True) and (word_freq(name) < COMMON_WORD or _public_figure(name)) \
        and not _FUNCTION_CHARS.search(name)


# Labels editors print where a signature could stand: `（节选）`, `外一首`, `（未完）`, `短评`.
_EDITORIAL = re.compile(r"(?:[外之]?[一二三四五六七八九十两]+[首篇则]|[上中下]篇?|[未续待]完|待续|节选|摘编|题图|附图|插图|"
                        r"供稿|特稿|短评|述评|时评|快评|综述|链接|背景|编后|按语|札记|手记|侧记|纪实|随笔|杂谈|漫谈|"
                        r"小记|散记|速写|特写|专稿|来信|答问|问答)")


def pen_name(text: str) -> Credit | None:
    """Two or three characters over an article's text or closing it: a pen name (`塞夫`, `管见`, `小苏`).

    A phrase made of a common word (`致读者`: 致 + 读者), a place (`（昌都）`) or an editor's label
    (`（节选）`) is no pen name.
    """
    text = text.strip()
    if not _PEN_NAME.fullmatch(text) or _EDITORIAL.fullmatch(text):
        return None
    nickname = bool(_NICKNAME.fullmatch(text))  # `小苏` (jieba has it as a place), `阿炳`
    if not nickname and (not is_name(text) or is_place(text)):
        return None
    if word_freq(text) >= COMMON_WORD and not _public_figure(text) or _holds_common_word(text):
        return None
    return Credit([Reporter(text, "作者")])


def _holds_common_word(text: str) -> bool:
    """Does jieba cut the text into pieces one of which is a common dictionary word?"""
    return any(len(word) >= 2 and word != text and frequency(word) >= COMMON_WORD and not is_person(word)
               for word in stock().cut(text))
