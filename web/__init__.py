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
    """Configuration defaults; FLASK_<NAME> environment variables override each."""
    cluster = os.environ.get("YUWEN_CLUSTER") or None
    return {
        "CLUSTER": cluster,  # a Dask scheduler's address: serve a sharded archive from its workers
        "INDEX_DIR": default_index_dir(sharded=bool(cluster)),  # where index generations (or shard sets) live
        "SEARCH_SECONDS": 2.0,  # upper bound on one search; a slower one is cut off with a notice
        "EXPORT_LIMIT": 1000,  # rows in a CSV or Atom export
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

    from web import errors, serving, state, templating
    from web.api import api
    from web.exports import exports
    from web.pages import pages

    state.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    serving.init_app(app)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_blueprint(exports)
    return app
