"""Papers, agencies and newsrooms as data: the names they print, and the source each one means.

A credit prints its newsroom many ways (`新重庆-重庆日报记者`, `上游新闻·重庆晨报记者`,
`华龙网-新重庆客户端讯`, `璧山区融媒体中心记者`); `find_source` maps any of
them to one source name. Chongqing's own outlets come first, then the
national papers and agencies that Chongqing pages reprint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.extract.gazetteer import DISTRICTS


@dataclass(frozen=True)
class Paper:
    """A paper, agency, site or newsroom: the source name and the other names it prints."""

    name: str
    printed: tuple[str, ...] = ()
    scope: str = "chongqing"  # chongqing | district | national
    is_paper: bool = True  # a printed paper (it can own a page), not a site, app or agency


def _p(name: str, *printed: str, scope: str = "chongqing", paper: bool = True) -> Paper:
    return Paper(name, printed, scope, paper)


CHONGQING = (
    _p("重庆日报", "新重庆-重庆日报", "重庆日报社", "重报"),
    _p("重庆晨报", "新重庆-重庆晨报", "上游新闻·重庆晨报", "重庆晨报·上游新闻"),
    _p("重庆晚报", "新重庆-重庆晚报", "重庆晚报·慢新闻", "慢新闻"),
    _p("重庆商报", "新重庆-重庆商报", "重庆商报·上游财经", "上游财经"),
    _p("重庆时报"),
    _p("新渝报"),  # 大足
    _p("渝西都市报"),
    _p("华龙网", "华龙网-新重庆客户端", paper=False),
    _p("上游新闻", paper=False),
    _p("第1眼", "第1眼新闻", "第1眼TV", "第一眼", paper=False),
    _p("新重庆客户端", paper=False),
    _p("重庆广播电视台", "重庆卫视", "重庆广电", paper=False),
    _p("视界网", paper=False),
)
# District papers; the district 融媒体中心 are recognised by shape below.
DISTRICT_PAPERS = tuple(_p(name, scope="district") for name in (
    "万州时报", "涪陵日报", "江津日报", "合川日报", "永川日报", "綦江日报", "黔江日报", "南川日报", "长寿日报",
    "巴南日报", "北碚日报", "渝北时报", "璧山日报", "铜梁日报", "潼南日报", "荣昌日报", "开州日报", "梁平日报",
    "武隆日报", "大渡口报", "九龙坡报", "沙坪坝报", "南岸报", "江北报", "渝中报", "垫江日报", "丰都日报",
    "忠县日报", "云阳报", "奉节报", "巫山报", "巫溪报", "城口报", "石柱报", "秀山报", "酉阳报", "彭水日报"))
NATIONAL = (
    _p("人民日报", "人民日报社", "人民网", scope="national"),
    _p("新华社", "新华通讯社", "新华网", scope="national", paper=False),
    _p("经济日报", scope="national"), _p("光明日报", scope="national"),
    _p("中国日报", scope="national"), _p("工人日报", scope="national"), _p("农民日报", scope="national"),
    _p("法治日报", "法制日报", scope="national"), _p("科技日报", scope="national"),
    _p("中国青年报", "中青报", scope="national"), _p("解放军报", scope="national"),
    _p("中国新闻社", "中新社", "中新网", scope="national", paper=False),
    _p("中央广播电视总台", "央视新闻", "央视网", "中央电视台", "中央人民广播电台", "国际广播电台",
       scope="national", paper=False),
    _p("文汇报", "文汇网", scope="national"), _p("四川日报", scope="national"),
    _p("澎湃新闻", scope="national", paper=False), _p("新京报", scope="national"),
    _p("环球时报", scope="national"), _p("中国纪检监察报", scope="national"),
)
PAPERS: tuple[Paper, ...] = CHONGQING + DISTRICT_PAPERS + NATIONAL

_BY_PRINTED: dict[str, Paper] = {}
for _paper in PAPERS:
    for _name in (_paper.name, *_paper.printed):
        _BY_PRINTED.setdefault(_name, _paper)
PRINTED_NAMES = tuple(sorted(_BY_PRINTED, key=len, reverse=True))
_DISTRICT_NAMES = "|".join(sorted({n for d in DISTRICTS for n in (d.name, d.short)}, key=len, reverse=True))
# `璧山区融媒体中心`, `江津区融媒体中心`: each district's newsroom.
NEWSROOM = re.compile(rf"(?:{_DISTRICT_NAMES})(?:区|县)?融媒体中心")
PRINTED = re.compile("|".join(re.escape(n) for n in PRINTED_NAMES))


def find_source(org: str) -> str | None:
    """The source an org string names: `新重庆-重庆日报` → 重庆日报, `璧山区融媒体中心` → itself."""
    room = NEWSROOM.search(org)
    if room:
        return room.group()
    match = PRINTED.search(org)
    return _BY_PRINTED[match.group()].name if match else None


def is_paper(source: str | None) -> bool:
    """Can this source own a printed page (a paper, not an agency or an app)?"""
    paper = _BY_PRINTED.get(source or "")
    return bool(paper and paper.is_paper)
