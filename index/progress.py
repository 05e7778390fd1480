"""Progress for long work: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time

from tqdm import tqdm


class Progress:
    """Counts work done in named stages; draws with tqdm on a TTY, logs every few seconds otherwise."""

    def __init__(self, stream=None, interval: float = 5.0, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = enabled
        self.interval = interval
        self._bar = None
        self._stage = ""
        self._total = 0
        self._done = 0
        self._last = 0.0

    def start(self, stage: str, total: int, unit: str = "item") -> None:
        """Begin a stage of `total` units."""
        self.close()
        self._stage, self._total, self._done, self._last = stage, total, 0, time.monotonic()
        if self.tty:
            self._bar = tqdm(total=total, desc=stage, unit=unit, file=self.stream, leave=False)
        elif self.enabled:
            self.log(f"{stage}: 0/{total}")

    def advance(self, n: int = 1) -> None:
        """Record `n` more units done."""
        self._done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.enabled and time.monotonic() - self._last >= self.interval:
            self._last = time.monotonic()
            self.log(f"{self._stage}: {self._done}/{self._total}")

    def log(self, message: str) -> None:
        """A line of its own, without breaking a bar."""
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        """End the current stage."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.enabled and self._stage and self._total:
            self.log(f"{self._stage}: {self._done}/{self._total} done")
        self._stage = ""


SILENT = Progress(enabled=False)
