"""Flask app factory: HTML pages and the JSON API over the same search functions."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_index_dir(sharded: bool = False) -> str:
    """instance/index (a sharded archive: instance/shards), unless YUWEN_INDEX_DIR names another directory."""
    return os.environ.get("YUWEN_INDEX_DIR") or str(PROJECT_ROOT / "instance" / ("shards" if sharded else "index"))


def defaults() -> dict:
    """Configuration defaults; FLASK_<NAME> environment variables override each (see the README)."""
    cluster = os.environ.get("YUWEN_CLUSTER") or None
    return {
        "CLUSTER": cluster,  # a Dask scheduler's address: serve a sharded archive from its workers
        "INDEX_DIR": default_index_dir(sharded=bool(cluster)),  # where index generations (or shard sets) live
        "SEARCH_SECONDS": 2.0,  # upper bound on one search, snippets included; a slower one is cut off
        "EXPORT_LIMIT": None,  # most rows in a CSV or JSON Lines export (None: the whole result set)
        "EXPORT_SECONDS": 10.0,  # time budget of an export's matching (streaming the rows is not bounded)
        "PUBLIC_URL": "",  # scheme://host[:port] of absolute links; `serve` fills in its own address
        "TRUSTED_HOSTS": None,  # Flask's: Host values accepted (others get 400); used when PUBLIC_URL is unset
        # Load shedding (web/admission.py): expensive requests share a few heavy slots.
        "HEAVY_SLOTS": 2,  # expensive requests at once (exports while they stream, searches past QUICK_CPU_SECONDS)
        "QUICK_CPU_SECONDS": 0.15,  # CPU time a request may use before it needs a heavy slot
        "HEAVY_WAIT_SECONDS": 0.02,  # how long it waits for one before it is shed with 503 + Retry-After
        # The built-in server (web/server.py), read by `manage.py serve`.
        "THREADS": 8,
        "CONNECTION_LIMIT": 1000,
        "IDLE_TIMEOUT": 20.0,
        "REQUEST_TIMEOUT": 10.0,
        "MAX_HEADER_BYTES": 65536,
        "MAX_BODY_BYTES": 0,
    }


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then FLASK_* environment variables."""
    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.from_mapping(defaults())
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from web import archive, errors, security, serving, state, templating
    from web.api import api
    from web.exports import exports
    from web.pages import pages

    state.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    serving.init_app(app)
    security.init_app(app)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_blueprint(exports)
    archive.init_app(app)
    return app
