"""Error responses: JSON `{"error": {code, message}}` under /api, a Chinese page elsewhere; never a trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from index.generations import IndexMissing
from search.engine.collect import BadCursor
from search.request import BadRequest


# Paths read by programs, not people: their errors are JSON too.
MACHINE_PATHS = ("/api/", "/export.", "/feed.atom", "/cite.", "/compare.csv")


def error_response(status: int, code: str, message: str):
    """Render an error for the kind of client that asked."""
    if request.path.startswith(MACHINE_PATHS) or request.path == "/healthz":
        resp = jsonify({"error": {"code": code, "message": message}})
        resp.status_code = status
        return resp
    return render_template("error.html", status=status, code=code, message=message), status


def init_app(app: Flask) -> None:
    """Register handlers for user errors, a missing index, HTTP errors and anything unexpected."""

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
        app.logger.error("index unavailable: %s", exc)
        return error_response(503, "index_unavailable", "检索索引暂不可用，请管理员运行 `python manage.py reindex`")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {404: "没有找到该页面或文章", 405: "不支持该请求方法"}
        return error_response(exc.code or 500, exc.name.lower().replace(" ", "_"),
                              messages.get(exc.code, exc.description or exc.name))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, "internal_error", "服务器内部错误，已记录；请稍后再试")
