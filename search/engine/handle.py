"""The live archive as the server sees it: follow the index root's CURRENT generation.

A reindex publishes a new generation by rewriting CURRENT; the next request
loads it, while searches already running keep the engine they started with.

Damage is met without flapping. A CURRENT that can't be read, or that names a
generation which fails to load, leaves the loaded generation serving (said
once in the log); a failed load is retried only every few seconds, not on
every request. A generation found damaged while serving (`verify`) is
refused with IndexMissing until a reindex publishes another one.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from index.generations import CURRENT, IndexMissing, current_generation
from index.integrity import damage
from search.engine.whoosh_engine import WhooshEngine, load_generation

RETIRE_SECONDS = 60.0  # far beyond the search time limit: no search still runs on the old one
RETRY_SECONDS = 10.0  # a generation that failed to load is tried again after this
log = logging.getLogger(__name__)


class IndexHandle:
    """Follows an index root's CURRENT generation, loading each new one once.

    A replaced generation is closed a minute later, once searches that started
    on it have long finished.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._loaded: WhooshEngine | None = None
        self._retired: list[tuple[float, WhooshEngine]] = []
        self._lock = threading.Lock()
        self._damaged: dict[Path, str] = {}  # generation → why it is refused
        self._failed: tuple[Path, float, str] | None = None  # the last failed load: when and why
        self._said: set[str] = set()  # log messages already written

    def close(self) -> None:
        """Close the live and retired generations."""
        with self._lock:
            loaded = [x for _, x in self._retired] + ([self._loaded] if self._loaded else [])
            self._retired, self._loaded = [], None
        for x in loaded:
            x.close()

    def _retire(self, old: WhooshEngine | None) -> None:
        now = time.monotonic()
        if old is not None:
            self._retired.append((now, old))
        while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
            self._retired.pop(0)[1].close()

    def current(self) -> WhooshEngine:
        """The live generation, loaded; raises IndexMissing if there is none that can serve."""
        gen = current_generation(self.root)
        loaded = self._loaded
        if loaded is None or loaded.gen != gen or gen in self._damaged:
            with self._lock:
                loaded = self._switch(gen)
        shrunk = loaded.shrunk()
        if shrunk:  # caught before a search reads past its end, which would kill the server
            self._refuse(loaded, IndexMissing(self.root, f"index generation {loaded.gen.name} was damaged "
                                                         f"while serving: file {shrunk} was cut short"))
        return loaded

    def _switch(self, gen: Path | None) -> WhooshEngine:
        """Under the lock: load `gen`, or keep serving the loaded generation when `gen` can't be."""
        loaded = self._loaded
        if gen is not None and gen in self._damaged:
            raise IndexMissing(self.root, self._damaged[gen])  # a new one each time: tracebacks don't pile up
        if gen is not None and loaded is not None and loaded.gen == gen:
            return loaded
        if gen is not None and not self._recently_failed(gen):
            try:
                new = load_generation(gen)
            except IndexMissing as exc:
                self._failed = (gen, time.monotonic(), exc.reason)
                self._say(f"cannot load {gen.name}: {exc}")
            else:
                self._retire(self._loaded)
                self._loaded, self._failed = new, None
                self._said.clear()
                return new
        if loaded is not None and loaded.gen not in self._damaged and loaded.gen.is_dir():
            self._say(f"{CURRENT} of {self.root} names no usable generation; still serving {loaded.gen.name}")
            return loaded
        if self._failed is not None and self._failed[0] == gen:
            raise IndexMissing(self.root, self._failed[2])
        missing = IndexMissing(self.root, "no index has been built" if not (self.root / CURRENT).exists()
                               else f"{CURRENT} names no usable generation")
        self._say(str(missing))
        raise missing

    def _recently_failed(self, gen: Path) -> bool:
        return self._failed is not None and self._failed[0] == gen \
            and time.monotonic() - self._failed[1] < RETRY_SECONDS

    def verify(self, engine: WhooshEngine) -> None:
        """Read a posting list and a stored article, and compare the files with their record;
        on damage refuse this generation from now on and raise IndexMissing.

        A read that fails for want of resources (too many open files, say) while the files still
        match their record raises IndexMissing for this request only: it is not damage.
        """
        try:
            engine.check()
        except IndexMissing as exc:
            if isinstance(exc.__cause__, OSError) and not damage(engine.gen):
                self._say(f"reading {engine.gen.name} failed, its files are intact: {exc.reason}")
                raise
            self._refuse(engine, exc)
        found = damage(engine.gen)
        if found:
            self._refuse(engine, IndexMissing(self.root, f"index generation {engine.gen.name} was damaged "
                                                         f"while serving: {found}"))

    def _refuse(self, engine: WhooshEngine, exc: IndexMissing) -> None:
        """Refuse a damaged generation until CURRENT names another; say so once."""
        with self._lock:
            self._damaged[engine.gen] = exc.reason
        self._say(str(exc))
        raise exc

    def _say(self, message: str) -> None:
        """Log a problem once, not on every request that meets it."""
        if message not in self._said:
            self._said.add(message)
            log.error("%s", message)
