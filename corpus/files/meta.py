"""Issue metadata of a page file: which paper, which day, which page.

It comes from a sidecar `<file>.meta.json` or from an archive path laid out as
`<source>/<YYYY-MM-DD>/<page>.txt`; without either we know nothing and the
page parser has to infer what it can from the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# "3.txt", "03.txt", "p3.txt", "page_03.txt", "第3版.txt", "A03.txt"
_PAGE_STEM = re.compile(r"^(?:p|page|第)?[_-]?(?P<page>[A-Z]?\d{1,3})(?:版)?$", re.IGNORECASE)


@dataclass
class IssueMeta:
    """What is known about the printed issue a page belongs to."""

    source: str | None = None
    issue_date: date | None = None
    page: str | None = None  # as printed: "3", "A03"
    section: str | None = None  # the page's name (版名), e.g. 要闻


def sidecar_paths(path: Path) -> list[Path]:
    """Both spellings of a sidecar: `3.txt.meta.json` and `3.meta.json`."""
    return [path.with_name(path.name + ".meta.json"), path.with_name(path.stem + ".meta.json")]


def load_meta(path: Path, warnings: list[str]) -> IssueMeta | None:
    """Issue metadata for a page file from its sidecar, else from its path, else None."""
    for sidecar in sidecar_paths(path):
        if sidecar.is_file():
            meta = _read_sidecar(sidecar, warnings)
            if meta is not None:
                return meta
    return meta_from_path(path)


def meta_from_path(path: Path) -> IssueMeta | None:
    """Parse `<source>/<YYYY-MM-DD>/<page>.txt`; None if the path isn't laid out so."""
    parts = path.absolute().parts
    if len(parts) < 3:
        return None
    source, day, name = parts[-3], parts[-2], Path(parts[-1]).stem
    issue_date = parse_iso_date(day)
    page = _PAGE_STEM.match(name)
    if issue_date is None or page is None:
        return None
    return IssueMeta(source=source, issue_date=issue_date, page=page_label(page.group("page")))


def page_label(value: object) -> str | None:
    """A printed page number as text: 3 → "3", "03" → "3", "a03" → "A03"; anything odd → None."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    text = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{0,2}\d{1,4}|[A-Z]\d{0,3}", text):
        return None
    return text.lstrip("0") or "0" if text.isdigit() else text


def parse_iso_date(value: object) -> date | None:
    """`2025-09-24` (or `2025/9/24`) → date; anything else → None."""
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", value)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


MAX_SIDECAR_BYTES = 1 << 20


def _read_sidecar(sidecar: Path, warnings: list[str]) -> IssueMeta | None:
    try:
        if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
            warnings.append(f"{sidecar.name}: sidecar larger than 1 MB ignored")
            return None
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        warnings.append(f"{sidecar.name}: unreadable sidecar ignored ({exc})")
        return None
    if not isinstance(data, dict):
        warnings.append(f"{sidecar.name}: sidecar is not a JSON object, ignored")
        return None
    issue_date = parse_iso_date(data.get("issue_date"))
    if data.get("issue_date") and issue_date is None:
        warnings.append(f"{sidecar.name}: bad issue_date {data.get('issue_date')!r} ignored")
    source, section = data.get("source"), data.get("section")
    return IssueMeta(
        source=source.strip() or None if isinstance(source, str) else None,
        issue_date=issue_date,
        page=page_label(data.get("page")),
        section=section.strip() or None if isinstance(section, str) else None,
    )
