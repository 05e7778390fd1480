"""The OpenAPI description of the archive endpoints: browsing, indexes, facet lists, term comparison,
exports, feeds, citation files and the health check (merged into web/openapi.py's document)."""

from __future__ import annotations

from search.engine.base import FACETS
from search.request import MAX_ID_CHARS, MAX_VALUE_CHARS
from search.views.compare import INTERVALS, MAX_TERMS, MODES
from search.views.lists import MAX_MATCH_CHARS
from web.archive.cite import MAX_IDS

NAME_CHARS = MAX_VALUE_CHARS  # a paper's name or a page label, as long as a filter value


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _file(mimetype: str, description: str) -> dict:
    return {"description": description, "content": {mimetype: {"schema": {"type": "string"}}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _query(name: str, schema: dict, description: str, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description, **extra}


def _path(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


def _get(op: str, summary: str, parameters: list[dict], responses: dict) -> dict:
    """A GET operation; `responses` should say what its 503 means."""
    return {"get": {"operationId": op, "summary": summary, "parameters": parameters, "responses": responses}}


def _nullable(type_: str) -> dict:
    return {"type": type_, "nullable": True}


def _paper_paths(unavailable: dict) -> dict:
    """papers → paper → year → month → issue → page, each one level deeper."""
    source = _path("source", {"type": "string", "minLength": 1, "maxLength": NAME_CHARS}, "报纸（来源）名")
    asked = _query("asked", {"type": "string", "maxLength": NAME_CHARS}, "重定向时附上的原输入")
    levels = [("year", {"type": "integer"}, "年"), ("month", {"type": "integer", "minimum": 1, "maximum": 12}, "月"),
              ("day", {"type": "integer", "minimum": 1, "maximum": 31}, "日"),
              ("page", {"type": "string", "minLength": 1, "maxLength": NAME_CHARS}, "版次，如 3、A03")]
    schemas = ["Paper", "PaperYear", "PaperMonth", "Issue", "PrintedPage"]
    summaries = ["一种报纸：各年各月的文章数", "一年的十二个月历：有文章的日期及篇数", "一个月的月历：每天的文章数",
                 "一期：各版按版次排列，每版文章按阅读顺序", "一个版面：文章按阅读顺序，附开头文字与上下版"]
    paths, route, params = {}, "/api/papers/{source}", [source]
    for depth, (schema, summary) in enumerate(zip(schemas, summaries)):
        paths[route] = _get(f"paper_{schema.lower()}", summary, [*params, asked], {
            "200": _json(_ref(schema), summary), "302": {"description": "报纸名有误：重定向到规范名（带 asked）"},
            "404": _error("没有这种报纸或这一天、这一版没有文章"), "503": unavailable})
        if depth < len(levels):
            name, schema_, label = levels[depth]
            route += f"/{{{name}}}"
            params = [*params, _path(name, schema_, label)]
    return paths


def archive_paths(search_parameters: list[dict], unavailable: dict, busy: dict) -> dict:
    """Every archive endpoint; `search_parameters` are /api/search's (exports and lists take the same).

    `unavailable` is the 503 of a missing or damaged index, `busy` that one or a saturated server
    (routes that run a search under web/admission.py's budgets)."""
    bad = _error("参数错误")
    index_params = [_query("match", {"type": "string", "maxLength": MAX_MATCH_CHARS}, "按汉字、拼音或首字母筛选"),
                    _query("sort", {"type": "string", "enum": ["name", "count"]}, "name 按拼音（默认）、count 按文章数"),
                    _query("page", {"type": "integer", "minimum": 1, "maximum": 10000}, "页码")]
    compare_params = [
        _query("q", {"type": "array", "maxItems": MAX_TERMS, "items": {"type": "string", "maxLength": 256}},
               f"要比较的检索词（可重复，最多 {MAX_TERMS} 个），按输入检索", style="form", explode=True),
        _query("mode", {"type": "string", "enum": list(MODES)}, "count 篇数；per1000 每千篇文章中的篇数"),
        _query("interval", {"type": "string", "enum": list(INTERVALS)}, "auto（跨度超过四年按年）、month、year"),
        *[p for p in search_parameters if p["name"] not in ("q", "page", "size", "sort", "literal", "after")]]
    whole = [p for p in search_parameters if p["name"] not in ("page", "size", "after")]
    ids = [_query("id", {"type": "array", "minItems": 1, "maxItems": MAX_IDS,
                         "items": {"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS}},
                  "文章 ID（可重复；旧 ID 亦可）", style="form", explode=True)]
    return {
        "/api/papers": _get("papers", "全部报纸：文章数与收录起止日期", [],
                            {"200": _json(_ref("Papers"), "报纸列表"), "503": unavailable}),
        **_paper_paths(unavailable),
        "/api/reporters": _get("reporters", "记者索引：按拼音（或文章数），附篇数与起止日期", index_params,
                               {"200": _json(_ref("EntityIndex"), "记者"), "400": bad, "503": unavailable}),
        "/api/districts": _get("districts", "区县索引：按拼音（或文章数），附篇数与起止日期", index_params,
                               {"200": _json(_ref("EntityIndex"), "区县"), "400": bad, "503": unavailable}),
        "/api/facet/{name}": _get("facet_values", "一次检索某个分面的全部取值（即分面列表的“更多”）",
                                  [_path("name", {"type": "string", "enum": list(FACETS)}, "分面"),
                                   *search_parameters, index_params[0]],
                                  {"200": _json(_ref("FacetValues"), "全部取值"), "400": bad,
                                   "404": _error("没有这个分面"), "503": busy}),
        "/api/compare": _get("compare", "词语比较：最多四个检索词按月或年的篇数（或每千篇）", compare_params,
                             {"200": _json(_ref("Comparison"), "比较结果"), "400": bad, "503": busy}),
        "/compare.csv": _get("compare_csv", "词语比较的数据表（CSV）", compare_params,
                             {"200": _file("text/csv", "时间、全部文章数、各词篇数与每千篇"), "400": bad, "503": busy}),
        "/export.csv": _get("export_csv", "导出全部检索结果为 CSV（首行为列名；全文与全部元数据；流式）", whole, {
            "200": _file("text/csv", "X-Total-Count、X-Export-Count、X-Export-Complete 头说明导出了多少"),
            "400": bad, "503": busy}),
        "/export.jsonl": _get("export_jsonl", "导出全部检索结果为 JSON Lines（每行一篇完整记录；流式）", whole, {
            "200": _file("application/x-ndjson", "每行一篇：记录字段、date_source、date_label、permalink"),
            "400": bad, "503": busy}),
        "/feed.atom": _get("feed", "检索的 Atom 订阅：最新 50 篇（size 可改），支持 ETag / If-Modified-Since", whole + [
            _query("size", {"type": "integer", "minimum": 1, "maximum": 100}, "条目数（默认 50）")], {
            "200": _file("application/atom+xml", "Atom 1.0"), "304": {"description": "自上次以来没有变化"},
            "400": bad, "503": busy}),
        "/cite.ris": _get("cite_ris", "文章的 RIS 引文（Zotero、EndNote 等）", ids, {
            "200": _file("application/x-research-info-systems", "RIS"), "400": bad, "404": _error("没有这些文章"),
            "503": unavailable}),
        "/cite.bib": _get("cite_bib", "文章的 BibTeX 引文", ids, {
            "200": _file("application/x-bibtex", "BibTeX"), "400": bad, "404": _error("没有这些文章"),
            "503": unavailable}),
        "/healthz": {"get": {"operationId": "health", "summary": "健康检查：读回一个倒排表与一篇文章、核对索引文件，可用时 200 并给出文章数", "parameters": [],
                             "responses": {"200": _json(_ref("Health"), "可用"),
                                           "503": _json(_ref("Health"), "索引不可用")}}},
    }


def archive_schemas() -> dict:
    """Component schemas of the archive endpoints."""
    day = {"type": "object", "nullable": True, "required": ["day", "date", "count"], "properties": {
        "day": {"type": "integer"}, "date": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
        "url": _nullable("string")}}
    weeks = {"type": "array", "description": "月历：每周一行（周一起），月外的日子为 null",
             "items": {"type": "array", "minItems": 7, "maxItems": 7, "items": day}}
    toc = {"type": "object", "required": ["id", "label", "url"], "properties": {
        "id": {"type": "string"}, "label": {"type": "string"}, "order": _nullable("integer"),
        "page": _nullable("string"), "section": _nullable("string"), "date_label": {"type": "string"},
        "url": {"type": "string"}, "opening": {"type": "string"}}}
    links = {"type": "object", "additionalProperties": {"type": "string", "nullable": True}}
    corrected = {"type": "object", "nullable": True, "properties": {"message": {"type": "string"}}}
    common = {"paper": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "links": links,
              "corrected": corrected}
    entry = {"type": "object", "required": ["name", "count", "url"], "properties": {
        "name": {"type": "string"}, "count": {"type": "integer"}, "initial": {"type": "string"},
        "first_date": _nullable("string"), "last_date": _nullable("string"), "url": {"type": "string"},
        "search_url": {"type": "string"}}}
    point = {"type": "object", "properties": {"period": {"type": "string"}, "count": {"type": "integer"},
                                              "per_1000": {"type": "number"}}}
    return {
        "Papers": {"type": "object", "required": ["papers", "total"], "properties": {
            "papers": {"type": "array", "items": {"type": "object", "required": ["name", "count", "url"], "properties": {
                "name": {"type": "string"}, "count": {"type": "integer"}, "first_date": _nullable("string"),
                "last_date": _nullable("string"), "url": {"type": "string"}}}},
            "total": {"type": "integer"}, "without_source": {"type": "integer"}, "links": links}},
        "Paper": {"type": "object", "required": ["paper", "count", "years"], "properties": {
            **common, "undated": {"type": "integer"}, "first_date": _nullable("string"), "last_date": _nullable("string"),
            "years": {"type": "array", "items": {"type": "object", "properties": {
                "year": {"type": "integer"}, "count": {"type": "integer"}, "url": {"type": "string"},
                "months": {"type": "array", "items": {"type": "object", "properties": {
                    "month": {"type": "integer"}, "count": {"type": "integer"}, "url": _nullable("string")}}}}}}}},
        "PaperYear": {"type": "object", "required": ["paper", "year", "months"], "properties": {
            **common, "year": {"type": "integer"}, "prev": _nullable("string"), "next": _nullable("string"),
            "prev_url": _nullable("string"), "next_url": _nullable("string"),
            "months": {"type": "array", "items": {"type": "object", "properties": {
                "month": {"type": "integer"}, "count": {"type": "integer"}, "url": _nullable("string"),
                "weeks": weeks}}}}},
        "PaperMonth": {"type": "object", "required": ["paper", "year", "month", "weeks"], "properties": {
            **common, "year": {"type": "integer"}, "month": {"type": "integer"}, "days": {"type": "integer"},
            "weeks": weeks, "prev": _nullable("string"), "next": _nullable("string")}},
        "Issue": {"type": "object", "required": ["paper", "date", "pages"], "properties": {
            **common, "date": {"type": "string"}, "shown": {"type": "integer"},
            "prev": _nullable("string"), "next": _nullable("string"), "prev_url": _nullable("string"),
            "next_url": _nullable("string"),
            "pages": {"type": "array", "items": {"type": "object", "properties": {
                "page": _nullable("string"), "label": {"type": "string"}, "sections": {"type": "array", "items": {
                    "type": "string"}}, "count": {"type": "integer"}, "url": _nullable("string"),
                "articles": {"type": "array", "items": toc}}}}}},
        "PrintedPage": {"type": "object", "required": ["paper", "date", "page", "articles"], "properties": {
            **common, "date": {"type": "string"}, "page": {"type": "string"}, "articles": {"type": "array", "items": toc},
            "pages": {"type": "array", "items": {"type": "string"}}, "prev_page": _nullable("string"),
            "next_page": _nullable("string")}},
        "EntityIndex": {"type": "object", "required": ["type", "total", "groups"], "properties": {
            "type": {"type": "string", "enum": ["reporter", "district"]}, "label": {"type": "string"},
            "match": {"type": "string"}, "sort": {"type": "string"}, "total": {"type": "integer"},
            "page": {"type": "integer"}, "pages": {"type": "integer"}, "links": links,
            "groups": {"type": "array", "items": {"type": "object", "properties": {
                "initial": {"type": "string"}, "entries": {"type": "array", "items": entry}}}}}},
        "FacetValues": {"type": "object", "required": ["facet", "buckets"], "properties": {
            "facet": {"type": "string"}, "query": {"type": "string"}, "ran": {"type": "string"},
            "total": {"type": "integer"}, "match": {"type": "string"}, "links": links,
            "buckets": {"type": "array", "items": _ref("FacetBucket")}}},
        "Comparison": {"type": "object", "required": ["queries", "mode", "interval", "articles", "series"], "properties": {
            "queries": {"type": "array", "items": {"type": "string"}}, "mode": {"type": "string", "enum": list(MODES)},
            "interval": {"type": "string", "enum": ["month", "year"]}, "total": {"type": "integer"},
            "articles": {"type": "array", "items": point}, "timed_out": {"type": "boolean"}, "links": links,
            "series": {"type": "array", "items": {"type": "object", "properties": {
                "query": {"type": "string"}, "total": {"type": "integer"}, "search_url": {"type": "string"},
                "points": {"type": "array", "items": point}}}}}},
        "Health": {"type": "object", "required": ["status"], "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]}, "articles": {"type": "integer"}}},
    }
