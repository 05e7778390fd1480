"""The search-time budget every expensive step of one search draws on."""

from __future__ import annotations

import time
from collections.abc import Callable


class Deadline:
    """A time budget shared by the stages of one search.

    :param clock: seconds from some fixed point (time.monotonic); tests give
        their own clock to cut a search at a chosen step without sleeping.
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.end = clock() + seconds
        self.hit = False
        # The posting lists this search has read (field, term) → (postings, the documents they cover or
        # None for all): its steps share them, so no list is read twice for one search.
        self.reads: dict = {}

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.end - self.clock())

    def expired(self) -> bool:
        """True once the budget is spent; remembers that it was."""
        if not self.hit and self.clock() >= self.end:
            self.hit = True
        return self.hit


class StepClock:
    """A clock that advances by `step` seconds each time it is read (for tests of the budget).

    >>> clock = StepClock(0.5)
    >>> d = Deadline(1.0, clock)
    >>> d.expired(), d.expired()
    (False, True)
    """

    def __init__(self, step: float = 1.0):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now
