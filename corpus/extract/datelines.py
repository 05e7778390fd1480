"""Datelines that open an article: who sent it, from where, on which day, and who wrote it.

    本报讯 （新重庆-重庆日报记者 佘振芳）9月 23日，…
    本报北京１月５日讯 记者X报道：…          本报郑州１月３日电记者戴鹏报道：…
    新华社北京12月24日电 …                   据新华社耶路撒冷１月７日电（记者戚德良、支林飞）…
    新华社重庆1月12日专电 …                  华龙网7月30日8时35分讯(见习记者 X)…
    华龙网-新重庆客户端讯(…)                 【文汇网讯】(记者X 重庆报道)…
    本报北京一月八日讯新华社记者X、本报记者Y报道：…    央视网消息（新闻联播）：…
Dates may be Arabic, full-width or Chinese numerals. The dateline stays in
the body (it is printed text); `body_offset` says where the news itself starts.
Only the first 160 characters of a paragraph are examined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.extract.credits import Credit, parse_credit
from corpus.extract.signatures import parse_signature
from corpus.extract.dates import cn_number
from corpus.extract.papers import NEWSROOM, PRINTED_NAMES, find_source, is_paper

HEAD_CHARS = 160
_DIGIT = "[0-9０-９]"
_CN = "[〇一二三四五六七八九十零○]"
DATE = (rf"(?:(?P<year>{_DIGIT}{{4}}|{_CN}{{4}})\s*年\s*)?(?P<month>{_DIGIT}{{1,2}}|{_CN}{{1,3}})\s*月\s*"
        rf"(?P<day>{_DIGIT}{{1,2}}|{_CN}{{1,3}})\s*[日号]")
_TAGS = "|".join(["本报", NEWSROOM.pattern, *(re.escape(n) for n in PRINTED_NAMES)])
_HEADER = re.compile(
    rf"^\s*(?P<according>据)?\s*(?P<open>【)?\s*(?P<tag>{_TAGS}|[\u4e00-\u9fff]{{2,8}}?(?:报|社|网|台|客户端))"
    rf"(?P<station>驻[\u4e00-\u9fff]{{1,8}}?)?\s*(?P<place>(?:(?!记者|通讯员)[\u4e00-\u9fff]){{0,10}}?)\s*"
    rf"(?:{DATE})?\s*(?:{_DIGIT}{{1,2}}\s*时(?:\s*{_DIGIT}{{1,2}}\s*分)?)?\s*"
    # 电 as in 北京电, not 电台, 电视, 电话 …
    rf"(?P<kind>讯|专电|电(?![台视话力网子脑影器气商梯池缆站费价线路报])|消息)\s*】?")
_HINT = re.compile(r"讯|电|消息")
_BRACKET = re.compile(r"\s*[（(【\[](?P<credit>[^（()）【】\[\]\n]{1,60})[）)】\]]")
# `记者X报道：`, `新华社记者X、本报记者Y报道：` run on after the header.
_REPORTED = re.compile(r"\s*(?P<credit>[^：:。（(\n]{1,40}?(?:报道|摄影报道))\s*[：:]?")
# `记者陈陆军从广播电影电视部获悉`: a name glued to the lead.
_LEAD_NAME = re.compile(r"\s*(?P<credit>(?:新华社|本报)?记者[\u4e00-\u9fff]{2,3}?)(?=从|在|获悉|了解到|日前|近日|今天|昨天)")


@dataclass
class Dateline:
    """An article-opening dateline: credit, source, date, and where the news text begins."""

    credit: Credit
    body_offset: int  # characters of the paragraph the dateline takes
    month_day: tuple[int, int] | None = None  # wire datelines carry the date: 12月24日电
    year: int | None = None  # printed only now and then
    place: str | None = None


def parse_dateline(paragraph: str) -> Dateline | None:
    """Recognise a dateline at the start of a paragraph; None if there is none."""
    head = paragraph[:HEAD_CHARS]
    if not _HINT.search(head, 0, 60):
        return None  # no 讯, 电 or 消息 near the start: most paragraphs leave here, cheaply
    match = _HEADER.match(head)
    if not match or not _plausible(match):
        return None
    credit, end = _credit_after(head, match.end())
    tag = match.group("tag")
    bare = tag == "本报" and not (match.group("place") or match.group("month"))
    if credit is None and bare and _BRACKET.match(head, match.end()):
        return None  # `本报讯（以下简称…）`: brackets that aren't a credit after a bare tag
    credit = credit or Credit()
    if tag != "本报":
        credit.source = find_source(tag) or credit.source
    elif not is_paper(credit.source):
        credit.source = None  # 本报北京电 新华社记者X、本报记者Y: the page's own paper, not the agency
    month, day = cn_number(match.group("month") or ""), cn_number(match.group("day") or "")
    month_day = (month, day) if month and day and 1 <= month <= 12 and 1 <= day <= 31 else None
    year = cn_number(match.group("year")) if match.group("year") else None
    return Dateline(credit, end, month_day, year, match.group("place") or None)


def _plausible(match: re.Match[str]) -> bool:
    """An unknown tag (`…网`, `…报`) counts only as `X讯` or with a date: `该网站电话` is no dateline."""
    tag = match.group("tag")
    known = tag == "本报" or find_source(tag) is not None
    return known or bool(match.group("month")) or not (match.group("place") or match.group("station"))


def _credit_after(head: str, start: int) -> tuple[Credit | None, int]:
    """The credit printed right after the header, and where the dateline ends."""
    for pattern in (_BRACKET, _REPORTED, _LEAD_NAME):
        found = pattern.match(head, start)
        if found:
            text = found.group("credit")
            credit = (parse_signature(text, "记者") if pattern is _BRACKET else parse_credit(text, "记者"))
            if credit is not None:
                return credit, found.end() if pattern is not _LEAD_NAME else start
    return None, start


def closing_dateline(text: str) -> Credit | None:
    """`（本报开罗电）`, `（新华社北京１２月３１日电）` at the end: the source, no names."""
    match = _HEADER.fullmatch(text.strip().strip("（）()"))
    if not match or not _plausible(match):
        return None
    tag = match.group("tag")
    return Credit(source=find_source(tag) if tag != "本报" else None)
