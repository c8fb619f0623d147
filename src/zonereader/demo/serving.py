"""The loopback HTTP core both demo servers stand on: connections, counts, faults, 304s, stop.

The counts themselves are :class:`zonereader.demo.stats.RequestStats`.

:class:`DemoServer` serves on 127.0.0.1 in a background thread, one daemon thread per
connection, HTTP/1.1 keep-alive with a Content-Length on every answer and Nagle's algorithm off
(a stdlib server without it stalls ~40 ms per keep-alive request). For each request it:

1. answers the server's control paths (:meth:`DemoServer.control`), uncounted;
2. counts the request by page kind (:meth:`DemoServer.page_kind`);
3. applies the first matching rule of its :class:`~zonereader.demo.faults.FaultPlan`, if any,
   the same way in every server (:class:`_Handler` below);
4. otherwise answers :meth:`DemoServer.respond` (a subclass's routing: the sample portal's
   pages, the feeds...), with a 304 when a conditional GET matches the page's validators.

Stopping sets a stop event (a stalled or oversized answer waits on it and ends), stops the
accept loop and shuts every open connection, so no client hangs on a keep-alive socket of a
dead server.
"""

from __future__ import annotations

import contextlib
import io
import random
import socket
import struct
import sys
import threading
from datetime import UTC
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from zonereader.demo.faults import Fault, FaultKind, FaultPlan
from zonereader.demo.stats import RequestStats

#: ``(status, headers, body)``: what a demo server answers for a path.
Response = tuple[int, dict[str, str], bytes]

#: What an oversized answer streams, repeated: valid inside HTML and XML alike.
_FILLER = (b"<!-- " + "开发区".encode() * 20 + b" -->\n") * 512
#: How many random bytes a garbage answer sends.
_GARBAGE_BYTES = 8192
#: How long :meth:`DemoServer.stop` waits for the connections it closed to finish, in seconds.
_STOP_WAIT_S = 5.0
#: The charset labels whose bytes a lying-charset answer can send as they are.
_GBK_LABELS = ("gbk", "gb2312", "gb18030")


def is_not_modified(
    headers: dict[str, str], if_none_match: str | None, if_modified_since: str | None
) -> bool:
    """Whether a conditional GET with these request headers gets a 304 for this response.

    ``If-None-Match`` wins over ``If-Modified-Since`` (RFC 9110 §13.2.2).
    """
    etag = headers.get("ETag")
    if if_none_match is not None:
        if not etag:
            return False
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag.removeprefix("W/") in tags
    modified = headers.get("Last-Modified")
    if if_modified_since and modified:
        try:
            since = parsedate_to_datetime(if_modified_since)
            last = parsedate_to_datetime(modified)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        if last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        return last <= since
    return False


