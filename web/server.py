"""The built-in HTTP server: waitress with its limits set on purpose, so that it can face clients alone.

waitress reads every connection in one asyncore loop and hands a request to a
worker thread only once it has arrived whole, so idle or trickling
connections cost no thread: what they exhaust is the connection limit. With
waitress's defaults (100 connections, closed after 120 s of silence, no bound
on how long a request may take to arrive) 98 idle sockets, or 120 that send a
byte every 5 s, lock every other client out. Here:

- the connection limit is 1000, watched with poll() (select() stops at
  descriptor 1024), and the open-file limit is raised to fit it;
- a connection idle between requests is closed after `idle_timeout`, and
  when every slot is taken the longest-idle ones are closed at once, then
  requests still incomplete after a second, oldest first: a browser sends
  its request in one packet, a slowloris client never finishes;
- a request must arrive whole within `request_timeout` of its first byte,
  however slowly it trickles;
- request line plus headers are capped at `max_header_bytes` (431 beyond),
  and a body at `max_body_bytes` — 0, since no route takes one — answered 413
  from the Content-Length alone, before any of it is read or spooled to disk.

A reverse proxy in front (deploy/nginx.conf) adds per-address limits; this
server is safe without one.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

FILES_PER_CONNECTION = 2  # the socket, and a temporary file when a large response overflows memory
SPARE_FILES = 256  # index files, logs, the listening socket
STALLED_SECONDS = 1.0  # a request still incomplete after this may be dropped when every slot is taken
ROOM_CHECK_SECONDS = 0.05  # how often a full server looks for connections to drop
ROOM_SHARE = 10  # a full server frees a tenth of its slots at a time
ACCEPT_BATCH = 64  # connections accepted per readable event, so a queue of them drains quickly
LOOP_SECONDS = 0.1  # poll() timeout: timeouts and room-making run at least this often
FULL_WARNING_SECONDS = 60.0


@dataclass
class Limits:
    """What the server allows; the defaults are the README's."""

    threads: int = 8
    connection_limit: int = 1000
    idle_timeout: float = 20.0  # seconds a keep-alive connection may sit between requests
    request_timeout: float = 10.0  # seconds from a request's first byte to its last
    max_header_bytes: int = 65536
    max_body_bytes: int = 0
    backlog: int = 1024

    @classmethod
    def from_config(cls, config, **overrides) -> "Limits":
        """Limits from app config keys (THREADS, CONNECTION_LIMIT, …), then non-None overrides."""
        names = cls.__dataclass_fields__
        values = {n: type(getattr(cls, n))(config[n.upper()]) for n in names if n.upper() in config}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def adjustments(self, host: str, port: int) -> Adjustments:
        """waitress's settings for these limits."""
        adj = Adjustments(
            host=host, port=port, threads=self.threads, backlog=self.backlog, ident="yuwen",
            connection_limit=self.connection_limit, channel_timeout=max(1, round(self.idle_timeout)),
            cleanup_interval=1,  # how often timeouts are enforced: one pass over the open connections
            max_request_header_size=self.max_header_bytes, max_request_body_size=self.max_body_bytes,
            # Bodies (if MAX_BODY_BYTES ever allows any) stay in memory up to 64 KiB, then go to a
            # temporary file; responses over 1 MiB too (a client reading slowly holds no more memory).
            recv_bytes=8192, inbuf_overflow=65536, outbuf_overflow=1 << 20,
            asyncore_use_poll=True, expose_tracebacks=False)
        adj.asyncore_loop_timeout = LOOP_SECONDS  # waitress only takes whole seconds; poll() takes any
        return adj


