"""Error responses: JSON `{"error": {code, message}}` under /api, a Chinese page elsewhere; never a trace.

A missing or damaged index is a 503 that points to `manage.py reindex`. An
unexpected error first checks the live index: damage found while serving
(truncated segment files, say) is the same 503, logged once by the index
handle, not a 500 and a traceback on every request. A saturated server
answers 503 with Retry-After.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from index.generations import IndexMissing
from search.engine.collect import BadCursor
from search.request import BadRequest
from web.admission import Overloaded
from web.state import damage_behind

INDEX_MESSAGE = "检索索引暂不可用，请管理员运行 `python manage.py reindex`"


# Paths read by programs, not people: their errors are JSON too.
MACHINE_PATHS = ("/api/", "/export.", "/feed.atom", "/cite.", "/compare.csv")


def error_response(status: int, code: str, message: str):
    """Render an error for the kind of client that asked."""
    if request.path.startswith(MACHINE_PATHS) or request.path == "/healthz":
        resp = jsonify({"error": {"code": code, "message": message}})
        resp.status_code = status
        return resp
    return render_template("error.html", status=status, code=code, message=message), status


def index_unavailable():
    """503 for a missing or damaged index (the index handle has logged why, once)."""
    return error_response(503, "index_unavailable", INDEX_MESSAGE)


def init_app(app: Flask) -> None:
    """Register handlers for user errors, a missing index, overload, HTTP errors and anything unexpected."""

    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest):
        return error_response(400, exc.code, exc.message)

    @app.errorhandler(BadCursor)
    def bad_cursor(exc: BadCursor):
        return error_response(400, "bad_cursor", f"after 游标无效（{exc}）；请从第一页重新开始")

    @app.errorhandler(UnicodeDecodeError)
    def bad_encoding(exc: UnicodeDecodeError):
        # Werkzeug decodes the query string lazily and raises on bytes that aren't UTF-8.
        return error_response(400, "bad_encoding", "请求参数不是有效的 UTF-8 编码")

    @app.errorhandler(IndexMissing)
    def index_missing(exc: IndexMissing):
        return index_unavailable()

    @app.errorhandler(Overloaded)
    def overloaded(exc: Overloaded):
        response = app.make_response(error_response(503, "overloaded", f"服务器繁忙，请 {exc.retry_after} 秒后重试"))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {404: "没有找到该页面或文章", 405: "不支持该请求方法", 413: "该地址不接受请求体"}
        return error_response(exc.code or 500, exc.name.lower().replace(" ", "_"),
                              messages.get(exc.code, exc.description or exc.name))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if damage_behind() is not None:
            return index_unavailable()
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, "internal_error", "服务器内部错误，已记录；请稍后再试")
