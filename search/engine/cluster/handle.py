"""The live sharded archive as the server sees it: follow the root's CURRENT shard set on a Dask cluster.

Like IndexHandle for one index. The first shard set is loaded on the first
request; a newer one (a rebuild published it) is loaded in the background while
searches go on with the old one, and replaces it whole once every shard is up:
a search sees all old shards or all new ones. The old set's actors are released
a minute later, when searches that started on it are long over.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from index.generations import IndexMissing
from index.shards import current_set
from search.engine.cluster.engine import ClusterEngine
from search.engine.handle import RETIRE_SECONDS

CONNECT_SECONDS = 10.0
log = logging.getLogger(__name__)


def connect(address: str):
    """A Dask client of the scheduler at `address` (tcp://host:port), calling the workers directly."""
    from distributed import Client

    return Client(address, timeout=CONNECT_SECONDS, set_as_default=False, direct_to_workers=True)


class ClusterHandle:
    """Follows a sharded index root's CURRENT shard set, loading each new one once on the cluster.

    :param cluster: the scheduler's address, or a connected distributed.Client.
    """

    def __init__(self, root: str | Path, cluster):
        self.root = Path(root)
        self._cluster = cluster
        self._client = None if isinstance(cluster, str) else cluster
        self._loaded: ClusterEngine | None = None
        self._loading: Path | None = None
        self._retired: list[tuple[threading.Timer, ClusterEngine]] = []
        self._lock = threading.RLock()  # loading the first set connects the client under it

    @property
    def client(self):
        """The Dask client (connected on first use)."""
        with self._lock:
            if self._client is None:
                self._client = connect(self._cluster)
            return self._client

    def current(self) -> ClusterEngine:
        """The live shard set, loaded; raises IndexMissing if there is none."""
        gen = current_set(self.root)
        if gen is None:
            raise IndexMissing(self.root, "no shard set has been built (`manage.py reindex --cluster …`)")
        loaded = self._loaded
        if loaded is not None and loaded.gen == gen:
            return loaded
        if loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._load(gen)
                return self._loaded
        with self._lock:
            if self._loading != gen:
                self._loading = gen
                threading.Thread(target=self._switch, args=(gen,), daemon=True, name="load-shard-set").start()
        return loaded

    def verify(self, engine: ClusterEngine) -> None:
        """Nothing to refuse: a shard that doesn't answer is left out of each answer (`partial`) and
        loaded again elsewhere, so the shard set as a whole stays usable (the health check's contract)."""

    def _load(self, gen: Path) -> ClusterEngine:
        try:
            return ClusterEngine(gen, self.client)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexMissing(self.root, f"shard set {gen.name} is unreadable ({type(exc).__name__}: {exc})") from exc

    def _switch(self, gen: Path) -> None:
        """Load a newer shard set, then make it the live one (the old one is retired)."""
        try:
            new = self._load(gen)
        except Exception as exc:
            log.error("shard set %s could not be loaded: %s", gen.name, exc)
            with self._lock:
                self._loading = None
            return
        with self._lock:
            old, self._loaded, self._loading = self._loaded, new, None
            if old is not None:  # searches that started on it are long over by then
                timer = threading.Timer(RETIRE_SECONDS, old.close)
                timer.daemon = True
                timer.start()
                self._retired.append((timer, old))

    def close(self) -> None:
        """Release every loaded shard set's actors and the client (if this handle connected it)."""
        with self._lock:
            retired, self._retired = self._retired, []
            engines = [e for _, e in retired] + ([self._loaded] if self._loaded else [])
            self._loaded = None
        for timer, _ in retired:
            timer.cancel()
        for engine in engines:
            engine.close()
        if isinstance(self._cluster, str) and self._client is not None:
            self._client.close()
            self._client = None