class GuardedChannel(HTTPChannel):
    """A connection that remembers when the request it is receiving began."""

    request_started = 0.0

    def received(self, data):
        """Note when a new request's first bytes arrive, then parse as waitress does."""
        if self.request is None:
            self.request_started = time.time()
        return super().received(data)

    def idle(self) -> bool:
        """Between requests: nothing received, nothing running, nothing left to send."""
        return (self.request is None and not self.requests and not self.total_outbufs_len
                and not self.will_close)

    def stalled(self, before: float) -> bool:
        """Receiving a request that began before `before`, with nothing running."""
        return self.request is not None and not self.requests and self.request_started < before \
            and not self.will_close


class GuardedServer(TcpWSGIServer):
    """waitress's TCP server with a request-arrival deadline and room made when it is full."""

    channel_class = GuardedChannel
    request_timeout = Limits.request_timeout
    next_room_check = 0.0
    next_full_warning = 0.0

    def maintenance(self, now: float) -> None:
        """Close idle connections (waitress) and those whose request is taking too long to arrive."""
        super().maintenance(now)
        cutoff = now - self.request_timeout
        for channel in list(self.active_channels.values()):
            if channel.stalled(cutoff):
                channel.will_close = True

    def readable(self) -> bool:
        """Accept while there is room; when full, drop idle and stalled connections to make some."""
        now = time.time()
        if now >= self.next_channel_cleanup:
            self.next_channel_cleanup = now + self.adj.cleanup_interval
            self.maintenance(now)
        if not self.accepting:
            return False
        if len(self._map) < self.adj.connection_limit:
            return True
        if now >= self.next_room_check:
            self.next_room_check = now + ROOM_CHECK_SECONDS
            self.make_room(now)
        return False

    def handle_accept(self) -> None:
        """Accept a batch of waiting connections, as long as there is room."""
        for _ in range(ACCEPT_BATCH):
            if len(self._map) >= self.adj.connection_limit:
                return
            before = len(self._map)
            super().handle_accept()
            if len(self._map) == before:  # nothing was waiting (or accept failed)
                return

    def make_room(self, now: float) -> None:
        """Close the longest-idle connections, then the oldest stalled requests, to free some slots."""
        channels = list(self.active_channels.values())
        closing = sum(c.will_close for c in channels)
        wanted = len(self._map) - self.adj.connection_limit + max(1, self.adj.connection_limit // ROOM_SHARE) - closing
        idle = sorted((c for c in channels if c.idle()), key=lambda c: c.last_activity)
        stalled = sorted((c for c in channels if c.stalled(now - STALLED_SECONDS)), key=lambda c: c.request_started)
        for channel in (idle + stalled)[:max(0, wanted)]:
            channel.will_close = True
        if now >= self.next_full_warning:
            self.next_full_warning = now + FULL_WARNING_SECONDS
            self.logger.warning("all %d connections in use: closing idle and stalled ones to make room",
                                self.adj.connection_limit)


def raise_file_limit(limits: Limits) -> Limits:
    """Raise the soft open-file limit to fit the connection limit (or lower that to fit the hard one)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = limits.connection_limit * FILES_PER_CONNECTION + SPARE_FILES
    if hard != resource.RLIM_INFINITY and hard < needed:
        limits.connection_limit = max(10, (hard - SPARE_FILES) // FILES_PER_CONNECTION)
        needed = min(hard, limits.connection_limit * FILES_PER_CONNECTION + SPARE_FILES)
    if soft != resource.RLIM_INFINITY and soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    return limits


def make_server(app, host: str, port: int, limits: Limits):
    """A server listening on `host`:`port` (every address it resolves to) for `app`; call `.run()`."""
    limits = raise_file_limit(limits)
    adj = limits.adjustments(host, port)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    sockets: dict = {}
    servers = []
    for sockinfo in adj.listen:
        server = GuardedServer(app, sockets, dispatcher=dispatcher, adj=adj, sockinfo=sockinfo)
        server.request_timeout = limits.request_timeout
        servers.append(server)
    if len(servers) == 1:
        return servers[0]
    listening = [(s.effective_host, s.effective_port) for s in servers]
    return MultiSocketServer(sockets, adj, listening, dispatcher, servers[-1].log_info)
