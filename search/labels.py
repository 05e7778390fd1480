"""What to call an item that has no headline."""

from __future__ import annotations

LABEL_CHARS = 20


def display_title(data: dict) -> str:
    """The headline, or for untitled items (captions, continuations) a label from their opening words."""
    if data.get("title"):
        return data["title"]
    body = " ".join((data.get("body") or "").split())
    opening = body[:LABEL_CHARS] + ("…" if len(body) > LABEL_CHARS else "")
    if data.get("continuation"):
        return f"（续）{opening}"
    return f"图片：{opening}" if data.get("kind") == "photo" else opening or "（无标题）"
