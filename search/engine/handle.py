"""The live archive as the server sees it: follow the index root's CURRENT generation.

A reindex publishes a new generation by rewriting CURRENT; the next request
loads it, while searches already running keep the engine they started with.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from index.generations import IndexMissing, current_generation
from search.engine.whoosh_engine import WhooshEngine, load_generation

RETIRE_SECONDS = 60.0  # far beyond the search time limit: no search still runs on the old one


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
        """The live generation, loaded; raises IndexMissing if there is none."""
        gen = current_generation(self.root)
        if gen is None:
            raise IndexMissing(self.root, "no index has been built")
        loaded = self._loaded
        if loaded is not None and loaded.gen == gen:
            return loaded
        with self._lock:
            if self._loaded is None or self._loaded.gen != gen:
                new = load_generation(gen)
                self._retire(self._loaded)
                self._loaded = new
            return self._loaded
