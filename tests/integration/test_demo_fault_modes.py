"""Every fault of a FaultPlan, against both demo servers: each one behaves the same in both.

The sample portal's server and the feed server stand on one HTTP core
(:mod:`zonereader.demo.serving`); each test here runs once per server, on a page that the
server answers normally when no fault applies. Checks use plain clients (http.client or a raw
socket), never zonereader's own HTTP code.
"""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest

from zonereader.demo import Fault, FaultKind, FaultPlan, PortalServer, SamplePortal
from zonereader.demo.feeds import FeedServer, FeedSet
from zonereader.demo.serving import DemoServer, headers_charset

#: How long a stalled answer waits between two bytes in the stop test: far beyond the test.
LONG_STALL_S = 120.0


@dataclass
class Target:
    """A running server, a page it serves, and that page's normal answer."""

    server: DemoServer
    plan: FaultPlan
    path: str
    body: bytes
    content_type: str

    @property
    def media_type(self) -> str:
        return self.content_type.split(";", 1)[0].strip()

    @property
    def gbk_body(self) -> bytes:
        """The page's text as GBK (GB18030) bytes: the sample portal's pages already are."""
        try:
            text = self.body.decode(headers_charset({"Content-Type": self.content_type}))
        except UnicodeDecodeError:
            return self.body
        return text.encode("gb18030")


