"""Load shedding: requests that turn out expensive share a few heavy slots, or are turned away with 503.

Every search-like request (results page, API search, export, feed, article
page with related articles, entity page, term comparison, a facet's value
list) runs under a `Budget`: the search-time deadline, plus a lane. It
starts in the quick lane, which nothing limits.
Once it has used `quick_seconds` of its own thread's CPU time it needs one of
`heavy_slots` heavy slots; if none frees within `wait_seconds`, the request
is shed: its deadline reports expiry, so the engine and the snippets stop at
their next check, and the view answers 503 with `Retry-After`. Requests that
are expensive by their shape take a heavy slot before they start, so that
under attack they are turned away before they spend anything: exports, and
searches that `look_expensive` (single characters, which expand to every
bigram they begin, more than eight terms, or rows beyond the thousandth).
A streamed export keeps its slot until its last row is sent (`keep_slot`):
the heavy slots are the one limit on exports running at once.

CPU time, not wall-clock time, decides who is expensive: under load a cheap
query waits for the interpreter behind others, and wall-clock time would
push it out of the quick lane exactly when it most needs to stay there. So a
plain query stays a quick one however many expensive ones are running.
Nothing here imports Flask; web/data.py opens the budgets.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from index.analysis import is_cjk
from search.engine.budget import Deadline
from search.query import parse_query
from search.request import SearchRequest

MAX_QUICK_TERMS = 8  # more terms than this: an OR of many words, costly to match and to mark
MAX_QUICK_ROWS = 1000  # a page ending beyond this row: a deep page


def looks_expensive(req: SearchRequest) -> bool:
    """Whether a search is expensive by its shape alone (it then needs a heavy slot from the start).

    >>> looks_expensive(SearchRequest(q="江津 夜经济")), looks_expensive(SearchRequest(q="重 OR 庆"))
    (False, True)
    >>> looks_expensive(SearchRequest(q="重庆", page=100, size=100))
    True
    """
    if req.page * req.size > MAX_QUICK_ROWS:
        return True
    terms = [t.text.strip() for t in parse_query(req.q).terms()]
    return len(terms) > MAX_QUICK_TERMS or any(len(t) == 1 and is_cjk(t) for t in terms)


class Overloaded(Exception):
    """The server is saturated with expensive requests; the client should retry after a while."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"too many expensive requests at once; retry after {retry_after} s")


class Admission:
    """The heavy slots of one app and the rules for taking one.

    :param cpu_clock: CPU seconds of the calling thread (time.thread_time); tests give their own.
    """

    def __init__(self, heavy_slots: int = 2, quick_seconds: float = 0.15, wait_seconds: float = 0.02,
                 retry_after: float = 2.0, cpu_clock: Callable[[], float] = time.thread_time):
        self.slots = threading.BoundedSemaphore(heavy_slots) if heavy_slots > 0 else None
        self.quick_seconds, self.wait_seconds = quick_seconds, wait_seconds
        self.retry_after = max(1, math.ceil(retry_after))
        self.cpu_clock = cpu_clock

    def take(self) -> bool:
        """A heavy slot, waiting at most `wait_seconds`; False when none freed."""
        return self.slots is not None and self.slots.acquire(timeout=self.wait_seconds)

    def give_back(self) -> None:
        """Return a heavy slot."""
        self.slots.release()

    def budget(self, seconds: float, clock: Callable[[], float] = time.monotonic, heavy: bool = False) -> "Budget":
        """A deadline of `seconds` in the quick lane (in the heavy one from the start if `heavy`)."""
        return Budget(self, seconds, clock, heavy)


class Budget(Deadline):
    """A search deadline that also moves its request to the heavy lane, or sheds it.

    Use it as a context manager: leaving it returns the heavy slot, and raises Overloaded when the
    request was shed (its work was cut short at the first check after that).
    """

    def __init__(self, admission: Admission, seconds: float, clock: Callable[[], float], heavy: bool):
        super().__init__(seconds, clock)
        self.admission = admission
        self.cpu_start = admission.cpu_clock()
        self.heavy = self.shed = False
        if heavy:
            self._promote()

    def expired(self) -> bool:
        """True once the time is spent, or once the request needed a heavy slot and got none."""
        if super().expired():
            return True
        if not self.heavy and self.admission.cpu_clock() - self.cpu_start >= self.admission.quick_seconds:
            self._promote()
        return self.hit

    def _promote(self) -> None:
        if self.admission.take():
            self.heavy = True
        else:
            self.shed = self.hit = True

    def keep_slot(self) -> Callable[[], None]:
        """Hand the heavy slot over to a streamed response, which holds it until its last row is sent:
        leaving the `with` block no longer gives it back, the returned function does (once). The
        budget itself, with the posting lists its search read, can then go."""
        held, self.heavy = self.heavy, False
        admission = self.admission

        def give_back() -> None:
            nonlocal held
            if held:
                held = False
                admission.give_back()

        return give_back

    def __enter__(self) -> "Budget":
        if self.shed:
            raise Overloaded(self.admission.retry_after)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.heavy:
            self.heavy = False
            self.admission.give_back()
        if exc_type is None and self.shed:
            raise Overloaded(self.admission.retry_after)
