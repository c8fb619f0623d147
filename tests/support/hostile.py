"""A hostile HTTP server on loopback: the sample portal, with chosen paths turned into attacks.

:class:`HostileServer` serves a :class:`~zonereader.demo.SamplePortal` (so a sync has real
channels, list pages and articles to store) and answers the paths a test overrides with a
:class:`Reply` instead: a decompression bomb, a page nested 20,000 deep, a list page of 20,000
links, a body trickled one byte a second, a redirect to ``javascript:``... The builders below make
those replies. :func:`run_measured` runs the real ``zonereader`` command in a child process and
reports its peak RSS and CPU time (from ``wait4``, which covers the child's own helpers too), so
tests assert bounded memory and CPU rather than wall-clock time.

``tests/conftest.py`` star-imports this module, so everything public is in ``__all__``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from zonereader.demo import SamplePortal

__all__ = [
    "UNPRIVILEGED",
    "HostileServer",
    "Measured",
    "Reply",
    "bomb",
    "deep_page",
    "hostile_server",
    "link_list_page",
    "redirect",
    "run_measured",
    "trickle",
]


@dataclass
class Reply:
    """One answer of the hostile server.

    Attributes:
        status: the HTTP status.
        headers: response headers (Content-Length is added unless ``close_delimited``).
        body: the body bytes.
        interval: when set, the body is sent one byte every ``interval`` seconds.
        close_delimited: send no Content-Length and close the connection after the body.
    """

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    interval: float = 0.0
    close_delimited: bool = False


def bomb(decoded_size: int, codings: tuple[str, ...] = ("gzip", "gzip")) -> Reply:
    """An HTML page whose body inflates to ``decoded_size`` bytes through ``codings``."""
    return Reply(
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Content-Encoding": ", ".join(codings),
        },
        body=_bomb_body(decoded_size, codings),
    )


@functools.lru_cache(maxsize=8)
def _bomb_body(decoded_size: int, codings: tuple[str, ...]) -> bytes:
    data: bytes | None = None
    for coding in codings:
        wbits = 31 if coding in ("gzip", "x-gzip") else 15
        compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
        if data is None:  # the innermost layer: compress the zeros without holding them
            zeros = b"\0" * (1 << 20)
            head = b"<html><body><p>"
            parts = [compressor.compress(head)]
            left = decoded_size - len(head)
            while left > 0:
                parts.append(compressor.compress(zeros[: min(left, len(zeros))]))
                left -= len(zeros)
            data = b"".join(parts) + compressor.flush()
        else:
            data = compressor.compress(data) + compressor.flush()
    assert data is not None
    return data


def deep_page(depth: int, *, title: str = "深层页面") -> Reply:
    """An HTML page whose content sits inside ``depth`` nested ``<div>`` elements."""
    body = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        + "<div>" * depth
        + "<p>x</p>"
        + "</div>" * depth
        + "</body></html>"
    ).encode()
    return Reply(headers={"Content-Type": "text/html; charset=utf-8"}, body=body)


def link_list_page(links: Iterable[str], next_url: str | None = None) -> Reply:
    """A list page whose rows link to ``links`` (dated, as list pages are), and 下一页."""
    rows = "".join(
        f'<li><a href="{link}">第{number}条新闻标题</a>'
        f"<span>2024-01-{number % 28 + 1:02d}</span></li>"
        for number, link in enumerate(links)
    )
    pager = f'<div class="page"><a href="{next_url}">下一页</a></div>' if next_url else ""
    body = (
        "<html><head><meta charset='utf-8'><title>列表</title></head><body>"
        "<div class='location'>您现在的位置：首页 > 开发区新闻 > 敌意 > 文字新闻</div>"
        f"<ul class='list'>{rows}</ul>{pager}</body></html>"
    ).encode()
    return Reply(headers={"Content-Type": "text/html; charset=utf-8"}, body=body)


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to ``location`` (any string: ``javascript:alert(1)`` included)."""
    return Reply(status=status, headers={"Location": location})


def trickle(body: bytes, interval: float = 1.0) -> Reply:
    """A page whose body comes one byte every ``interval`` seconds."""
    return Reply(headers={"Content-Type": "text/html; charset=utf-8"}, body=body, interval=interval)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: HostileServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up on hostile answers all the time: stay quiet about it."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        owner.log(path, self.headers.get("Host", ""))
        reply = owner.overrides.get(path)
        if reply is None:
            status, headers, body = owner.portal.render(path)
            reply = Reply(status=status, headers=dict(headers), body=body)
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        headers = {k: v for k, v in reply.headers.items() if k.lower() != "content-length"}
        for name, value in headers.items():
            self.send_header(name, value)
        if reply.close_delimited:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if not reply.interval:
            self.wfile.write(reply.body)
            return
        for index in range(len(reply.body)):
            if self.server.stopping.is_set():
                return
            self.wfile.write(reply.body[index : index + 1])
            self.wfile.flush()
            time.sleep(reply.interval)


