"""Credit lines → the people credited, the role printed beside each, and the newsroom named.

The shapes printed in Chongqing and national papers:
    新重庆-重庆日报记者 佘振芳            newsroom, role, name
    记者 余杰 实习生 彭茜                  several roles, several names
    本报驻俄罗斯记者刘刚                   a bureau; names glued to the role
    新华社记者罗玉文、本报记者陈维伟       two newsrooms, `、` between them
    上游新闻·重庆晨报记者 X Y 摄影 Z       a co-photographer (still a byline)
    新渝报记者 谢凤 摄 / 张三 摄 / X 摄影报道   photo credits
    特约摄影 杨敏/视觉重庆                 the agency after a slash
    文/X   X/文   记者 X/Y 摄              slashes
    合川区融媒体中心记者 陈钰玲文 谭兴龙图  text by one, picture by another
    孟西安王鸣媛                           names printed glued together
A credit is read token by token: newsrooms, roles, markers (摄, 报道, 文图),
separators and words; every word must be one or more names, else the text is
no credit (`记者从市商务委获悉`). Credit strings are short: longer text is
refused before any regex runs, so nothing here can be slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from corpus.extract.names import is_name, names_in
from corpus.extract.papers import NEWSROOM, PRINTED_NAMES, find_source
from corpus.model import Reporter

ROLES = ("首席记者", "见习记者", "特约记者", "特派记者", "摄影记者", "全媒体记者", "融媒体记者", "驻站记者",
         "实习记者", "记者", "实习生", "特约通讯员", "通讯员", "特约摄影", "摄影", "评论员")
PHOTO_ROLES = ("摄影", "特约摄影", "摄影记者")
MAX_CREDIT = 80  # characters; a credit line is never longer
_ROLE = "|".join(ROLES)
BULLETS = "■□●◆◇▲△★☆◎○•"
_PRINTED = "|".join(re.escape(n) for n in PRINTED_NAMES)
_TOKEN = re.compile(
    rf"(?P<org>本报驻[\u4e00-\u9fff]{{1,8}}?(?=(?:首席|特约|特派|见习)?记者)|本报|{NEWSROOM.pattern}|{_PRINTED}"
    r"|《[\u4e00-\u9fff]{2,12}(?:报|杂志)》)"  # `本报记者江玉《中国电力报》记者张大和`
    rf"|(?P<role>{_ROLE})"
    r"|(?P<mark>摄影报道|文图|图文|文/图|供图|制图|报道|摄|作(?=\s*$))"  # `（张滨作）`: a cartoon's
    r"|(?P<slash>[/／])"
    r"|(?P<sep>[\s、，,;；]+)"
    rf"|(?P<word>[\u4e00-\u9fff·]+?)(?=(?:{_ROLE})|摄|报道|作\s*$|[/／\s、，,;；]|(?:{_PRINTED})|《|$)"
    r"|(?P<other>.)")
# A word glued to an organisation before a role: `成元生国际广播电台` (记者 …).
_ORG_TAIL = re.compile(r"[\u4e00-\u9fff]{2,12}(?:报社|报|通讯社|社|网|电视台|电台|台|客户端|中心)$")
_GLUED_TEXT_PICTURE = (re.compile(r"[\u4e00-\u9fff]文(?:\s|$)"), re.compile(r"[\u4e00-\u9fff]图$"))


@dataclass
class Credit:
    """Who a dateline, byline or credit names, and what it says about the source."""

    reporters: list[Reporter] = field(default_factory=list)
    source: str | None = None
    photo: bool = False


def parse_credit(text: str, default_role: str = "作者", bare: bool = False) -> Credit | None:
    """Parse a whole credit (see `_parse_credit`); a fresh copy each call, the reading cached."""
    credit = _parse_credit(text, default_role, bare)
    return None if credit is None else Credit(list(credit.reporters), credit.source, credit.photo)


@lru_cache(maxsize=4096)
def _parse_credit(text: str, default_role: str = "作者", bare: bool = False) -> Credit | None:
    """Parse a whole credit; None if it isn't one. Names printed without a role get `default_role`.

    `bare`: names alone (`汪洪洋、林志平`) count too; otherwise a role, newsroom or
    photo mark must say the text is a credit (`高健` alone is just a name).
    """
    text = text.strip().lstrip(BULLETS).strip()
    if not text or len(text) > MAX_CREDIT:
        return None
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
    glued = all(p.search(text) for p in _GLUED_TEXT_PICTURE)
    reader = _Reader(default_role, glued, bare)
    for i, (kind, value) in enumerate(tokens):
        nxt = next((t for t in tokens[i + 1:] if t[0] != "sep"), (None, ""))
        if not reader.take(kind, value, nxt):
            break
    return reader.credit()


class _Reader:
    """The state of reading one credit's tokens left to right."""

    def __init__(self, default_role: str, glued: bool, bare: bool):
        self.default_role, self.glued, self.bare = default_role, glued, bare
        self.marked = False  # a role, newsroom or photo mark was read
        self.people: list[list] = []  # [name, role, photographed, role printed]
        self.role: str | None = None
        self.source: str | None = None
        self.since_role = 0  # names read since the last role
        self.failed = False
        self.role_wants_name = False
        self.slash_text = False  # `文/` read: the next name wrote the text
        self.comma = False  # a `，` was read since the last role or newsroom

    def take(self, kind: str, value: str, nxt: tuple) -> bool:
        """Read one token; False stops reading (the rest is an agency, a place or no credit)."""
        if kind in ("org", "role", "mark"):
            self.marked = True
            self.comma = False
        if kind == "org":
            self.source = self.source or find_source(value)
            return True
        if kind == "role":
            return self._role(value, nxt)
        if kind == "mark" or (kind == "word" and value in ("文", "图")):
            return self._mark(value)
        if kind == "slash":
            return True
        if kind == "sep":
            self.comma = self.comma or any(c in value for c in "，,")
            return True
        if kind == "word":
            if self.comma:
                return self._stop()  # `，` parts credits (`…赵秀娟，本报记者李舫`), never names: prose
            return self._word(value)
        return self._stop()

    def _role(self, value: str, nxt: tuple) -> bool:
        if value == "摄影" and nxt[0] not in ("word",):
            return self._mark("摄")  # `X 摄影` at the end: a photo suffix, not a role
        if self.role_wants_name:
            self.failed = True
            return False
        self.role, self.since_role, self.role_wants_name = value, 0, True
        return True

    def _mark(self, value: str) -> bool:
        recent = self.people[len(self.people) - self.since_role:] if self.since_role else self.people[-1:]
        if value == "作":  # drawn by: a picture's credit, the role as printed
            self.marked = True
            for person in recent or []:
                person[2] = True
        elif value in ("摄", "摄影报道"):
            self.marked = True
            for person in recent or []:
                person[2] = True
                if not person[3]:
                    person[1] = "摄影"
        elif value == "文":
            self.marked = True
            if recent and self.people:
                for person in recent:
                    person[1], person[3] = "文", True
            else:
                self.slash_text = True
        return True

    def _word(self, value: str) -> bool:
        if self.glued and len(value) >= 3 and value[-1] in "文图":
            value = value[:-1]
        names = names_in(value, strict=self.role is None)
        if names is None:
            names = self._name_then_org(value)
        if names is None:
            return self._stop()
        role = "文" if self.slash_text else self.role or self.default_role
        printed = self.slash_text or self.role is not None
        self.slash_text = False
        for name in names:
            self.people.append([name, role, False, printed])
        self.since_role += len(names)
        self.role_wants_name = False
        return True

    def _name_then_org(self, value: str) -> list[str] | None:
        for size in (3, 2):
            if len(value) > size + 1 and is_name(value[:size], strict=True) and _ORG_TAIL.fullmatch(value[size:]):
                self.source = self.source or find_source(value[size:])
                return [value[:size]]
        return None

    def _stop(self) -> bool:
        # Something that is no name ends a credit (an agency, a place: `杨敏/视觉重庆`); names alone,
        # with nothing saying they are a credit, are no credit if a headline goes on after them.
        if not self.people or not self.marked:
            self.failed = True
        return False

    def credit(self) -> Credit | None:
        if self.failed or self.role_wants_name or not self.people or not (self.marked or self.bare):
            return None
        reporters = [Reporter(name, role) for name, role, _, _ in self.people]
        photo = all(shot or role in PHOTO_ROLES for _, role, shot, _ in self.people)
        return Credit(_unique(reporters), self.source, photo)


def _unique(reporters: list[Reporter]) -> list[Reporter]:
    seen: set[str] = set()
    return [r for r in reporters if not (r.name in seen or seen.add(r.name))]
