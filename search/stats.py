"""Index statistics for /api/stats and `manage.py stats`."""

from __future__ import annotations

from search.engine import LoadedIndex


def index_stats(index: LoadedIndex) -> dict:
    """Size, counts and build time of the live generation."""
    size = sum(f.stat().st_size for f in index.gen.iterdir() if f.is_file())
    dv = index.facets.dv
    return {
        "articles": index.doc_count,
        "files": index.meta.get("files"),
        "index_version": index.meta.get("version"),
        "generation": index.gen.name,
        "last_reindex": index.meta.get("built_at"),
        "index_bytes": size,
        "reporters": len(dv.multi["reporter"].vocab),
        "districts": len(dv.multi["district"].vocab),
        "sources": len(dv.single["source"][1]),
        "entities": len(index.lexicon.entities),
    }
