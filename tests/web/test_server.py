"""The built-in server under connection abuse: real `manage.py serve` processes, real sockets, loopback only.

What is asserted is whether clients are answered and which connections the server closes; every
wait is bounded by serverkit.HANG_SECONDS, a guard against a server that has stopped serving.
"""

from __future__ import annotations

import http.client
import select
import time

import pytest
from serverkit import HANG_SECONDS, Trickle, close_all, closed_by_peer, open_idle, running_server

STRICT = ("--connection-limit", "60", "--idle-timeout", "1", "--request-timeout", "2")


@pytest.fixture(scope="module")
def server(tiny_index, tmp_path_factory):
    """`manage.py serve` with the default limits."""
    with running_server(tiny_index, tmp_path_factory.mktemp("serve") / "serve.log") as running:
        yield running


@pytest.fixture(scope="module")
def strict(tiny_index, tmp_path_factory):
    """`manage.py serve` with 60 connections, a 1 s idle timeout and 2 s for a request to arrive."""
    with running_server(tiny_index, tmp_path_factory.mktemp("strict") / "serve.log", *STRICT) as running:
        yield running


def test_hundreds_of_idle_connections_leave_room_for_other_clients(server):
    idle = open_idle(server, 400)  # waitress's default limit of 100 let 98 lock everyone out
    try:
        status, _, body = server.get("/api/search?q=%E9%87%8D%E5%BA%86")
        assert status == 200 and b'"total"' in body
    finally:
        close_all(idle)


def test_hundreds_of_trickling_connections_leave_room_for_other_clients(server):
    trickle = Trickle(server, 300, interval=2.0)  # each sends a byte every 2 s, forever
    try:
        status, _, _ = server.get("/healthz")
        assert status == 200
    finally:
        trickle.close()


def test_a_full_server_closes_idle_connections_to_let_a_new_client_in(strict):
    idle = open_idle(strict, 120)  # twice the limit
    try:
        assert strict.get("/healthz")[0] == 200
        assert any(closed_by_peer(s) for s in idle)
    finally:
        close_all(idle)


def test_a_full_server_closes_stalled_requests_to_let_a_new_client_in(strict):
    trickle = Trickle(strict, 120, interval=0.5)
    try:
        assert strict.get("/healthz")[0] == 200
    finally:
        trickle.close()


def test_a_request_that_trickles_in_is_cut_off_after_the_request_timeout(strict):
    sock = strict.connect()
    request = Trickle.REQUEST[:200]
    try:
        for sent in range(len(request)):  # 200 bytes at 0.1 s: 20 s, ten times the 2 s allowed
            sock.send(request[sent:sent + 1])
            if select.select([sock], [], [], 0.1)[0]:
                break
        assert closed_by_peer(sock), "the server kept waiting for a request trickling in"
        assert sent < len(request) - 1
    finally:
        sock.close()


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(strict):
    conn = http.client.HTTPConnection("127.0.0.1", strict.port, timeout=HANG_SECONDS)
    conn.request("GET", "/healthz")
    response = conn.getresponse()
    assert response.status == 200 and response.read() and not response.will_close
    sock = conn.sock
    try:
        deadline = time.monotonic() + HANG_SECONDS
        while not closed_by_peer(sock) and time.monotonic() < deadline:
            select.select([sock], [], [], 0.2)
        assert closed_by_peer(sock), "an idle keep-alive connection was kept open"
    finally:
        sock.close()


@pytest.mark.parametrize("framing", [b"Content-Length: 300000000\r\n", b"Transfer-Encoding: chunked\r\n"])
def test_a_body_sent_to_a_get_route_is_refused_with_413_before_it_is_read(server, framing):
    sock = server.connect()
    try:
        sock.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost: localhost\r\n" + framing + b"\r\n")
        sock.sendall(b"10000\r\n" + b"x" * 65536 if b"chunked" in framing else b"x" * 65536)
        assert sock.recv(65536).startswith(b"HTTP/1.1 413"), "the server waited for the whole body"
    finally:
        sock.close()


def test_headers_beyond_the_limit_are_refused_with_431(server):
    status, _, _ = server.get("/healthz", headers={"X-Padding": "a" * 100_000})
    assert status == 431


def test_a_forged_host_header_never_reaches_absolute_links(server):
    _, _, feed = server.get("/feed.atom?q=%E9%87%8D%E5%BA%86", headers={"Host": "evil.example"})
    _, _, csv = server.get("/export.csv?q=%E9%87%8D%E5%BA%86", headers={"Host": "evil.example"})
    assert b"evil.example" not in feed + csv
    assert f"http://127.0.0.1:{server.port}/article/".encode() in feed
