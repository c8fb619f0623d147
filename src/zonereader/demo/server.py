"""A loopback HTTP server for the sample portal, with request statistics and fault injection.

It speaks HTTP/1.1 with keep-alive (every response carries a Content-Length), disables Nagle's
algorithm (a stdlib server without it stalls ~40 ms per keep-alive request), answers
conditional GETs with 304, and serves every connection in its own daemon thread. Stopping it
closes the open connections, so no client hangs on a keep-alive socket of a dead server.
"""

from __future__ import annotations

import contextlib
import io
import random
import socket
import struct
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from zonereader.demo.faults import Fault, FaultKind, FaultPlan
from zonereader.demo.portal import INDEX_PATH, OTHER_PATH, SamplePortal, is_not_modified

PAGE_KINDS = ("index", "list", "article", "other")


class RequestStats:
    """Thread-safe counts of the requests a server answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kinds: Counter[str] = Counter()
        self._paths: Counter[str] = Counter()
        self._not_modified = 0
        self._connections = 0

    def count(self, kind: str, path: str) -> None:
        """Count one request for ``path`` of page kind ``kind``."""
        with self._lock:
            self._kinds[kind] += 1
            self._paths[path] += 1

    def count_not_modified(self) -> None:
        """Count one 304 answer."""
        with self._lock:
            self._not_modified += 1

    def count_connection(self) -> None:
        """Count one TCP connection accepted (keep-alive shows as fewer than requests)."""
        with self._lock:
            self._connections += 1

    def snapshot(self) -> dict[str, int]:
        """Return ``{index, list, article, other, total, not_modified, connections}``."""
        with self._lock:
            out = {kind: self._kinds[kind] for kind in PAGE_KINDS}
            out["total"] = sum(self._kinds.values())
            out["not_modified"] = self._not_modified
            out["connections"] = self._connections
            return out

    def for_path(self, path: str) -> int:
        """How many requests asked for ``path`` (query string ignored)."""
        with self._lock:
            return self._paths[path.split("?", 1)[0]]

    def paths(self) -> dict[str, int]:
        """Request counts by path."""
        with self._lock:
            return dict(self._paths)

    def reset(self) -> None:
        """Forget every count."""
        with self._lock:
            self._kinds.clear()
            self._paths.clear()
            self._not_modified = 0
            self._connections = 0


class _Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer that remembers its open connections so ``stop`` can close them."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], owner: PortalServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up mid-answer; report anything else."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError) or self.stopping.is_set():
            return
        super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        self.owner.stats_counter.count_connection()
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open client connection (unblocks their threads)."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed by the client or its thread
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Answers one connection's requests from the portal, applying faults."""

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
        """Answer GET from the portal."""
        self._answer(head=False)

    # -------------------------------------------------------------- normal answers

    def _answer(self, *, head: bool) -> None:
        owner = self.server.owner
        path, _, query = self.path.partition("?")
        if "://" in path:  # absolute-form request target
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        portal = owner.portal
        owner.stats_counter.count(portal.page_kind(path), path)
        faults = owner.faults
        fault = faults.take(path) if faults is not None else None
        if fault is not None and fault.kind is not FaultKind.PAGINATION_LOOP:
            self._fault(fault, path, query, head=head)
            return
        status, headers, body = portal.render(path, loop_pagination=fault is not None)
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
        self.end_headers()
        if not head:
            self.wfile.write(body)

    # -------------------------------------------------------------- faults

    def _fault(self, fault: Fault, path: str, query: str, *, head: bool) -> None:
        kind = fault.kind
        if kind is FaultKind.STATUS or kind is FaultKind.RETRY_AFTER:
            body = f"<html><body><h1>{fault.status}</h1></body></html>\n".encode()
            headers = {"Content-Type": "text/html", "Content-Length": str(len(body))}
            if kind is FaultKind.RETRY_AFTER:
                headers["Retry-After"] = str(fault.seconds)
            self._send(fault.status, headers, body, head=head)
        elif kind is FaultKind.REDIRECT_LOOP:
            target = path if "loop=1" in query else f"{path}?loop=1"
            self._send(302, {"Location": target, "Content-Length": "0"}, b"", head=True)
        elif kind is FaultKind.GARBAGE:
            noise = random.Random(path).randbytes(8192)
            headers = {"Content-Type": "text/html", "Content-Length": str(len(noise))}
            self._send(200, headers, noise, head=head)
        elif kind is FaultKind.LYING_CHARSET:
            status, headers, body = self.server.owner.portal.render(path)
            headers = dict(headers, **{"Content-Type": "text/html; charset=utf-8"})
            headers.pop("ETag", None)
            self._send(status, headers, body, head=head)
        elif kind is FaultKind.OVERSIZE:
            self._oversize(fault)
        else:
            status, headers, body = self.server.owner.portal.render(path)
            self.send_response(status)
            for name, value in headers.items():
                if name != "ETag":
                    self.send_header(name, value)
            self.end_headers()
            self.close_connection = True
            if kind is FaultKind.STALL:
                self._trickle(body, fault.interval)
            elif kind is FaultKind.TRUNCATE:
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
        chunk = (b"<p>" + "开发区".encode() * 20 + b"</p>\n") * 512
        sent = 0
        try:
            while sent < fault.size and not self.server.stopping.is_set():
                piece = chunk[: fault.size - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:
            return  # the client gave up, as it should

    def _trickle(self, body: bytes, interval: float) -> None:
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
        with self.server._open_lock:
            self.server._open.discard(sock)
        sock.close()
        self.rfile.close()
        self.wfile.close()  # the last reference: the descriptor closes now, with an RST
        self.wfile = io.BytesIO()  # what the base class flushes after this answer


class PortalServer:
    """Serve a :class:`SamplePortal` on loopback in a background thread.

    Args:
        portal: the site to serve.
        host: the address to bind (loopback by default).
        port: the port; 0 picks a free one.
        faults: rules for misbehaving; settable later through ``.faults``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self,
        portal: SamplePortal,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: FaultPlan | None = None,
    ) -> None:
        self.portal = portal
        self.host = host
        self.port = port
        self.faults = faults
        self.stats_counter = RequestStats()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -------------------------------------------------------------- lifecycle

    def start(self) -> PortalServer:
        """Bind and start serving in a daemon thread; return self."""
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), self)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"portal-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -------------------------------------------------------------- addresses

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` of the running server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The section index: the start URL to give ``zonereader source add``."""
        return self.base_url + INDEX_PATH

    @property
    def other_url(self) -> str:
        """The second template's channel list (a start URL of its own)."""
        return self.base_url + OTHER_PATH

    def url_for(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base_url + path

    def manifest(self, *, bodies: bool = True) -> dict:
        """The portal's ground truth with this server's URLs."""
        return self.portal.manifest(self.base_url, bodies=bodies)

    # -------------------------------------------------------------- growth and counts

    def set_articles(self, articles: int) -> None:
        """Grow (or shrink) the site while serving."""
        self.portal.set_articles(articles)

    @property
    def stats(self) -> dict[str, int]:
        """Requests answered so far: ``{index, list, article, other, total, not_modified,
        connections}``."""
        return self.stats_counter.snapshot()

    def requests_for(self, path_or_url: str) -> int:
        """How many requests asked for this path (or absolute URL of this server)."""
        if path_or_url.startswith(self.base_url):
            path_or_url = path_or_url[len(self.base_url) :] or "/"
        return self.stats_counter.for_path(path_or_url)

    def reset_stats(self) -> None:
        """Forget the request counts."""
        self.stats_counter.reset()