class HostileServer:
    """The sample portal on 127.0.0.1, with paths overridden by hostile replies.

    Args:
        articles: the size of the sample portal behind it.
        seed: the sample portal's seed.
    """

    def __init__(self, articles: int = 60, seed: int = 7) -> None:
        self.portal = SamplePortal(articles=articles, seed=seed)
        self.overrides: dict[str, Reply] = {}
        self._requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> HostileServer:
        """Start serving (in a daemon thread)."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The portal's section index."""
        return self.base_url + "/kfq/index.html"

    def url_for(self, path: str, host: str = "127.0.0.1") -> str:
        """The absolute URL of ``path`` (on ``host``: ``localhost`` names the same server)."""
        return f"http://{host}:{self.port}{path}"

    def override(self, path: str, reply: Reply) -> None:
        """Answer ``path`` with ``reply`` from now on."""
        self.overrides[path] = reply

    def log(self, path: str, host: str) -> None:
        """Record one request."""
        with self._lock:
            self._requests.append((path, host))

    @property
    def requests(self) -> list[tuple[str, str]]:
        """Every request so far, in order: (path, Host header)."""
        with self._lock:
            return list(self._requests)

    def articles(self) -> list[str]:
        """Paths of every article of the portal, channel by channel."""
        portal = self.portal
        return [
            portal.article_path(number)
            for channel in portal.channels()
            for number in portal.numbers(channel.zone)
        ]


@pytest.fixture
def hostile_server() -> Iterator[HostileServer]:
    """A started :class:`HostileServer` (60 articles); stopped at teardown."""
    server = HostileServer().start()
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class Measured:
    """A finished ``zonereader`` child: its exit code, output, peak RSS and CPU seconds."""

    returncode: int
    stdout: str
    stderr: str
    max_rss: int
    """Peak resident set size in bytes (of the child, or of a helper it waited for)."""
    cpu_seconds: float

    @property
    def error_lines(self) -> list[str]:
        """The lines of stderr."""
        return [line for line in self.stderr.splitlines() if line.strip()]


#: Runs ``zonereader`` as its own child and reports that child's rusage. The measured process
#: must be forked from a small process: a child forked from pytest starts with pytest's memory
#: in its peak RSS (Linux keeps the peak across exec). The child may get a file-size limit
#: (RLIMIT_FSIZE: a disk that fills up) and run without root's permission overrides.
_LAUNCHER = """
import os, resource, sys, time
report, timeout, fsize, prefix, *command = sys.argv[1:]
pid = os.fork()
if pid == 0:
    if fsize != "-":
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(fsize), int(fsize)))
    argv = [sys.executable, "-m", "zonereader", *command]
    if prefix != "-":
        argv = [*prefix.split(), *argv]
    os.execvp(argv[0], argv)
deadline = time.monotonic() + float(timeout)
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    if time.monotonic() > deadline:
        os.kill(pid, 9)
        os.wait4(pid, 0)
        sys.exit(124)
    time.sleep(0.02)
with open(report, "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss} "
              f"{usage.ru_utime + usage.ru_stime}")
"""

#: Runs a command as root without the capabilities that let root ignore file permissions, so
#: that a chmod-ed cache or directory is as read-only to it as to any user (the suite runs as
#: root in CI). None when not root (permissions apply anyway) or when setpriv is missing.
UNPRIVILEGED = (
    "setpriv --bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable --"
    if os.geteuid() == 0 and shutil.which("setpriv")
    else None
)


def run_measured(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    file_size_limit: int | None = None,
    unprivileged: bool = False,
) -> Measured:
    """Run ``python -m zonereader ARGS`` and measure it (and the helpers it waits for).

    Args:
        args: the command line.
        env: variables added to the environment.
        timeout: seconds before the child is killed.
        file_size_limit: RLIMIT_FSIZE of the child, in bytes (writes past it fail).
        unprivileged: as root, run without the capabilities that override file permissions
            (see :data:`UNPRIVILEGED`; the test must skip when it is None).

    Raises:
        subprocess.TimeoutExpired: it ran past ``timeout`` seconds (it is killed then).
    """
    prefix = "-"
    if unprivileged and os.geteuid() == 0:
        if UNPRIVILEGED is None:
            pytest.skip("running as root without setpriv: permissions cannot be made real")
        prefix = UNPRIVILEGED
    fsize = "-" if file_size_limit is None else str(file_size_limit)
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "usage")
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, report, str(timeout), fsize, prefix, *args],
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=False,
            timeout=timeout + 30,
        )
        if done.returncode == 124 and not os.path.exists(report):
            raise subprocess.TimeoutExpired(done.args, timeout)
        with open(report, encoding="ascii") as usage:
            code, max_rss, cpu = usage.read().split()
    return Measured(
        returncode=int(code),
        stdout=done.stdout,
        stderr=done.stderr,
        max_rss=int(max_rss) * 1024,
        cpu_seconds=float(cpu),
    )
