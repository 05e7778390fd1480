"""Every shard of a shard set loaded on some worker, its calls fanned out, a lost one reloaded elsewhere.

Shards live on workers that offer the `shards` resource (`dask worker
--resources shards=N`), or on any worker when none does, spread evenly. A
fan-out waits for the shards until the search's time budget runs out; a shard
that raised (its worker died) or did not answer is left out of that answer and
named as missing. A shard whose worker is lost, or that does not even answer a
ping, is loaded again on another worker in a background thread; searches leave
it out meanwhile, without waiting for it, and include it again as soon as it is
back. Shard files live on storage every worker reads, so any worker can reload any shard.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path

from search.engine.cluster.shard import ShardActor

RESOURCE = "shards"
LOAD_SECONDS = 120.0  # loading a large shard: reading its doc values and lexicon
PROBE_SECONDS = 2.0  # a shard that timed out must at least answer a ping this fast
GRACE_SECONDS = 0.25  # beyond the search budget, for a shard's answer to come back over the network
RETRY_SECONDS = 1.0  # between two attempts to reload a shard (no worker could take it)
MIN_WAIT = 0.001

log = logging.getLogger(__name__)


class Slot:
    """One shard: its actor, the worker holding it, and whether it is there to answer."""

    def __init__(self, number: int, info: dict, path: Path, lexicon: Path):
        self.number, self.info, self.path, self.lexicon = number, info, path, lexicon
        self.actor = self.future = self.worker = None
        self.placed: str | None = None  # the worker it is loaded or loading on
        self.state = "loading"  # ready | loading | reloading | closed
        self.loads = 0  # how many times it was loaded (1 + reloads)

    @property
    def ready(self) -> bool:
        return self.state == "ready"


class Slots:
    """The actors of one shard set on a Dask cluster."""

    def __init__(self, client, gen: Path, shards: list[dict]):
        self.client, self.gen = client, gen
        self.slots = [Slot(n, info, gen / info["name"], gen / "lexicon.json") for n, info in enumerate(shards)]
        self._lock = threading.Lock()
        self._repairing: set[int] = set()

    def start(self, wait: float = LOAD_SECONDS) -> None:
        """Load every shard on a worker; those not loaded within `wait` seconds go on loading in the background."""
        pending = {}
        for slot in self.slots:
            try:
                pending[slot.number] = self._submit(slot, exclude=None)
            except Exception as exc:  # no worker at all: keep trying in the background
                log.warning("shard %s could not be placed: %s", slot.info["name"], exc)
        end = time.monotonic() + wait
        for slot in self.slots:
            try:
                self._loaded(slot, *pending[slot.number], timeout=max(MIN_WAIT, end - time.monotonic()))
            except Exception as exc:
                log.warning("shard %s did not load: %s", slot.info["name"], exc)
                self.repair(slot)

    def _submit(self, slot: Slot, exclude: str | None):
        worker = slot.placed = self.place(exclude)
        key = f"yuwen-{slot.info['name']}-{self.gen.name}-{uuid.uuid4().hex[:8]}"
        future = self.client.submit(ShardActor, str(slot.path), str(slot.lexicon), slot.number, actor=True,
                                    workers=[worker], allow_other_workers=False, key=key)
        return future, worker

    def _loaded(self, slot: Slot, future, worker: str, timeout: float) -> None:
        with self.client.as_current():  # the actor's handle calls through this client, not another one
            actor = future.result(timeout=timeout)
        old = slot.future
        with self._lock:
            if slot.state == "closed":
                self.client.cancel([future], force=True)
                return
            slot.actor, slot.future, slot.worker, slot.state = actor, future, worker, "ready"
            slot.loads += 1
        if old is not None:
            self.client.cancel([old], force=True)

    def place(self, exclude: str | None = None) -> str:
        """The worker to load a shard on: offering the shards resource, holding the fewest of ours."""
        workers = self.client.scheduler_info()["workers"]
        offering = [a for a, w in workers.items() if (w.get("resources") or {}).get(RESOURCE, 0) > 0]
        eligible = offering or list(workers)
        if exclude and len(eligible) > 1:
            eligible = [a for a in eligible if a != exclude]
        if not eligible:
            raise RuntimeError("no Dask worker can hold a shard")
        held = {a: 0 for a in eligible}
        for slot in self.slots:
            if slot.placed in held and slot.state != "closed":
                held[slot.placed] += 1
        return min(sorted(eligible), key=held.__getitem__)

    def call(self, method: str, args, timeout: float,
             only: set[int] | None = None) -> tuple[dict[int, object], dict[int, str]]:
        """Call a method on every ready shard (or those `only`); (results by shard, reasons by missing shard).

        :param args: the arguments, or a function of the shard number giving them.
        """
        calls, missing = {}, {}
        for slot in self.slots:
            if only is not None and slot.number not in only:
                continue
            if not slot.ready:
                missing[slot.number] = slot.state
                continue
            try:
                calls[slot.number] = getattr(slot.actor, method)(*(args(slot.number) if callable(args) else args))
            except Exception as exc:  # the handle knows its worker is lost
                missing[slot.number] = self._failed(slot, exc)
        end = time.monotonic() + timeout + GRACE_SECONDS
        results = {}
        for number, future in calls.items():
            try:
                results[number] = future.result(timeout=max(MIN_WAIT, end - time.monotonic()))
            except TimeoutError:
                missing[number] = "timeout"
                self.probe(self.slots[number])
            except Exception as exc:
                missing[number] = self._failed(self.slots[number], exc)
        return results, missing

    def _failed(self, slot: Slot, exc: Exception) -> str:
        """Why a call raised: its worker is lost (the shard is reloaded), or the shard's own error."""
        if _is_lost(exc):
            log.warning("shard %s lost with its worker %s (%s): reloading it", slot.info["name"], slot.worker, exc)
            self.repair(slot)
            return "worker lost"
        log.error("shard %s failed: %s: %s", slot.info["name"], type(exc).__name__, exc)
        return f"error: {type(exc).__name__}: {str(exc)[:200]}"

    def probe(self, slot: Slot) -> None:
        """A shard did not answer in time: reload it unless it answers a ping (it was merely busy)."""
        self._background(slot, check_first=True)

    def repair(self, slot: Slot) -> None:
        """Load the shard again on another worker, in the background."""
        self._background(slot, check_first=False)

    def _background(self, slot: Slot, check_first: bool) -> None:
        with self._lock:
            if slot.number in self._repairing or slot.state == "closed":
                return
            self._repairing.add(slot.number)
            if not check_first:
                slot.state = "reloading"
        threading.Thread(target=self._repair, args=(slot, check_first), daemon=True,
                         name=f"reload-{slot.info['name']}").start()

    def _repair(self, slot: Slot, check_first: bool) -> None:
        try:
            if check_first:
                try:
                    slot.actor.ping().result(timeout=PROBE_SECONDS)
                    return
                except Exception:
                    log.warning("shard %s on %s does not answer: reloading it", slot.info["name"], slot.worker)
                    slot.state = "reloading"
            failed = slot.worker
            while slot.state != "closed":
                try:
                    self._loaded(slot, *self._submit(slot, exclude=failed), timeout=LOAD_SECONDS)
                    log.warning("shard %s reloaded on %s", slot.info["name"], slot.worker)
                    return
                except Exception as exc:
                    log.warning("reloading shard %s failed (%s); trying again", slot.info["name"], exc)
                    time.sleep(RETRY_SECONDS)
        finally:
            with self._lock:
                self._repairing.discard(slot.number)

    def close(self) -> None:
        """Release every actor (their workers drop them)."""
        futures = []
        with self._lock:
            for slot in self.slots:
                slot.state = "closed"
                if slot.future is not None:
                    futures.append(slot.future)
        if futures:
            try:
                self.client.cancel(futures, force=True)
            except Exception:  # the client is closing too
                pass


def _is_lost(exc: Exception) -> bool:
    """Whether an actor call failed because the worker holding the actor is gone."""
    return isinstance(exc, (OSError, EOFError)) or (isinstance(exc, RuntimeError) and "lost" in str(exc)) \
        or type(exc).__name__ in ("CommClosedError", "KilledWorker", "CancelledError", "FutureCancelledError")
