"""OpenAPI 3.0 description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from search.views.entity import MAX_NAME_CHARS
from search.request import (FILTERS, MAX_CURSOR_CHARS, MAX_FILTER_VALUES, MAX_ID_CHARS, MAX_PAGE, MAX_SIZE,
                            MAX_VALUE_CHARS, SORTS)
from web.archive.openapi import archive_paths, archive_schemas
from web.data import MAX_SUGGEST_CHARS, MAX_SUGGESTIONS

FILTER_HELP = {
    "reporter": "记者（可重复：同一筛选内为“或”）；错别字、拼音会按最接近的记者解析",
    "district": "区县（可重复）；简称、别名、拼音均可，如 江津、jiangjin",
    "source": "来源报纸或通讯社（可重复）",
    "kind": "类型（可重复）：article 文章、photo 图片、brief 简讯",
    "year": "年份（可重复），如 2025",
    "month": "月份（可重复），如 2025-09",
}
DATE_PATTERN = r"^\d{4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?$"


DATE_SOURCE = {"type": "string", "enum": ["dateline", "issue", "inferred", "none"],
               "description": "日期从何而来：dateline 电头、issue 出版日期、inferred 年份推断、none 无日期"}
PROVENANCE = {"type": "object", "description": "出处：报纸、日期（及其来源）、版次、栏目、阅读顺序、原文网址、语料文件",
              "required": ["source", "date", "date_source", "date_label", "page", "section", "order", "url", "file"],
              "properties": {"source": {"type": "string", "nullable": True}, "date": {"type": "string", "nullable": True},
                             "date_source": DATE_SOURCE, "date_label": {"type": "string"},
                             "page": {"type": "string", "nullable": True}, "section": {"type": "string", "nullable": True},
                             "order": {"type": "integer", "nullable": True}, "url": {"type": "string", "nullable": True},
                             "file": {"type": "string", "nullable": True}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _unavailable(busy: bool = False) -> dict:
    """503: the index is missing or damaged (`index_unavailable`); for expensive routes also a
    saturated server (`overloaded`, with Retry-After)."""
    if not busy:
        return _error("索引不可用（index_unavailable）：请管理员运行 manage.py reindex")
    response = _error("索引不可用（index_unavailable），或服务器繁忙（overloaded）：Retry-After 秒后重试")
    response["headers"] = {"Retry-After": {"description": "服务器繁忙时：几秒后重试",
                                           "schema": {"type": "integer", "minimum": 1}}}
    return response


def _nullable(type_: str) -> dict:
    return {"type": type_, "nullable": True}


def _strings() -> dict:
    return {"type": "array", "items": {"type": "string"}}


def _query(name: str, schema: dict, description: str, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description,
            **extra}


def _path(name: str, max_length: int, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "minLength": 1, "maxLength": max_length}}


def search_parameters() -> list[dict]:
    """Query parameters of /api/search (and of /search, /export.csv, /feed.atom)."""
    params = [
        _query("q", {"type": "string"}, "检索式：词语可连写或用空格、逗号分开（实词须出现，虚词可不出现；"
                                        "结果过少时逐步放宽）、\"精确短语\"、-词或 NOT 排除、OR 或 |、"
                                        "title:/reporter:/district:/source: 前缀；超过 256 字只取前 256 字"),
        _query("literal", {"type": "string", "enum": ["1"]}, "按输入检索，不改用纠正后的拼写"),
        _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
               f"页码（最多 {MAX_PAGE} 页；更深的结果用 after 游标）"),
        _query("after", {"type": "string", "maxLength": MAX_CURSOR_CHARS},
               "游标：上一页的 next_after（或直接跟随 links.next），取其后的结果，可取完全部结果；代替 page"),
        _query("size", {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": 10}, "每页条数"),
        _query("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"},
               "排序：relevance 相关度、newest 最新、oldest 最早"),
    ]
    for name in FILTERS:
        schema = {"type": "array", "maxItems": MAX_FILTER_VALUES,
                  "items": {"type": "string", "maxLength": MAX_VALUE_CHARS}}
        params.append(_query(name, schema, FILTER_HELP[name], style="form", explode=True))
    for name, label in (("from", "起始日期（含）"), ("to", "结束日期（含）")):
        params.append(_query(name, {"type": "string", "pattern": DATE_PATTERN},
                             f"{label}：2025、2025-09 或 2025-09-23"))
    return params


def schemas() -> dict:
    """Component schemas: errors, hits, facets, articles, suggestions, stats, entity pages."""
    reporter = {"type": "object", "required": ["name", "role"],
                "properties": {"name": {"type": "string"}, "role": {"type": "string"}}}
    hit = {"type": "object", "required": ["id", "title", "date", "reporters", "districts", "source", "kind",
                                          "snippet", "url"],
           "properties": {
               "id": {"type": "string"}, "title": {"type": "string"},
               "title_html": {"type": "string", "description": "标题，HTML 转义，检索词以 <mark> 标出"},
               "kicker": {"type": "string"}, "subtitle": {"type": "string"},
               "date": _nullable("string"), "date_source": DATE_SOURCE,
               "date_label": {"type": "string", "description": "带标记的日期，如 2025-09-23（年份推断）；无日期为“日期不详”"},
               "provenance": _ref("Provenance"),
               "reporters": {"type": "array", "items": _ref("Reporter")},
               "districts": _strings(), "source": _nullable("string"),
               "kind": {"type": "string", "enum": ["article", "photo", "brief"]},
               "snippet": {"type": "string", "description": "摘要，HTML 转义，检索词以 <mark> 标出"},
               "url": {"type": "string"}}}
    bucket = {"type": "object", "required": ["value", "count", "selected", "toggle_url"],
              "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
                             "selected": {"type": "boolean"}, "toggle_url": {"type": "string"}}}
    timeline = {"type": "object", "required": ["interval", "buckets"], "properties": {
        "interval": {"type": "string", "enum": ["month", "year"]},
        "buckets": {"type": "array", "items": {"type": "object", "required": ["key", "count", "url"], "properties": {
            "key": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "url": {"type": "string"}}}}}}
    return {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
        "Reporter": reporter,
        "Hit": hit,
        "Provenance": PROVENANCE,
        "FacetBucket": bucket,
        "Timeline": timeline,
        "SearchResult": _search_result(),
        "Article": _article(),
        "Related": {"type": "object", "required": ["id", "title", "url"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "date": _nullable("string"),
            "source": _nullable("string"), "districts": _strings(), "kind": {"type": "string"},
            "url": {"type": "string"}}},
        "Suggestions": _suggestions(),
        "Stats": _stats(),
        "EntityPage": _entity_page(),
    }


def _search_result() -> dict:
    return {"type": "object",
            "required": ["query", "total", "page", "size", "pages", "sort", "hits", "facets", "timeline",
                         "notices", "links", "took_ms"],
            "properties": {
                "query": {"type": "string", "description": "检索词（按输入）"},
                "ran": {"type": "string", "description": "实际执行的检索词（纠正后的或按输入的）"},
                "params": {"type": "array", "description": "实际执行的检索参数（筛选值已规范化）",
                           "items": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}},
                "parsed": {"type": "object", "description": "必须出现、可不出现、已放宽与排除的词", "properties": {
                    "text": {"type": "string"}, "required": _strings(), "optional": _strings(),
                    "relaxed": _strings(), "excluded": _strings(), "typed": _strings(), "together": _strings()}},
                "segmentation": {"type": "array", "description": "检索词的分词结果与作用", "items": {
                    "type": "object", "properties": {
                        "term": {"type": "string"}, "field": _nullable("string"), "phrase": {"type": "boolean"},
                        "role": {"type": "string", "enum": ["required", "optional", "relaxed", "excluded"]},
                        "tokens": _strings()}}},
                "corrected": {"type": "object", "nullable": True,
                              "description": "按输入检索结果过少时改用的纠正（拼音、错别字人名）", "properties": {
                                  "from": {"type": "string"}, "to": {"type": "string"},
                                  "total_as_typed": {"type": "integer"}, "url": {"type": "string"},
                                  "literal_url": {"type": "string"}}},
                "relaxed": {"type": "object", "nullable": True,
                            "description": "全部词语同时出现的文章过少时放宽的条件", "properties": {
                                "required": _strings(), "dropped": _strings(), "all_words_total": {"type": "integer"}}},
                "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                "size": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE,
                          "description": "可按页码取到的页数（不超过 page 的上限）"},
                "pages_total": {"type": "integer", "minimum": 1, "description": "全部结果的页数"},
                "page_limit": {"type": "integer"},
                "past_end": {"type": "boolean", "description": "所请求的页码超出了结果"},
                "next_after": {"type": "string", "nullable": True, "description": "下一页的 after 游标；没有更多结果时为 null"},
                "facet_urls": {"type": "object", "additionalProperties": {"type": "string"},
                               "description": "每个分面全部取值的页面"},
                "sort": {"type": "string", "enum": list(SORTS)},
                "timed_out": {"type": "boolean"},
                "partial": {"type": "object", "nullable": True,
                            "description": "分片档案中未能及时响应的部分（单机索引为 null）", "properties": {
                                "missing": {"type": "array", "items": {"type": "object", "properties": {
                                    "shard": {"type": "string"}, "articles": {"type": "integer"},
                                    "from": _nullable("string"), "to": _nullable("string"),
                                    "reason": {"type": "string"}}}},
                                "shards": {"type": "integer"}, "articles_missing": {"type": "integer"}}},
                "notices": _strings(),
                "hits": {"type": "array", "items": _ref("Hit")},
                "facets": {"type": "object", "additionalProperties": {"type": "array", "items": _ref("FacetBucket")}},
                "active_filters": {"type": "array", "items": {"type": "object", "properties": {
                    "field": {"type": "string"}, "value": {"type": "string"}, "remove_url": {"type": "string"}}}},
                "timeline": _ref("Timeline"),
                "resolved": {"type": "object", "description": "按最接近的实体改写了的筛选值"},
                "unknown_filters": {"type": "object", "description": "找不到的筛选值及近似建议"},
                "entities": {"type": "array", "description": "检索词中识别出的实体，可作筛选", "items": {
                    "type": "object", "properties": {"type": {"type": "string"}, "name": {"type": "string"},
                                                     "count": {"type": "integer"}, "filter_url": {"type": "string"}}}},
                "did_you_mean": {"type": "object", "nullable": True, "properties": {
                    "query": {"type": "string"}, "url": {"type": "string"}}},
                "filter_fixes": {"type": "array", "items": {"type": "object"}},
                "links": {"type": "object", "properties": {
                    **{k: {"type": "string"} for k in ("html", "json", "csv", "jsonl", "atom")},
                    "next": {"type": "string", "nullable": True, "description": "下一页（游标）的 JSON 地址"}}},
                "took_ms": {"type": "number", "minimum": 0}}}


def _article() -> dict:
    return {"type": "object", "required": ["id", "title", "body", "date", "reporters", "districts", "source",
                                           "kind", "citation", "related", "links"],
            "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}, "subtitle": {"type": "string"},
                "kicker": {"type": "string"}, "body": {"type": "string", "description": "正文，段落以换行分隔"},
                "date": _nullable("string"), "date_source": _nullable("string"),
                "reporters": {"type": "array", "items": _ref("Reporter")}, "districts": _strings(),
                "source": _nullable("string"), "kind": {"type": "string"}, "continuation": {"type": "boolean"},
                "origin": {"type": "object", "properties": {"path": {"type": "string"}, "start": _nullable("integer"),
                                                            "end": _nullable("integer")}},
                "url": {"type": "string", "nullable": True, "description": "原文网址（记录中有时）"},
                "page": {"type": "string", "nullable": True, "description": "版次，如 3、A03"},
                "section": _nullable("string"),
                "order": {"type": "integer", "nullable": True, "description": "在版面（或文件）中的阅读顺序，从 1 起"},
                "extra": {"type": "object", "description": "记录中的其他字段，原样保留"}, "aliases": _strings(),
                "date_label": {"type": "string"}, "provenance": _ref("Provenance"),
                "citations": {"type": "object", "properties": {
                    "gbt7714": {"type": "string", "description": "GB/T 7714-2015 报纸 [N]"},
                    "gbt7714_online": {"type": "string", "nullable": True,
                                       "description": "GB/T 7714-2015 电子资源 [N/OL]，含引用日期与网址"},
                    "online_url": {"type": "string", "nullable": True}, "accessed": {"type": "string"}}},
                "issue": {"type": "object", "nullable": True, "description": "所在一期：版面、上一篇、下一篇",
                          "properties": {"paper": {"type": "string"}, "date": {"type": "string"},
                                         "page": _nullable("string"), "count": {"type": "integer"},
                                         "position": _nullable("integer"), "url": {"type": "string"},
                                         "page_url": _nullable("string"),
                                         "prev_article": {"type": "object", "nullable": True},
                                         "next_article": {"type": "object", "nullable": True}}},
                "title_html": {"type": "string"}, "paragraphs_html": _strings(),
                "citation": {"type": "string", "description": "GB/T 7714 著录格式（报纸 [N]）"},
                "query": {"type": "string"},
                "related": {"type": "array", "items": _ref("Related")},
                "links": {"type": "object", "properties": {k: {"type": "string"}
                                                           for k in ("html", "json", "ris", "bib", "source")}}}}


def _suggestions() -> dict:
    item = {"type": "object", "required": ["type", "name", "count", "how", "url"], "properties": {
        "type": {"type": "string", "enum": ["reporter", "district", "source", "org", "place", "person"]},
        "name": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
        "how": {"type": "string", "enum": ["exact", "alias", "prefix", "pinyin", "initials", "sound", "shape", "fuzzy"]},
        "url": {"type": "string"}}}
    return {"type": "object", "required": ["query", "suggestions"],
            "properties": {"query": {"type": "string"}, "suggestions": {"type": "array", "items": item}}}


def _stats() -> dict:
    counts = ("articles", "index_bytes", "reporters", "districts", "sources", "entities")
    props = {k: {"type": "integer", "minimum": 0} for k in counts}
    props.update({"files": _nullable("integer"), "index_version": _nullable("integer"),
                  "generation": {"type": "string"}, "last_reindex": _nullable("string")})
    return {"type": "object", "required": list(counts), "properties": props}


def _entity_page() -> dict:
    peer = {"type": "object", "required": ["type", "name", "count", "url"], "properties": {
        "type": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer", "minimum": 1},
        "url": {"type": "string"}, "search_url": {"type": "string"}}}
    return {"type": "object", "required": ["type", "name", "count", "timeline", "recent", "cooccurring"],
            "properties": {
                "type": {"type": "string", "enum": ["reporter", "district"]}, "label": {"type": "string"},
                "name": {"type": "string"}, "aliases": _strings(), "count": {"type": "integer", "minimum": 1},
                "first_date": _nullable("string"), "last_date": _nullable("string"),
                "timeline": _ref("Timeline"), "recent": {"type": "array", "items": _ref("Hit")},
                "cooccurring": {"type": "object", "additionalProperties": {"type": "array", "items": peer}},
                "sources": {"type": "array", "items": {"type": "object"}},
                "corrected": {"type": "object", "nullable": True, "description": "按另一名称（asked）找到时的说明",
                              "properties": {"from": {"type": "string"}, "to": {"type": "string"},
                                             "how": {"type": "string"}, "message": {"type": "string"}}},
                "links": {"type": "object", "additionalProperties": {"type": "string"}}}}


def _entity_path(kind: str, label: str) -> dict:
    return {"get": {
        "summary": f"{label}页：文章数、时间分布、最新文章、常同时出现的记者与区县",
        "operationId": f"{kind}_page",
        "parameters": [_path("name", MAX_NAME_CHARS, f"{label}名；错别字、拼音或简称会重定向到规范名"),
                       _query("asked", {"type": "string", "maxLength": MAX_NAME_CHARS},
                              "重定向时附上的原输入；页面据此说明“未找到…，显示…”")],
        "responses": {
            "200": _json(_ref("EntityPage"), f"{label}概况"),
            "302": {"description": "重定向到规范名（Location 头，带 asked=原输入）"},
            "404": _error(f"没有这个{label}"),
            "503": _unavailable(busy=True)}}}


def spec() -> dict:
    """The whole OpenAPI document."""
    unavailable, busy = _unavailable(), _unavailable(busy=True)
    return {
        "openapi": "3.0.3",
        "info": {"title": "渝闻 Yuwen 重庆报纸档案检索 API", "version": "1.0.0",
                 "description": "与网页相同的检索：结果、分面、时间分布、文章、实体自动补全；按报纸与日期浏览、"
                                "记者与区县索引、词语比较；全部结果的 CSV / JSON Lines 导出、Atom 订阅、RIS / BibTeX 引文。"
                                "错误统一为 {\"error\": {\"code\", \"message\"}}；带请求体的请求一律 413。"
                                "成功的 API 响应可缓存 60 秒（Cache-Control）。"},
        "paths": {
            "/api/search": {"get": {
                "summary": "检索文章（分面同一筛选内为“或”，不同筛选间为“且”）",
                "operationId": "search",
                "parameters": search_parameters(),
                "responses": {"200": _json(_ref("SearchResult"), "检索结果"),
                              "400": _error("参数错误"), "503": busy}}},
            "/api/article/{id}": {"get": {
                "summary": "一篇文章：元数据、正文、引用格式、相关文章",
                "operationId": "article",
                "parameters": [_path("id", MAX_ID_CHARS, "文章 ID（永久链接）"),
                               _query("q", {"type": "string"}, "在正文中标出这些检索词")],
                "responses": {"200": _json(_ref("Article"), "文章"),
                              "301": {"description": "这是文章的旧 ID（aliases 之一）：永久重定向到现在的 ID"},
                              "404": _error("没有这篇文章"), "503": busy}}},
            "/api/suggest": {"get": {
                "summary": "实体自动补全：记者、区县、来源及其他名称（支持拼音、简称、错别字）",
                "operationId": "suggest",
                "parameters": [
                    _query("q", {"type": "string", "maxLength": MAX_SUGGEST_CHARS}, "已输入的文字；为空时返回空列表"),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_SUGGESTIONS, "default": 8},
                           "最多返回几条")],
                "responses": {"200": _json(_ref("Suggestions"), "补全建议"), "400": _error("参数错误"),
                              "503": unavailable}}},
            "/api/stats": {"get": {
                "summary": "索引统计：文章数、文件数、大小、上次重建时间",
                "operationId": "stats",
                "responses": {"200": _json(_ref("Stats"), "统计"), "503": unavailable}}},
            "/api/reporter/{name}": _entity_path("reporter", "记者"),
            "/api/district/{name}": _entity_path("district", "区县"),
            **archive_paths(search_parameters(), unavailable, busy),
        },
        "components": {"schemas": {**schemas(), **archive_schemas()}},
    }
