"""What makes responses safe to serve to browsers and caches, and absolute links safe to hand out.

- Security headers on every response: a Content-Security-Policy that allows
  only this site's own scripts, styles and requests (no inline script or
  event handler exists, so none is allowed), no framing, no MIME sniffing,
  and no Referer sent to other sites (searches in URLs are a newsroom's
  business).
- Cache-Control on the API: searches and data a minute (the index changes
  only when a reindex publishes a generation), the OpenAPI description an
  hour, errors (on any page) and the health check never.
- Requests with a body are refused with 413: no route takes one (the
  built-in server refuses them before reading them; this covers any other).
- Absolute links (Atom, export rows, citations, canonical links) start with
  PUBLIC_URL; without it, with the request's host only when TRUSTED_HOSTS
  vouches for it (Flask answers 400 to any other Host), and otherwise with
  the address the WSGI server reports — never with a Host header a client
  made up.
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
API_CACHE = "public, max-age=60"
SPEC_CACHE = "public, max-age=3600"
NEVER_CACHE = "no-store"
CACHED_PATHS = ("/api/", "/export.csv", "/export.jsonl", "/feed.atom", "/compare.csv")


def refuse_bodies() -> None:
    """413 for any request that carries a body (none of our routes reads one)."""
    if request.content_length or "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        abort(413)


def security_headers(response: Response) -> Response:
    """The security headers, on every response."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def cache_headers(response: Response) -> Response:
    """Cache-Control: API responses and exports briefly public when they succeed; errors (a 503 under
    load above all) and the health check never cached."""
    if request.path == "/healthz" or response.status_code >= 400:
        response.headers["Cache-Control"] = NEVER_CACHE
    elif request.path.startswith(CACHED_PATHS) and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = SPEC_CACHE if request.path == "/api/openapi.json" else API_CACHE
    return response


def public_root() -> str:
    """Scheme, host and port that absolute links start with, ending in '/'."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/") + "/"
    if current_app.config.get("TRUSTED_HOSTS"):
        return request.host_url  # Flask checked the Host header against TRUSTED_HOSTS
    env = request.environ
    scheme, port = env.get("wsgi.url_scheme", "http"), str(env.get("SERVER_PORT", ""))
    default = port == ("443" if scheme == "https" else "80")
    return f"{scheme}://{env.get('SERVER_NAME', 'localhost')}{'' if default or not port else ':' + port}/"


def absolute(path: str) -> str:
    """A site path (`/article/x`) as an absolute URL under `public_root`."""
    return public_root().rstrip("/") + path


def init_app(app: Flask) -> None:
    """Register the hooks and the `public_root` template global."""
    app.before_request(refuse_bodies)
    app.after_request(security_headers)
    app.after_request(cache_headers)
    app.jinja_env.globals["public_root"] = public_root
