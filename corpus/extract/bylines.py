"""Datelines, bylines and credits → reporters with their printed roles, and the paper credited.

The shapes these take in Chongqing papers:
    本报讯 （新重庆-重庆日报记者 佘振芳）9月 23日，…    dateline, credit in brackets
    新渝报讯（记者 余杰 实习生 彭茜）6月 4日，…          several roles, several names
    新华社北京12月24日电 …                                wire copy
    ■新重庆-重庆日报记者 夏元                              standalone byline
    新渝报记者 谢凤 摄 / 特约摄影 杨敏/视觉重庆            photo credits
    合川区融媒体中心记者 陈钰玲文 谭兴龙图                  text by one, picture by another
    …活动。（记者 周松）   …创造”。 据新重庆客户端        trailing credits
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from corpus.model import Reporter

ROLES = ("首席记者", "见习记者", "特约记者", "摄影记者", "全媒体记者", "融媒体记者", "记者",
         "实习生", "通讯员", "特约摄影", "摄影", "特约通讯员")
_ROLE = re.compile("|".join(sorted(ROLES, key=len, reverse=True)))
PHOTO_ROLES = ("摄影", "特约摄影", "摄影记者")
# Papers and agencies we credit by name; the org before a role is matched against these.
SOURCES = ("重庆日报", "重庆晨报", "重庆商报", "新渝报", "渝西都市报", "新华社", "人民日报",
           "中新社", "新重庆客户端", "华龙网", "上游新闻", "央视新闻")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,5}·[\u4e00-\u9fff]{1,6}$")
# Words that show a token is an organisation or title, never a person.
_NOT_NAME = re.compile(r"记者|报|社|中心|重庆|新闻|客户端|融媒|编辑|视觉|供图|通讯|实习|摄影|本刊")
_BULLETS = "■□●◆◇▲△★☆◎○•·"
_CJK_DIGITS = "０１２３４５６７８９"

_PAPER_DATELINE = re.compile(
    r"^\s*(?P<tag>本报讯|[\u4e00-\u9fff]{1,6}?(?:报|社|台|网)讯)\s*"
    r"(?:[（(](?P<credit>[^）)\n]{1,60})[）)])?\s*")
_WIRE_DATELINE = re.compile(
    r"^\s*(?P<agency>新华社|中新社|人民日报|央视新闻)\s*(?P<place>[\u4e00-\u9fff]{0,8}?)\s*"
    r"(?P<month>[0-9０-９]{1,2})\s*月\s*(?P<day>[0-9０-９]{1,2})\s*日\s*电\s*"
    r"(?:[（(](?P<credit>[^）)\n]{1,60})[）)])?\s*")
_TRAILING_SOURCE = re.compile(r"[\s（(]*据(?P<src>[\u4e00-\u9fff\-]{2,12}?)(?:消息|报道|电)?[）)]?\s*$")
_TRAILING_CREDIT = re.compile(r"[（(](?P<credit>[^（()）]{2,40})[）)]\s*$")


@dataclass
class Credit:
    """Who a dateline, byline or credit names, and what it says about the source."""

    reporters: list[Reporter] = field(default_factory=list)
    source: str | None = None
    photo: bool = False


@dataclass
class Dateline:
    """An article-opening dateline: credit, source, and where the body text begins."""

    credit: Credit
    body_offset: int  # characters of the paragraph taken by the dateline
    month_day: tuple[int, int] | None = None  # wire datelines carry the date: 12月24日电


def source_of(org: str) -> str | None:
    """The paper or agency an org string names: `新重庆-重庆日报` → 重庆日报."""
    for name in SOURCES:
        if name in org:
            return name
    return None


def parse_credit(text: str) -> Credit | None:
    """Parse a whole credit (`记者 余杰 实习生 彭茜`, `新渝报记者 谢凤 摄`); None if it isn't one."""
    text = unicodedata.normalize("NFKC", text).strip().lstrip(_BULLETS).strip()
    text = re.split(r"\s*/\s*", text)[0]  # `杨敏/视觉重庆`: the agency after the slash
    photo = bool(re.search(r"(?:^|\s|[\u4e00-\u9fff])摄$", text))
    text = re.sub(r"\s*(?:摄|文图|图文|文/图|报道)$", "", text).strip()
    roles = list(_ROLE.finditer(text))
    if not roles:
        return _bare_names(text, photo)
    org = text[: roles[0].start()].strip(" -—")
    if org and not _org_like(org):
        return None
    reporters: list[Reporter] = []
    for i, match in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(text)
        names = _names(text[match.end():end], text)
        if not names:
            return None  # a role without a name (`记者从…获悉`) is no credit
        reporters += [Reporter(name, match.group()) for name in names]
        photo = photo or match.group() in PHOTO_ROLES
    if not reporters:
        return None
    return Credit(reporters, source_of(org), photo)


