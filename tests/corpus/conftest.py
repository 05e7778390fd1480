"""Helpers for building small raw pages the way PDF extraction prints them."""

from __future__ import annotations

import pytest


def wrap(paragraph: str, width: int = 15) -> str:
    """Break a paragraph into column lines of `width` characters, as a narrow column prints it."""
    return "\n".join(paragraph[i: i + width] for i in range(0, len(paragraph), width))


def column_page(*blocks: str, width: int = 15) -> str:
    """A column-layout page: each block wrapped to the column, blocks separated by blank lines."""
    return "\n\n".join(block if "\n" in block or len(block) <= width else wrap(block, width)
                        for block in blocks) + "\n"


@pytest.fixture
def column():
    """`column(*blocks, width=15)` → raw column-layout page text."""
    return column_page