class DemoServer:
    """A loopback HTTP server with counts, fault injection and conditional GET.

    Subclasses route: :meth:`respond` answers a path, :meth:`page_kind` names what it is for
    the counts (one of :attr:`PAGE_KINDS`), :meth:`control` answers paths that are not part of
    the site. Use as a context manager, or call :meth:`start` and :meth:`stop`.

    Args:
        host: the address to bind (loopback by default).
        port: the port; 0 picks a free one (read :attr:`port` once started).
        faults: rules for misbehaving; settable later through ``.faults``.
    """

    #: The page kinds :meth:`page_kind` returns; the counts report each of them.
    PAGE_KINDS: tuple[str, ...] = ("other",)

    def __init__(self, host: str = "127.0.0.1", port: int = 0, faults: FaultPlan | None = None):
        """Prepare the server; nothing is bound until :meth:`start`."""
        self.host = host
        self.port = port
        self.faults = faults
        self.stats_counter = RequestStats(self.PAGE_KINDS)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._last_serving = 0

    # -------------------------------------------------------------- what subclasses say

    def page_kind(self, path: str) -> str:
        """The kind of page ``path`` is, for the counts."""
        return "other"

    def respond(self, path: str, query: str, *, loop_pagination: bool = False) -> Response:
        """Answer a GET of ``path`` (``query`` is the query string, without ``?``).

        Args:
            path: the request path.
            query: the query string.
            loop_pagination: the pagination-loop fault applies: a list page links its next
                page back to its first (sites without pages ignore it).
        """
        return _plain(404, b"not found")

    def control(self, method: str, path: str) -> Response | None:
        """Answer a control request (not counted, never faulted), or None when it is none."""
        return None

    # -------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        """Bind and start serving in a daemon thread; return self."""
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), self)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{type(self).__name__}-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (KeyboardInterrupt), then stop."""
        self.start()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop serving: end stalled answers, close every open connection and the socket."""
        server, self._server = self._server, None
        if server is None:
            return
        server.stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        server.wait_idle(_STOP_WAIT_S)
        self._last_serving = server.serving
        if self._thread is not None:
            self._thread.join(timeout=_STOP_WAIT_S)
            self._thread = None

    @property
    def connections_in_flight(self) -> int:
        """How many connections are still being answered (after :meth:`stop`: the ones that
        did not end within its wait, which a stalled answer must never be)."""
        server = self._server
        return server.serving if server is not None else self._last_serving

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -------------------------------------------------------------- addresses and counts

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` of the running server (no trailing slash)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url_for(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base_url + path

    @property
    def stats(self) -> dict[str, int]:
        """Requests answered so far: one count per page kind, ``total``, ``not_modified``
        and ``connections``."""
        return self.stats_counter.snapshot()

    def take_stats(self) -> dict[str, int]:
        """Return the counts (as :attr:`stats`) and zero them."""
        return self.stats_counter.snapshot(reset=True)

    def requests_for(self, path_or_url: str) -> int:
        """How many requests asked for this path (or absolute URL of this server)."""
        if path_or_url.startswith(self.base_url):
            path_or_url = path_or_url[len(self.base_url) :] or "/"
        return self.stats_counter.for_path(path_or_url)

    def reset_stats(self) -> None:
        """Forget the request counts."""
        self.stats_counter.reset()


def _plain(status: int, body: bytes, content_type: str = "text/plain") -> Response:
    return status, {"Content-Type": content_type}, body


class _Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer that remembers its open connections so ``stop`` can close them."""

    daemon_threads = True
    block_on_close = False
    #: socketserver's default backlog of 5 drops the SYNs of a burst of 50 connections, and
    #: each dropped one costs the client a 1-second retransmission.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], owner: DemoServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._idle = threading.Condition(self._open_lock)
        self.serving = 0
        """How many connection threads are running (each serves one connection's answers)."""
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up mid-answer; report anything else."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError) or self.stopping.is_set():
            return
        super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Remember the connection and count it, then serve it in its own thread."""
        with self._open_lock:
            self._open.add(request)
        self.owner.stats_counter.count_connection()
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Serve one connection in its thread, counted in :attr:`serving` meanwhile."""
        with self._open_lock:
            self.serving += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self.serving -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no connection thread runs (at most ``timeout`` seconds); return whether."""
        with self._open_lock:
            return self._idle.wait_for(lambda: self.serving == 0, timeout)

    def shutdown_request(self, request: Any) -> None:
        """Forget a connection its thread is done with."""
        self.forget(request)
        super().shutdown_request(request)

    def forget(self, sock: Any) -> None:
        """Stop tracking ``sock`` (closed by its handler)."""
        with self._open_lock:
            self._open.discard(sock)

    def close_connections(self) -> None:
        """Shut down every open client connection (unblocks their threads)."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed by the client or its thread
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Answers one connection's requests for a :class:`DemoServer`, applying its faults."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "ZoneDemo/1.0"
    sys_version = ""
    timeout = 60
    server: _Server

    def version_string(self) -> str:
        """The Server header."""
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests and benchmarks read stdout/stderr."""

    def do_HEAD(self) -> None:
        """Answer HEAD like GET, without a body."""
        self._answer(head=True)

    def do_GET(self) -> None:
        """Answer GET."""
        self._answer(head=False)

    def do_POST(self) -> None:
        """Answer a control POST; anything else is 404."""
        path = self._path()[0]
        answer = self.server.owner.control("POST", path)
        self._send(*(answer or _plain(404, b"not found")), head=False)

    # -------------------------------------------------------------- normal answers

    def _path(self) -> tuple[str, str]:
        path, _, query = self.path.partition("?")
        if "://" in path:  # absolute-form request target
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        return path, query

    def _answer(self, *, head: bool) -> None:
        owner = self.server.owner
        path, query = self._path()
        control = owner.control("GET", path)
        if control is not None:
            self._send(*control, head=head)
            return
        owner.stats_counter.count(owner.page_kind(path), path)
        fault = owner.faults.take(path) if owner.faults is not None else None
        if fault is not None and fault.kind is not FaultKind.PAGINATION_LOOP:
            self._fault(fault, path, query, head=head)
            return
        status, headers, body = owner.respond(path, query, loop_pagination=fault is not None)
        if status == 200 and is_not_modified(
            headers, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        ):
            owner.stats_counter.count_not_modified()
            self.send_response(304)
            for name in ("ETag", "Last-Modified"):
                if name in headers:
                    self.send_header(name, headers[name])
            self.end_headers()
            return
        self._send(status, headers, body, head=head)

    def _send(self, status: int, headers: dict[str, str], body: bytes, *, head: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    # -------------------------------------------------------------- faults

    def _fault(self, fault: Fault, path: str, query: str, *, head: bool) -> None:
        """Answer with ``fault``: the same behaviour whatever the server serves."""
        kind = fault.kind
        if kind is FaultKind.STATUS or kind is FaultKind.RETRY_AFTER:
            status = 429 if kind is FaultKind.RETRY_AFTER else fault.status
            body = f"<html><body><h1>{status}</h1></body></html>\n".encode()
            headers = {"Content-Type": "text/html"}
            if kind is FaultKind.RETRY_AFTER:
                headers["Retry-After"] = str(fault.seconds)
            self._send(status, headers, body, head=head)
            return
        if kind is FaultKind.REDIRECT_LOOP:
            target = path if "loop=1" in query else f"{path}?loop=1"
            self._send(302, {"Location": target}, b"", head=True)
            return
        if kind is FaultKind.OVERSIZE:
            self._oversize(fault)
            return
        status, headers, body = self.server.owner.respond(path, query)
        # No validators (a client must not cache a broken answer); the length is the body's.
        headers = {k: v for k, v in headers.items() if k not in ("ETag", "Content-Length")}
        media_type = headers.get("Content-Type", "text/html").split(";", 1)[0].strip()
        if kind is FaultKind.GARBAGE:
            noise = random.Random(path).randbytes(_GARBAGE_BYTES)
            self._send(200, {"Content-Type": media_type}, noise, head=head)
        elif kind is FaultKind.LYING_CHARSET:
            headers["Content-Type"] = f"{media_type}; charset=utf-8"
            self._send(status, headers, _as_gbk(body, headers_charset(headers)), head=head)
        else:
            self._broken(fault, status, headers, body)

    def _broken(self, fault: Fault, status: int, headers: dict[str, str], body: bytes) -> None:
        """Stall, truncate or reset: the full length is declared, the body never arrives."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.close_connection = True
        if fault.kind is FaultKind.STALL:
            self._trickle(body, fault.interval)
        elif fault.kind is FaultKind.TRUNCATE:
            self.wfile.write(body[: len(body) // 2])
        else:
            self.wfile.write(body[: len(body) // 3])
            self._reset()

    def _oversize(self, fault: Fault) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if fault.declare_length:
            self.send_header("Content-Length", str(fault.size))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = 0
        try:
            while sent < fault.size and not self.server.stopping.is_set():
                piece = _FILLER[: fault.size - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:
            return  # the client gave up, as it should

    def _trickle(self, body: bytes, interval: float) -> None:
        """One byte every ``interval`` seconds, until the body ends or the server stops."""
        try:
            for index in range(len(body)):
                self.wfile.write(body[index : index + 1])
                if self.server.stopping.wait(interval):
                    return
        except OSError:
            return  # the client gave up, as it should

    def _reset(self) -> None:
        """Close the connection with a TCP RST instead of a FIN."""
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            return
        self.server.forget(sock)
        sock.close()
        self.rfile.close()
        self.wfile.close()  # the last reference: the descriptor closes now, with an RST
        self.wfile = io.BytesIO()  # what the base class flushes after this answer


def headers_charset(headers: dict[str, str]) -> str:
    """The charset a Content-Type header names (``utf-8`` when it names none)."""
    for part in headers.get("Content-Type", "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return "utf-8"


def _as_gbk(body: bytes, charset: str) -> bytes:
    """``body`` encoded as GB18030 (as it is when it already is GBK)."""
    if charset in _GBK_LABELS:
        return body
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return body
    return text.encode("gb18030", "replace")
