"""A search request: validated parameters shared by the HTML page, the JSON API and the CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from index.docvalues import EPOCH
from search.query import MAX_QUERY_CHARS

SORTS = ("relevance", "newest", "oldest")
FILTERS = ("reporter", "district", "source", "kind", "year", "month")
MAX_PAGE = 100  # deepest numbered page; `after` cursors go on from there
PAGE_CEILING = 10**9  # pages a results page accepts (past the last one it says so), exports ignore
MAX_CURSOR_CHARS = 512
MAX_SIZE = 100
DEFAULT_SIZE = 10
MAX_FILTER_VALUES = 20
MAX_VALUE_CHARS = 512  # filter values and entity names: long names work, requests stay bounded
MAX_ID_CHARS = 512  # article ids (permalinks) as long as this are served


class BadRequest(ValueError):
    """A parameter a user can fix; rendered as HTTP 400 or a CLI error."""

    def __init__(self, code: str, message: str):
        self.code, self.message = code, message
        super().__init__(message)


@dataclass
class SearchRequest:
    """Everything that decides a results page."""

    q: str = ""
    page: int = 1
    size: int = DEFAULT_SIZE
    sort: str = "relevance"
    filters: dict[str, list[str]] = field(default_factory=dict)  # ?district=a&district=b → ["a", "b"]
    date_from: str | None = None  # as typed: 2025, 2025-09 or 2025-09-23
    date_to: str | None = None
    literal: bool = False  # run the query as typed, never a corrected spelling
    after: str | None = None  # a cursor (`next` of an earlier page): the results after it, instead of `page`

    def __post_init__(self):
        # Text beyond what the parser reads would only cost time elsewhere (entities, corrections);
        # one character more is kept so that the parser still says the query was cut. Lone
        # surrogates (undecodable command-line bytes) can't be put in a URL or a page.
        self.q = _encodable(self.q[: MAX_QUERY_CHARS + 1])
        for values in self.filters.values():  # in place: callers keep and extend this very dict
            if isinstance(values, list) and any(_encodable(v) is not v for v in values):
                values[:] = [_encodable(v) for v in values]

    def params(self, **changes) -> list[tuple[str, str]]:
        """URL parameters of this request (defaults left out), with `changes` applied."""
        values = {"q": self.q, "sort": self.sort, "from": self.date_from, "to": self.date_to,
                  "size": self.size, "page": self.page, "literal": "1" if self.literal else None, **self.filters,
                  "after": self.after}
        values.update(changes)
        out = []
        for key in ("q", "literal", *FILTERS, "from", "to", "sort", "size", "page", "after"):
            value = values.get(key)
            if key == "sort" and value == "relevance" or key == "size" and value == DEFAULT_SIZE \
                    or key == "page" and value == 1:
                continue
            for v in value if isinstance(value, list) else [value]:
                if v not in (None, ""):
                    out.append((key, str(v)))
        return out


def date_bounds(text: str | None, *, upper: bool) -> date | None:
    """`2025`, `2025-09` or `2025-09-23` → the first (or, for `upper`, last) day it covers."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?", text.strip())
    if not m:
        raise BadRequest("bad_date", f"日期格式无法识别：{text[:20]!r}（可用 2025、2025-09 或 2025-09-23）")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            return date(year, int(month), int(day))
        if month:
            start = date(year, int(month), 1)
            if not upper:
                return start
            nxt = date(year + (start.month == 12), start.month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(year, 12, 31) if upper else date(year, 1, 1)
    except ValueError:
        raise BadRequest("bad_date", f"日期不存在：{text[:20]!r}") from None


def day_bounds(req: SearchRequest) -> tuple[int | None, int | None]:
    """The request's `from`/`to` as inclusive day numbers (days since 1970-01-01), None when open."""
    low, high = date_bounds(req.date_from, upper=False), date_bounds(req.date_to, upper=True)
    return (low and low.toordinal() - EPOCH), (high and high.toordinal() - EPOCH)


def _int(args, name: str, default: int, low: int, high: int, hint: str = "") -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise BadRequest(f"bad_{name}", f"参数 {name} 应为整数，收到 {str(raw)[:20]!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"bad_{name}", f"参数 {name} 应在 {low} 到 {high} 之间，收到 {value}{hint}")
    return value


def parse_search_args(args, max_page: int = MAX_PAGE) -> SearchRequest:
    """Validate request arguments (any mapping with `get`, and `getlist` for repeated keys).

    :param max_page: the deepest page accepted; a results page takes any and says when it is past the end.
    """
    getlist = getattr(args, "getlist", lambda k: [args[k]] if k in args else [])
    req = SearchRequest(q=(args.get("q") or "").strip())
    deepest = max(max_page, MAX_PAGE)
    req.page = _int(args, "page", 1, 1, deepest,
                    hint="；更多结果请用 after= 游标（见 links.next）" if deepest == MAX_PAGE else "")
    req.after = (args.get("after") or "").strip() or None
    if req.after and len(req.after) > MAX_CURSOR_CHARS:
        raise BadRequest("bad_cursor", "after 游标无效")
    req.size = _int(args, "size", DEFAULT_SIZE, 1, MAX_SIZE)
    req.sort = (args.get("sort") or "relevance").strip()
    if req.sort not in SORTS:
        raise BadRequest("bad_sort", f"sort 应为 {', '.join(SORTS)} 之一")
    for name in FILTERS:
        values = [v.strip() for v in getlist(name) if v and v.strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise BadRequest("too_many_filters", f"{name} 最多 {MAX_FILTER_VALUES} 个值")
        if any(len(v) > MAX_VALUE_CHARS for v in values):
            raise BadRequest("bad_filter", f"{name} 的值过长")
        if values:
            req.filters[name] = list(dict.fromkeys(values))
    req.literal = (args.get("literal") or "").strip().lower() in ("1", "true", "yes")
    req.date_from = (args.get("from") or "").strip() or None
    req.date_to = (args.get("to") or "").strip() or None
    low, high = date_bounds(req.date_from, upper=False), date_bounds(req.date_to, upper=True)
    if low and high and low > high:
        raise BadRequest("bad_date_range", "起始日期晚于结束日期")
    return req


def _encodable(text: str) -> str:
    """`text` with characters UTF-8 can't encode (lone surrogates) replaced by U+FFFD."""
    if isinstance(text, str) and not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text
