"""Credits that close an article or sit inside its text, printed in brackets or after `据`.

    …活动。（记者 周松）          …创造”。 据新重庆客户端          …成效。（孟西安王鸣媛）
    …取血样。（新华社记者兰红光摄）  …（本报开罗电）  …（河南偃师市公安局焦宏）
Only the last `TAIL_CHARS` characters of a paragraph are looked at, so a
paragraph of any length (300 000 unclosed `（`) costs the same.
"""

from __future__ import annotations

import re

from corpus.extract.credits import Credit, parse_credit
from corpus.extract.signatures import parse_signature, pen_name
from corpus.extract.datelines import closing_dateline
from corpus.extract.papers import find_source

TAIL_CHARS = 90
_SOURCE = re.compile(r"[\s（(]?据(?P<src>[\u4e00-\u9fffA-Za-z0-9\-·]{2,14}?)(?:消息|报道|电)?[）)]?\s*$")
_BRACKET = re.compile(r"[（(](?P<credit>[^（()）\n]{2,40})[）)]\s*[。.]?\s*$")
_SENTENCE_END = ("。", "！", "？", "”", "』", "…")
_PHOTO_LABEL = re.compile(r"^(?:照片|图片|图|摄影|题图)\s*[：:]\s*")
_INLINE_PHOTO = re.compile(r"[（(](?P<credit>[^（()）\n]{2,30}?摄(?:影)?)[）)]")


def trailing_credit(paragraph: str) -> tuple[int, Credit] | None:
    """(where the credit starts, the credit) of a paragraph that ends with one, else None."""
    end = paragraph.rstrip(" 。.\n")
    if not end or (end[-1] not in "）)" and "据" not in end[-TAIL_CHARS:]):
        return None  # nothing closes in a bracket or with 据: most paragraphs leave here, cheaply
    offset = max(0, len(paragraph) - TAIL_CHARS)
    tail = paragraph[offset:]
    match = _SOURCE.search(tail)
    if match and (match.start() > 0 or offset) and find_source(match.group("src")):
        return offset + match.start(), Credit(source=find_source(match.group("src")))
    match = _BRACKET.search(tail)
    if not match:
        return None
    # Right after a sentence, a bracket is the writer's signature, whatever the name: `…承办。（丽文）`.
    signed = match.start() == 0 and not offset or tail[:match.start()].endswith(_SENTENCE_END)
    credit = bracket_credit(match.group("credit"), pen=signed)
    return (offset + match.start(), credit) if credit else None


def bracket_credit(text: str, pen: bool = False) -> Credit | None:
    """What a closing bracket credits: people, or (`本报开罗电`, `新华社发美联社照片`) just the source.

    `pen`: the bracket closes the text, so a pen name (`（晓王）`, `（小苏）`) signs it too.
    """
    text = _PHOTO_LABEL.sub("", text.strip())
    credit = parse_signature(text, default_role="记者") or closing_dateline(text) or photo_source(text)
    return credit or (pen_name(text) if pen else None)


# `新华社发美联社照片`, `传真照片`, `照片均为新华社发`, `新华社供图`: who supplied the picture, no one named.
# `无人机照片` says what the picture is, not who supplied it.
_PHOTO_SOURCE = re.compile(r"[\u4e00-\u9fff]{1,10}(?:发|提供|供)[\u4e00-\u9fff]{0,6}(?:照片|图片|图)|"
                           r"(?:照片|图片)[\u4e00-\u9fff]{0,6}(?:发|提供)|(?:本报)?(?:传真|资料)?(?:照片|图片)|(?P<agency>[\u4e00-\u9fff]{2,8})发")


def photo_source(text: str) -> Credit | None:
    """A picture's source credit (`新华社发美联社照片`): a photo credit naming an agency, not a person."""
    match = _PHOTO_SOURCE.fullmatch(text)
    if not match or (match.group("agency") and not find_source(match.group("agency"))):
        return None  # `X发` only for an agency: `（新华社发）`
    return Credit(source=find_source(text), photo=True)


def inline_credits(text: str) -> list[Credit]:
    """Photo credits printed in brackets inside the text (`（新华社记者兰红光摄）`)."""
    result = []
    for match in _INLINE_PHOTO.finditer(text):
        credit = parse_credit(_PHOTO_LABEL.sub("", match.group("credit")), default_role="记者")
        if credit and credit.reporters:
            result.append(credit)
    return result
