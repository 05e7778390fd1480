"""Limits that keep one bad corpus file from hurting a build: size per file, time per file.

The time budget is cooperative: long loops (JSONL lines, page units, headline
runs) call `Deadline.check()`, which raises `OverBudget` once the file has
used its time; the reader turns that into a skipped file with the reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Per-file limits of the reader (bytes and seconds)."""

    page_bytes: int = 64 * MB  # a raw page: hundreds of times the largest real one
    jsonl_bytes: int = 64 * 1024 * MB  # JSONL is streamed line by line, so only a sanity bound
    line_bytes: int = 512 * MB  # one JSONL record
    seconds: float = 300.0  # one file, parsing included


DEFAULT_LIMITS = Limits()


class OverBudget(Exception):
    """A file used up its time budget."""


class Deadline:
    """A point in (monotonic) time after which work on the current file stops."""

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        """Raise `OverBudget` when the time is up (cheap enough to call per unit of work)."""
        if self.at is not None and time.monotonic() > self.at:
            raise OverBudget(f"over the time budget of {self.seconds:g} s for one file")


NO_DEADLINE = Deadline(None)