def _org_like(org: str) -> bool:
    """`新重庆-重庆日报`, `璧山区融媒体中心`: a newsroom's name, nothing else in front of a role."""
    if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z\-—·]+", org):
        return False
    return bool(re.search(r"(报|社|台|网|中心|客户端|新闻)$", org)) or source_of(org) is not None


def _bare_names(text: str, photo: bool) -> Credit | None:
    """`张三 摄` prints no role: the photographer is credited as 摄影."""
    if not photo:
        return None
    names = _names(text, text)
    return Credit([Reporter(n, "摄影") for n in names], None, True) if names else None


def _names(segment: str, whole: str) -> list[str] | None:
    """Names in one role's segment; None if something there isn't a name."""
    names = []
    # `陈钰玲文 谭兴龙图`: text and picture credits glued to the names.
    glued = re.search(r"[\u4e00-\u9fff]文(?:\s|$)", whole) and re.search(r"[\u4e00-\u9fff]图$", whole)
    for token in segment.split():
        if glued and len(token) >= 3 and token[-1] in "文图":
            token = token[:-1]
        if token in ("文", "图", "摄"):
            continue
        if not _NAME.match(token) or _NOT_NAME.search(token):
            return None
        names.append(token)
    return names


def parse_dateline(paragraph: str) -> Dateline | None:
    """Recognise `本报讯（…）`, `X报讯（…）` or `新华社北京12月24日电` at a paragraph start."""
    wire = _WIRE_DATELINE.match(paragraph)
    if wire:
        credit = parse_credit(wire.group("credit") or "") if wire.group("credit") else None
        credit = credit or Credit()
        credit.source = source_of(wire.group("agency"))
        month_day = (_int(wire.group("month")), _int(wire.group("day")))
        return Dateline(credit, wire.end(), month_day)
    paper = _PAPER_DATELINE.match(paragraph)
    if not paper:
        return None
    credit = parse_credit(paper.group("credit")) if paper.group("credit") else None
    if paper.group("credit") and credit is None:
        return None  # `（以下简称…）`-style brackets: not a credit, so not a dateline
    credit = credit or Credit()
    tag = paper.group("tag")
    if tag != "本报讯":
        credit.source = credit.source or source_of(tag) or tag[:-1]
    return Dateline(credit, paper.end())


def _int(digits: str) -> int:
    return int(digits.translate(str.maketrans(_CJK_DIGITS, "0123456789")))


def split_trailing_credit(paragraph: str) -> tuple[str, Credit | None]:
    """Take `（记者 周松）` or `据新重庆客户端` off the end of a paragraph."""
    match = _TRAILING_SOURCE.search(paragraph)
    if match and match.start() > 0 and source_of(match.group("src")):
        return paragraph[: match.start()].rstrip(), Credit(source=source_of(match.group("src")))
    match = _TRAILING_CREDIT.search(paragraph)
    if match:
        credit = parse_credit(match.group("credit"))
        if credit:
            return paragraph[: match.start()].rstrip(), credit
    return paragraph, None


def is_byline_marker(text: str) -> bool:
    """Does the line open with the ■-style mark papers print before a byline?"""
    return bool(text) and text[0] in _BULLETS and text[0] not in "●•·"


# `（新华社记者兰红光摄）`, `（本报记者 张三摄）` inside or after a paragraph.
_INLINE_PHOTO = re.compile(r"[（(](?P<credit>[^（()）\n]{2,30}?摄(?:影)?)[）)]")


def inline_credits(text: str) -> list[Credit]:
    """Photo credits printed in brackets inside the text."""
    result = []
    for match in _INLINE_PHOTO.finditer(text):
        credit = parse_credit(match.group("credit"))
        if credit and credit.reporters:
            result.append(credit)
    return result