@pytest.fixture(params=["portal", "feeds"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """The sample portal's index page, or a feed of the feed server (a UTF-8 RSS feed)."""
    plan = FaultPlan()
    server: DemoServer
    if request.param == "portal":
        server = PortalServer(SamplePortal(articles=20, seed=1), faults=plan).start()
        path = "/kfq/index.html"
    else:
        feeds = FeedServer(FeedSet(2, 20, seed=1), faults=plan).start()
        server, path = feeds, feeds.feed_set.path(0)
    try:
        status, headers, body = get(server, path)
        assert status == 200 and body
        yield Target(server, plan, path, body, headers["Content-Type"])
    finally:
        server.stop()


def connect(server: DemoServer, timeout: float = 5.0) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)


def get(server: DemoServer, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = connect(server)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def raw_get(server: DemoServer, path: str, timeout: float = 5.0) -> socket.socket:
    """Send a GET on a raw socket and return the socket, to read the answer by hand."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def read_head(sock: socket.socket) -> tuple[bytes, bytes]:
    """Read until the end of the response headers; return (headers, body bytes read so far)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def content_length(head: bytes) -> int:
    found = re.search(rb"(?i)content-length: (\d+)", head)
    assert found is not None, head
    return int(found.group(1))


def test_status_applies_n_times_then_the_page_is_served(target: Target) -> None:
    target.plan.status(target.path, 503, times=2)
    assert [get(target.server, target.path)[0] for _ in range(3)] == [503, 503, 200]
    assert target.plan.applied(FaultKind.STATUS) == 2


@pytest.mark.parametrize("made_by", ["helper", "bare rule"])
def test_retry_after_is_a_429_with_its_header(target: Target, made_by: str) -> None:
    if made_by == "helper":
        target.plan.retry_after(target.path, seconds=7, times=1)
    else:  # a rule built by hand, whose status field keeps its default: still a 429
        target.plan.add(Fault(target.path, FaultKind.RETRY_AFTER, times=1, seconds=7))
    status, headers, _ = get(target.server, target.path)
    assert status == 429 and headers["Retry-After"] == "7"
    assert get(target.server, target.path)[0] == 200


def test_reset_sends_part_of_the_body_then_a_tcp_rst(target: Target) -> None:
    target.plan.reset(target.path, times=1)
    sock = raw_get(target.server, target.path)
    head, body = read_head(sock)
    assert head.startswith(b"HTTP/1.1 200")
    with pytest.raises(ConnectionResetError):
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                pytest.fail("the connection closed cleanly instead of being reset")
            body += chunk
    sock.close()
    assert 0 < len(body) < content_length(head) == len(target.body)
    assert get(target.server, target.path)[0] == 200  # once only


def test_truncate_declares_the_full_length_and_sends_half(target: Target) -> None:
    target.plan.truncate(target.path, times=1)
    conn = connect(target.server)
    conn.request("GET", target.path)
    response = conn.getresponse()
    with pytest.raises(http.client.IncompleteRead) as caught:
        response.read()
    conn.close()
    assert int(response.headers["Content-Length"]) == len(target.body)
    assert caught.value.partial == target.body[: len(target.body) // 2]


def test_stall_trickles_bytes_and_never_outlives_stop(target: Target) -> None:
    target.plan.stall(target.path, interval=0.05, times=1)
    sock = raw_get(target.server, target.path)
    head, body = read_head(sock)
    assert head.startswith(b"HTTP/1.1 200") and content_length(head) == len(target.body)
    for _ in range(5):
        chunk = sock.recv(65536)
        assert 0 < len(chunk) <= 2  # byte by byte
        body += chunk
    assert target.body.startswith(body)
    sock.close()

    target.plan.stall(target.path, interval=LONG_STALL_S)
    slow = raw_get(target.server, target.path)
    read_head(slow)  # the answer has started: its thread now waits between two bytes
    target.server.stop()
    assert target.server.connections_in_flight == 0  # the wait ended with the stop
    rest = b""
    while chunk := slow.recv(65536):  # the socket's timeout fails the test if it never ends
        rest += chunk
    slow.close()
    assert len(rest) < len(target.body)


@pytest.mark.parametrize("declare", [True, False])
def test_oversize_streams_until_the_client_hangs_up(target: Target, declare: bool) -> None:
    size = 50 * 1024 * 1024
    target.plan.oversize(target.path, size=size, declare_length=declare, times=1)
    sock = raw_get(target.server, target.path)
    head, body = read_head(sock)
    if declare:
        assert content_length(head) == size
    else:
        assert b"content-length" not in head.lower()
    while len(body) < 4 * 1024 * 1024:
        chunk = sock.recv(1 << 20)
        assert chunk
        body += chunk
    sock.close()  # a client that caps bodies hangs up; the server copes
    assert get(target.server, target.path)[2] == target.body


def test_lying_charset_sends_gbk_bytes_labelled_utf8(target: Target) -> None:
    target.plan.lying_charset(target.path, times=1)
    status, headers, body = get(target.server, target.path)
    assert status == 200 and headers["Content-Type"] == f"{target.media_type}; charset=utf-8"
    assert "ETag" not in headers
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert body == target.gbk_body


def test_garbage_is_random_bytes_of_the_page_type(target: Target) -> None:
    target.plan.garbage(target.path, times=1)
    status, headers, body = get(target.server, target.path)
    assert status == 200 and headers["Content-Type"] == target.media_type and len(body) == 8192
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_redirect_loop_bounces_between_two_urls(target: Target) -> None:
    target.plan.redirect_loop(target.path)
    path, hops = target.path, []
    for _ in range(4):
        status, headers, _ = get(target.server, path)
        assert status == 302
        parts = urlsplit(urljoin(target.server.base_url + path, headers["Location"]))
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        hops.append(path)
    assert hops == [f"{target.path}?loop=1", target.path] * 2


def test_pagination_loop_leaves_a_page_without_a_pager_as_it_is(target: Target) -> None:
    # What it does to a list page's 下一页 is in test_demo_server.py (only the portal pages).
    target.plan.pagination_loop(target.path, times=1)
    assert get(target.server, target.path)[2] == target.body
    assert target.plan.applied(FaultKind.PAGINATION_LOOP) == 1


def test_every_fault_kind_is_covered_here() -> None:
    """A new FaultKind needs a test in this module, run against both servers."""
    names = {name for name in globals() if name.startswith("test_")}
    covered = {
        FaultKind.STATUS: "test_status_applies_n_times_then_the_page_is_served",
        FaultKind.RETRY_AFTER: "test_retry_after_is_a_429_with_its_header",
        FaultKind.RESET: "test_reset_sends_part_of_the_body_then_a_tcp_rst",
        FaultKind.STALL: "test_stall_trickles_bytes_and_never_outlives_stop",
        FaultKind.TRUNCATE: "test_truncate_declares_the_full_length_and_sends_half",
        FaultKind.OVERSIZE: "test_oversize_streams_until_the_client_hangs_up",
        FaultKind.LYING_CHARSET: "test_lying_charset_sends_gbk_bytes_labelled_utf8",
        FaultKind.GARBAGE: "test_garbage_is_random_bytes_of_the_page_type",
        FaultKind.REDIRECT_LOOP: "test_redirect_loop_bounces_between_two_urls",
        FaultKind.PAGINATION_LOOP: "test_pagination_loop_leaves_a_page_without_a_pager_as_it_is",
    }
    assert set(covered) == set(FaultKind)
    assert set(covered.values()) <= names
