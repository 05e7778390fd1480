"""Using Yuwen as an archive: browsing papers and issues, citing, comparing terms, search help.

Each module is one blueprint with its data functions; `init_app` registers them all.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the archive blueprints."""
    from web.archive.browse import browse
    from web.archive.cite import cite
    from web.archive.compare import compare
    from web.archive.help import help_pages
    from web.archive.lists import lists

    for blueprint in (browse, cite, compare, help_pages, lists):
        app.register_blueprint(blueprint)
