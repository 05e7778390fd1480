"""Personal names in credits: one name, several separated any way, or several printed glued together.

Credits separate names with spaces, `、`, `/` or nothing at all (`孟西安王鸣媛`
in an old national daily). A glued run is cut where every piece starts with
a surname and is two or three characters long (four with a compound surname
such as 诸葛) — Chinese names almost always are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.segmenter import frequency

# The commonest Chinese surnames (about 90% of the population); a name starts with one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝鹿喻支诸钮茅揭宣蔺楚晋闻井匡邰郜宿佘凤粟蹇隆幸代勾伏"
    "傅洪赖阎丘亓惠栗邸庹谌禹滑逯冀邴於雍扈郦仝芮嵇权印危练战慕植綦鲜母琚荀靖"
    "郄乐盖郗羊冼逄阚訾鞠果")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文",
                     "长孙", "夏侯", "端木", "司徒", "申屠", "澹台", "万俟", "西门", "南宫", "呼延")
# Words that make a token an organisation, a title or a place, never a person.
NOT_NAME = re.compile(r"记者|报|社|中心|重庆|新闻|客户端|融媒|编辑|视觉|供图|通讯|实习|摄影|本刊|评论|"
                      r"部|局|委|厅|院|办|网|台|公司|集团|大学|学校|协会|电视|日电|讯|专电|照片|图片|"
                      r"省|市|县|区|镇|乡|村|街道|北京|上海|天津|消息|获悉|了解|报道|采访|表示|介绍")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_MINORITY = re.compile(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,8})+")  # 买买提·艾力
MAX_GLUED = 12  # four three-character names
COMMON_WORD = 50  # a dictionary word this frequent (广州, 北京, 合作) is no one's name


def surname_length(text: str) -> int:
    """Length of the surname the text starts with (2 for 欧阳…, 1 for 王…), 0 if none."""
    if text[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[:1] in SURNAMES else 0


def is_name(token: str, strict: bool = False) -> bool:
    """Could the token be one person's name? `strict`: it must also start with a known surname.

    Credits name people after a role (`记者 X`), where any two to four
    characters that aren't an organisation or title will do; a name printed
    alone (`（王桦）`) must look like one.
    """
    if _MINORITY.fullmatch(token):
        return not NOT_NAME.search(token)
    if not _CJK_NAME.fullmatch(token) or NOT_NAME.search(token):
        return False
    if len(token) == 4 and surname_length(token) != 2:
        return False  # four characters: a compound surname (欧阳…), else a phrase (`停下车来`)
    if surname_length(token):
        return True
    # Without a known surname only a rare word can be a name (`小苏`, `丁子`; not `表示`, `召开`).
    return not strict and word_freq(token) < COMMON_WORD


def split_glued(run: str) -> list[str] | None:
    """`孟西安王鸣媛` → [孟西安, 王鸣媛]; None if the run can't be cut into surname-led names.

    Of several cuts, the one with the most three-character names wins (the
    common length), then the one whose names start with commoner surnames.
    """
    if len(run) > MAX_GLUED or not re.fullmatch(r"[\u4e00-\u9fff]+", run):
        return None
    cut = _best_cut(run)
    return list(cut) if cut else None


@lru_cache(maxsize=4096)
def _best_cut(run: str) -> tuple[str, ...] | None:
    if not run:
        return ()
    best: tuple[str, ...] | None = None
    best_key = None
    lead = surname_length(run)
    if not lead:
        return None
    for size in (3, 2, 4):
        if size > len(run) or (size == 4 and lead != 2):
            continue
        piece = run[:size]
        if NOT_NAME.search(piece):
            continue
        rest = _best_cut(run[size:])
        if rest is None:
            continue
        cut = (piece, *rest)
        key = (sum(len(p) == 3 for p in cut), -len(cut))
        if best_key is None or key > best_key:
            best, best_key = cut, key
    return best


def names_in(token: str, strict: bool = False) -> list[str] | None:
    """The names of one token: itself, or the pieces of a glued run; None if it holds no names.

    A four-character token that is two surname-led pairs (`郭闯苏忠`) is two people.
    """
    if len(token) == 4 and surname_length(token) == 1 and surname_length(token[2:]) == 1 \
            and not _MINORITY.fullmatch(token) and not NOT_NAME.search(token):
        return [token[:2], token[2:]]
    if is_name(token, strict):
        return [token]
    if len(token) >= 5:
        return split_glued(token)
    return None


@lru_cache(maxsize=8192)
def word_freq(word: str) -> int:
    """How common a word is in jieba's dictionary (0: not a dictionary word)."""
    return frequency(word)
