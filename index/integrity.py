"""A record of every file in a generation, written last at build and checked at load.

Whoosh reads postings lazily, so a truncated or garbled segment file would
otherwise surface as an odd error in the middle of some search; checking sizes
and the ends of every file when a generation is opened reports it at once.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

RECORD = "files.json"
NOT_RECORDED = {RECORD, "COMPLETE", "MAIN_WRITELOCK"}
EDGE = 65536  # bytes hashed at each end of a large file


def _fingerprint(path: Path) -> dict:
    size = path.stat().st_size
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        if size <= 2 * EDGE:
            h.update(fh.read())
        else:
            h.update(fh.read(EDGE))
            fh.seek(size - EDGE)
            h.update(fh.read(EDGE))
    return {"size": size, "edges": h.hexdigest()}


def write_record(gen: Path) -> None:
    """Fingerprint every file of a finished generation."""
    files = {p.name: _fingerprint(p) for p in sorted(gen.iterdir()) if p.is_file() and p.name not in NOT_RECORDED}
    (gen / RECORD).write_text(json.dumps(files, indent=1), encoding="utf-8")


def damage(gen: Path) -> str | None:
    """What is wrong with a generation's files, or None when they are as written."""
    try:
        files = json.loads((gen / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"its file record {RECORD} is missing or unreadable"
    for name, expected in files.items():
        path = gen / name
        if not path.is_file():
            return f"file {name} is missing"
        try:
            if _fingerprint(path) != expected:
                return f"file {name} was changed or truncated since it was written"
        except OSError as exc:
            return f"file {name} cannot be read ({exc.strerror or exc})"
    return None
