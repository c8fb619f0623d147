"""The sync HTTP client: redirects, conditional GET, retries, caps and deadlines.

Protocol logic runs against httpx's MockTransport; what needs real sockets (a trickling server,
a truncated body, a reset, keep-alive reuse) runs against a tiny raw server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from zonereader import __version__
from zonereader.config import SyncSettings
from zonereader.models import Validators
from zonereader.sync.http import Fetcher, FetchError, fetch_once

Handler = Callable[[httpx.Request], httpx.Response]


def fetch(
    handler: Handler, url: str, validators: Validators | None = None, **settings: object
) -> tuple[object, int]:
    """GET ``url`` through a MockTransport; return (result or FetchError, requests sent)."""

    async def run() -> tuple[object, int]:
        fetcher = Fetcher(
            SyncSettings(**settings),  # type: ignore[arg-type]
            transport=httpx.MockTransport(handler),
            backoff=0.001,
        )
        async with fetcher:
            try:
                return await fetcher.get(url, validators), fetcher.requests
            except FetchError as exc:
                return exc, fetcher.requests

    return asyncio.run(run())


def test_plain_get_returns_bytes_validators_and_user_agent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = "舟山".encode("gbk")
        return httpx.Response(
            200, content=body, headers={"ETag": '"v1"', "Last-Modified": "Thu, 28 Dec 2023"}
        )

    result, requests = fetch(handler, "http://portal.test/a.html")
    assert not isinstance(result, FetchError)
    assert result.body == "舟山".encode("gbk")  # bytes out, never decoded
    assert result.validators == Validators('"v1"', "Thu, 28 Dec 2023")
    assert result.status == 200 and not result.not_modified
    assert requests == 1
    assert seen[0].headers["user-agent"].startswith(f"zonereader/{__version__}")


def test_conditional_get_sends_validators_and_304_is_a_result() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            assert request.headers["if-modified-since"] == "Thu, 28 Dec 2023"
            return httpx.Response(304)
        return httpx.Response(200, content=b"x", headers={"ETag": '"v1"'})

    result, _ = fetch(handler, "http://p.test/", Validators('"v1"', "Thu, 28 Dec 2023"))
    assert not isinstance(result, FetchError)
    assert result.not_modified and result.body == b""
    assert result.validators.etag == '"v1"'  # kept from what we sent


def test_redirect_chain_reports_permanent_target_and_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/old":
            return httpx.Response(301, headers={"Location": "/new"})
        if path == "/new":
            return httpx.Response(308, headers={"Location": "http://other.test/newer"})
        if path == "/newer":
            return httpx.Response(302, headers={"Location": "/final#frag"})
        return httpx.Response(200, content=b"ok")

    result, requests = fetch(handler, "http://p.test/old")
    assert not isinstance(result, FetchError)
    assert result.url == "http://other.test/final"
    assert result.permanent_url == "http://other.test/newer"  # the 302 hop is not permanent
    assert requests == 4


def test_temporary_redirect_first_means_no_permanent_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/a":
            return httpx.Response(302, headers={"Location": "/b"})
        if request.url.path == "/b":
            return httpx.Response(301, headers={"Location": "/c"})
        return httpx.Response(200)

    result, _ = fetch(handler, "http://p.test/a")
    assert not isinstance(result, FetchError)
    assert result.permanent_url is None


def test_redirect_loop_and_too_many_redirects_fail_in_one_line() -> None:
    def loop(request: httpx.Request) -> httpx.Response:
        target = "/b" if request.url.path == "/a" else "/a"
        return httpx.Response(302, headers={"Location": target})

    error, requests = fetch(loop, "http://p.test/a")
    assert isinstance(error, FetchError)
    assert "redirect loop" in str(error) and "\n" not in str(error)
    assert requests == 2

    def endless(request: httpx.Request) -> httpx.Response:
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"Location": f"/{n + 1}"})

    error, requests = fetch(endless, "http://p.test/0", max_redirects=3)
    assert isinstance(error, FetchError)
    assert "more than 3 redirects" in str(error)
    assert requests == 4


def test_redirect_to_another_scheme_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "ftp://p.test/x"})

    error, _ = fetch(handler, "http://p.test/a")
    assert isinstance(error, FetchError)
    assert "Location" in str(error)


def test_5xx_is_retried_then_succeeds() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503 if len(calls) < 3 else 200, content=b"ok")

    result, requests = fetch(handler, "http://p.test/", retries=3)
    assert not isinstance(result, FetchError)
    assert result.body == b"ok" and requests == 3


def test_5xx_gives_up_after_retries_with_status() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, content=b"<html>oops</html>")

    error, requests = fetch(handler, "http://p.test/", retries=2)
    assert isinstance(error, FetchError)
    assert error.status == 500 and requests == 3
    assert str(error) == "http://p.test/: HTTP 500 Internal Server Error (gave up after 3 attempts)"


def test_429_retry_after_is_honoured() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    def handler(request: httpx.Request) -> httpx.Response:
        if not waits:
            return httpx.Response(429, headers={"Retry-After": "7"})
        return httpx.Response(200, content=b"ok")

    async def run() -> tuple[bytes, int]:
        transport = httpx.MockTransport(handler)
        async with Fetcher(SyncSettings(), transport=transport, sleep=record) as fetcher:
            return (await fetcher.get("http://p.test/")).body, fetcher.requests

    assert asyncio.run(run()) == (b"ok", 2)
    assert waits == [7.0]  # waited exactly as asked, not the backoff


def test_backoff_doubles_between_attempts() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502)

    async def run() -> None:
        transport = httpx.MockTransport(handler)
        fetcher = Fetcher(SyncSettings(retries=3), transport=transport, backoff=1.0, sleep=record)
        async with fetcher:
            with pytest.raises(FetchError):
                await fetcher.get("http://p.test/")

    asyncio.run(run())
    assert len(waits) == 3
    for attempt, wait in enumerate(waits):
        assert 0.75 * 2**attempt <= wait <= 1.25 * 2**attempt


def test_429_with_huge_retry_after_fails_at_once() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "86400"})

    error, requests = fetch(handler, "http://p.test/")
    assert isinstance(error, FetchError)
    assert error.status == 429 and requests == 1
    assert "retry after 86400 s" in str(error)


def test_4xx_is_not_retried_and_carries_its_status() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(410, text="\x1b]0;PWNED\x07 gone")

    error, requests = fetch(handler, "http://p.test/feed")
    assert isinstance(error, FetchError)
    assert error.status == 410 and requests == 1
    assert "\x1b" not in str(error) and "PWNED" not in str(error)


def test_body_cap_by_content_length_and_by_counting() -> None:
    def declared(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 2000)

    error, _ = fetch(declared, "http://p.test/", max_body_bytes=1000)
    assert isinstance(error, FetchError) and "cap" in str(error)

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"y" * 100

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks())  # no Content-Length

    error, _ = fetch(streamed, "http://p.test/", max_body_bytes=1000)
    assert isinstance(error, FetchError) and "over the 1,000-byte cap" in str(error)


def test_per_host_limit_bounds_concurrency() -> None:
    active = 0
    peak = 0

    class Transport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal active, peak
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0.01)
            active -= 1
            return httpx.Response(200, content=b"ok")

    async def run() -> None:
        async with Fetcher(SyncSettings(), transport=Transport()) as fetcher:
            urls = [f"http://p.test/{i}" for i in range(20)]
            await asyncio.gather(*(fetcher.get(u, host_limit=3) for u in urls))
            assert fetcher.requests == 20

    asyncio.run(run())
    assert peak == 3


# ---------------------------------------------------------------- real sockets


class RawServer:
    """A one-purpose HTTP server on 127.0.0.1 whose replies a test scripts byte by byte."""

    def __init__(self, reply: Callable[[socket.socket, bytes], None]) -> None:
        self.reply = reply
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections = 0
        self.requests = 0
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            buffer = b""
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                buffer += data
                while b"\r\n\r\n" in buffer:
                    head, buffer = buffer.split(b"\r\n\r\n", 1)
                    self.requests += 1
                    try:
                        self.reply(conn, head)
                    except OSError:
                        return

    def close(self) -> None:
        self._stop = True
        self.sock.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket, bytes], None]], RawServer]]:
    servers: list[RawServer] = []

    def start(reply: Callable[[socket.socket, bytes], None]) -> RawServer:
        server = RawServer(reply)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def real_get(url: str, **settings: object) -> tuple[object, int]:
    async def run() -> tuple[object, int]:
        async with Fetcher(SyncSettings(**settings), backoff=0.001) as fetcher:  # type: ignore[arg-type]
            try:
                return await fetcher.get(url), fetcher.requests
            except FetchError as exc:
                return exc, fetcher.requests

    return asyncio.run(run())


def test_keep_alive_reuses_one_connection(raw_server) -> None:  # type: ignore[no-untyped-def]
    def ok(conn: socket.socket, head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    server = raw_server(ok)

    async def run() -> None:
        async with Fetcher(SyncSettings()) as fetcher:
            for _ in range(5):
                assert (await fetcher.get(server.url)).body == b"ok"

    asyncio.run(run())
    assert server.requests == 5 and server.connections == 1


def test_keep_alive_survives_304s_redirects_and_errors(raw_server) -> None:  # type: ignore[no-untyped-def]
    """Unused bodies are read to their end, so their connection is reused (a no-change sync is
    mostly 304s; each new connection to a real site is a new TLS handshake)."""

    def reply(conn: socket.socket, head: bytes) -> None:
        if b"If-None-Match" in head:
            conn.sendall(b'HTTP/1.1 304 Not Modified\r\nETag: "v"\r\n\r\n')
        elif head.startswith(b"GET /old"):
            body = b"<p>moved</p>" * 100
            conn.sendall(
                b"HTTP/1.1 302 Found\r\nLocation: /new\r\nContent-Length: %d\r\n\r\n%s"
                % (len(body), body)
            )
        elif head.startswith(b"GET /gone"):
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found")
        else:
            conn.sendall(b'HTTP/1.1 200 OK\r\nETag: "v"\r\nContent-Length: 2\r\n\r\nok')

    server = raw_server(reply)

    async def run() -> None:
        async with Fetcher(SyncSettings()) as fetcher:
            first = await fetcher.get(server.url, None, 1)
            for _ in range(3):
                assert (await fetcher.get(server.url, first.validators, 1)).not_modified
            assert (await fetcher.get(server.url + "old", None, 1)).body == b"ok"
            with pytest.raises(FetchError):
                await fetcher.get(server.url + "gone", None, 1)
            assert (await fetcher.get(server.url, None, 1)).body == b"ok"

    asyncio.run(run())
    assert server.requests == 8 and server.connections == 1


def test_tls_is_set_up_by_the_first_https_request_only(raw_server) -> None:  # type: ignore[no-untyped-def]
    """An http-only run never loads the CA certificates; an https URL gets a verified client."""

    def ok(conn: socket.socket, head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    server = raw_server(ok)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there

    async def run() -> tuple[object, object]:
        async with Fetcher(SyncSettings(retries=0)) as fetcher:
            transport = fetcher._client._transport  # type: ignore[union-attr]
            assert (await fetcher.get(server.url)).body == b"ok"
            before = transport.tls
            with pytest.raises(FetchError):
                await fetcher.get(f"https://127.0.0.1:{port}/")
            return before, transport.tls

    before, after = asyncio.run(run())
    assert before is None
    assert isinstance(after, httpx.AsyncHTTPTransport)


def test_trickling_server_hits_the_overall_deadline(raw_server) -> None:  # type: ignore[no-untyped-def]
    def trickle(conn: socket.socket, head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(1000):
            conn.sendall(b"x")
            time.sleep(0.2)  # each read completes well within the read timeout

    server = raw_server(trickle)
    error, requests = real_get(server.url, timeout=1.0, retries=1)
    assert isinstance(error, FetchError)
    assert "body incomplete after 1 s: only" in str(error)
    assert "of 1,000 bytes came (the server sends too slowly)" in str(error)
    assert requests == 2


def test_truncated_body_is_retried_then_reported(raw_server) -> None:  # type: ignore[no-untyped-def]
    def truncated(conn: socket.socket, head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + b"x" * 100)
        conn.shutdown(socket.SHUT_RDWR)
        raise OSError("closed")

    server = raw_server(truncated)
    error, requests = real_get(server.url, retries=2)
    assert isinstance(error, FetchError)
    assert "truncated" in str(error)
    assert requests == 3


def test_connection_reset_is_retried_and_can_recover(raw_server) -> None:  # type: ignore[no-untyped-def]
    count = 0

    def flaky(conn: socket.socket, head: bytes) -> None:
        nonlocal count
        count += 1
        if count == 1:
            conn.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            conn.close()  # RST
            raise OSError("reset")
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    server = raw_server(flaky)
    result, requests = real_get(server.url, retries=2)
    assert not isinstance(result, FetchError)
    assert result.body == b"ok" and requests == 2


def test_connection_refused_is_one_line() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    error, requests = real_get(f"http://127.0.0.1:{port}/", retries=1)
    assert isinstance(error, FetchError)
    assert "\n" not in str(error) and requests == 2


def test_fetch_once_returns_body_type_and_final_url(raw_server) -> None:  # type: ignore[no-untyped-def]
    def reply(conn: socket.socket, head: bytes) -> None:
        if head.startswith(b"GET /start"):
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /page\r\nContent-Length: 0\r\n\r\n")
        else:
            body = "<p>开发区</p>".encode("gbk")
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=GBK\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )

    server = raw_server(reply)
    body, content_type, final = fetch_once(server.url + "start")
    assert body == "<p>开发区</p>".encode("gbk")
    assert content_type == "text/html; charset=GBK"
    assert final == server.url + "page"
