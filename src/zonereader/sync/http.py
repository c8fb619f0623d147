"""The HTTP client of a sync run: one keep-alive httpx client, polite and bounded.

:class:`Fetcher` wraps one :class:`httpx.AsyncClient` per run and adds what portals and feeds
need: a connection limit and an optional delay per host, connect/read timeouts *and* an overall
deadline per request (a server trickling one byte every half second outlives read timeouts), a
deadline of the caller's (the run's or the source's time limit) that no wait or retry passes, a
body-size cap counted on the *decoded* bytes as they are inflated, across every layer of content
coding (:mod:`zonereader.sync.content_coding`), redirects followed here with loop detection and
a host rule checked on every hop, retries with backoff on connection errors, 5xx and 429
(``Retry-After`` honoured, capped), conditional GET, and a real User-Agent. Connections go only
to addresses the run may use (:mod:`zonereader.sync.transport`).

Nothing is charset-decoded here: bodies come out as bytes (content coding such as gzip undone),
and the text layer decides the character set. Only the sync package imports httpx. What a fetch
gives back (:class:`FetchResult`, :class:`FetchError`) is defined in :mod:`zonereader.sync.fetched`
and importable from here too.
"""

from __future__ import annotations

import asyncio
import importlib.util
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from types import TracebackType
from urllib.parse import urlsplit

# httpx's package __init__ imports its command-line tool (httpx._main), which pulls in click,
# rich and pygments when they are installed: ~40 ms of every sync's start-up for a CLI we never
# run. A None in sys.modules makes that import fail, and httpx then defines a stub ``main``.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not importable"

import httpx

from zonereader import __version__
from zonereader.config import DEFAULT_USER_AGENT, SyncSettings
from zonereader.models import Validators
from zonereader.sync.content_coding import accept_encoding
from zonereader.sync.fetched import DeadlineReached, FetchError, FetchResult
from zonereader.sync.hosts import HostRule, host_of
from zonereader.sync.responses import (
    BodyError,
    Progress,
    drain,
    phrase,
    read_body,
    redirect_target,
    retry_after,
    validators_of,
)
from zonereader.sync.transport import AddressRefused, RunTransport
from zonereader.text.sanitize import clean_line

# httpcore tries ``import sniffio`` on every request to learn which event loop runs; without
# sniffio installed (anyio 4 no longer needs it) each attempt is a failed import that searches
# sys.path: measured here at ~0.2 ms of CPU per request, a fifth of the client's cost. A None in
# sys.modules makes that import fail at once, with the same outcome (httpcore assumes asyncio).
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]  # None: "not importable"

__all__ = [
    "MAX_BACKOFF",
    "PERMANENT_REDIRECTS",
    "REDIRECT_STATUSES",
    "RETRY_STATUSES",
    "DeadlineReached",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "UrlCheck",
    "default_user_agent",
    "fetch_once",
]

#: Statuses that mean "try again later".
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Redirect statuses we follow; 301 and 308 are permanent.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
#: Longest wait between two attempts, however many retries are configured.
MAX_BACKOFF = 60.0

#: Checks a URL before it is fetched (the first one and every redirect target): returns why it
#: may not be fetched, or None.
UrlCheck = Callable[[str], "str | None"]


def default_user_agent() -> str:
    """Return the User-Agent sent when the config does not set one."""
    return DEFAULT_USER_AGENT.format(version=__version__)


class _Retry(Exception):
    """Internal: this attempt failed in a way worth retrying."""

    def __init__(self, reason: str, *, status: int | None = None, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.wait = wait


@dataclass(slots=True)
class _Host:
    """Politeness state of one host: a connection semaphore and the time of the last request."""

    semaphore: asyncio.Semaphore
    delay: float = 0.0
    gate: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_start: float = 0.0


class Fetcher:
    """One HTTP client for one sync run. Use as ``async with Fetcher(settings) as fetcher``.

    Args:
        settings: timeouts, retries, body cap, redirect limit and User-Agent.
        transport: an httpx transport to use instead of the network (unit tests).
        max_retry_after: longest ``Retry-After`` we wait, in seconds; a server asking for
            more makes the request fail at once (a sync must end in bounded time).
        backoff: first retry delay in seconds; doubled on each further attempt.
        default_host_limit: connections per host when a request names no limit.
        sleep: how to wait between attempts (tests record the waits instead).
        trusted: hosts that may be on loopback or private addresses (see
            :mod:`zonereader.sync.hosts`); None connects to any address (tests, and callers
            that vouch for every URL themselves).
    """

    def __init__(
        self,
        settings: SyncSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retry_after: float = 30.0,
        backoff: float = 0.5,
        default_host_limit: int = 4,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        trusted: HostRule | None = None,
    ) -> None:
        self.settings = settings or SyncSettings()
        self.trusted = trusted
        self.max_retry_after = max_retry_after
        self.backoff = backoff
        self.default_host_limit = default_host_limit
        self._sleep = sleep
        self.requests = 0
        """HTTP requests actually sent (every redirect hop and every retry counts)."""
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, _Host] = {}

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        timeout = httpx.Timeout(s.timeout, connect=s.connect_timeout, pool=None)
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=64)
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={
                "User-Agent": s.user_agent or default_user_agent(),
                # Only codings whose output we can bound (never what httpx could decode).
                "Accept-Encoding": accept_encoding(),
            },
            transport=self._transport or RunTransport(limits, self.trusted),
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client and its connections."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # ------------------------------------------------------------------ politeness

    def _host(self, url: str, limit: int | None, delay: float | None) -> _Host:
        try:
            parts = urlsplit(url)
        except ValueError:
            raise FetchError(url, "bad URL") from None
        key = f"{parts.scheme}://{parts.netloc}".lower()
        host = self._hosts.get(key)
        if host is None:
            host = _Host(asyncio.Semaphore(max(1, limit or self.default_host_limit)))
            self._hosts[key] = host
        if delay is not None:
            host.delay = delay
        return host

    async def _wait_turn(self, host: _Host, url: str, deadline: float | None) -> None:
        """Space request starts to one host by at least its delay (never past ``deadline``)."""
        if host.delay <= 0:
            return
        async with host.gate:
            wait = host.last_start + host.delay - time.monotonic()
            if wait > 0:
                if deadline is not None and time.monotonic() + wait >= deadline:
                    raise DeadlineReached(url)
                await asyncio.sleep(wait)
            host.last_start = time.monotonic()

    # ------------------------------------------------------------------ requests

    async def get(
        self,
        url: str,
        validators: Validators | None = None,
        host_limit: int | None = None,
        *,
        delay: float | None = None,
        deadline: float | None = None,
        check: UrlCheck | None = None,
        referer: str | None = None,
    ) -> FetchResult:
        """GET ``url``, following redirects and retrying what is worth retrying.

        Args:
            url: an absolute http(s) URL.
            validators: ETag/Last-Modified from an earlier fetch, sent as a conditional GET.
            host_limit: the most connections to this URL's host (the first call for a host
                fixes it; later calls reuse it).
            delay: the least time between two request starts to this host, in seconds.
            deadline: a :func:`time.monotonic` time that no attempt, wait or retry passes.
            check: refuses URLs this fetch may not go to (the first one and every redirect
                target), returning why; None allows every URL.
            referer: the page this request comes from, sent as ``Referer`` on every hop (as
                a browser keeps it across redirects); None sends none.

        Returns:
            The final response: 2xx, or 304 when ``validators`` still match.

        Raises:
            DeadlineReached: ``deadline`` came first.
            FetchError: any other outcome (4xx, 5xx after retries, timeouts, resets, oversized
                or truncated bodies, redirect loops, a refused host), with a one-line reason.
        """
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        refused = check(url) if check is not None else None
        if refused:
            raise FetchError(url, refused)
        headers: dict[str, str] = {}
        if referer:
            headers["Referer"] = referer
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        seen = {url}
        current = url
        permanent: str | None = None
        still_permanent = True
        for _hop in range(self.settings.max_redirects + 1):
            status, response_headers, body = await self._get_with_retries(
                current, headers, host_limit, delay, deadline
            )
            if status in REDIRECT_STATUSES and "location" in response_headers:
                target = redirect_target(current, response_headers["location"])
                if target is None:
                    location = clean_line(response_headers["location"], 80)
                    raise FetchError(current, f"HTTP {status} to an unusable Location {location}")
                refused = check(target) if check is not None else None
                if refused:
                    raise FetchError(current, f"redirected to {clean_line(target, 120)}: {refused}")
                if still_permanent and status in PERMANENT_REDIRECTS:
                    permanent = target
                else:
                    still_permanent = False
                if target in seen:
                    raise FetchError(url, f"redirect loop (back to {clean_line(target, 120)})")
                seen.add(target)
                current = target
                continue
            if status == 304:
                got = validators_of(response_headers)
                return FetchResult(
                    url=current,
                    status=status,
                    headers=response_headers,
                    body=b"",
                    validators=Validators(
                        etag=got.etag or (validators.etag if validators else None),
                        last_modified=got.last_modified
                        or (validators.last_modified if validators else None),
                    ),
                    permanent_url=permanent,
                )
            if 200 <= status < 300:
                return FetchResult(
                    url=current,
                    status=status,
                    headers=response_headers,
                    body=body,
                    validators=validators_of(response_headers),
                    permanent_url=permanent,
                )
            raise FetchError(current, f"HTTP {status} {phrase(status)}".rstrip(), status=status)
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    async def _get_with_retries(
        self,
        url: str,
        headers: dict[str, str],
        host_limit: int | None,
        delay: float | None,
        deadline: float | None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One hop: send, retrying connection errors, 5xx and 429 with backoff."""
        host = self._host(url, host_limit, delay)
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                async with host.semaphore:
                    await self._wait_turn(host, url, deadline)
                    return await self._attempt(url, headers, deadline)
            except _Retry as retry:
                if attempt + 1 >= attempts:
                    if retry.status is not None:
                        raise FetchError(
                            url,
                            f"{retry.reason} (gave up after {attempts} attempts)",
                            status=retry.status,
                        ) from None
                    raise FetchError(
                        url, f"{retry.reason} (gave up after {attempts} attempts)"
                    ) from None
                wait = retry.wait
                if wait is None:
                    wait = self.backoff * (2**attempt) * (0.75 + random.random() / 2)
                wait = min(wait, MAX_BACKOFF)
                if deadline is not None and time.monotonic() + wait >= deadline:
                    raise DeadlineReached(url) from None
                await self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(
        self, url: str, headers: dict[str, str], deadline: float | None
    ) -> tuple[int, dict[str, str], bytes]:
        """Send one request and read its body within the overall deadline."""
        assert self._client is not None
        budget = self.settings.timeout
        cut_short = False
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeadlineReached(url)
            if left < budget:
                budget, cut_short = left, True
        try:
            request = self._client.build_request("GET", url, headers=headers)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
            raise FetchError(url, f"bad URL: {clean_line(str(exc), 120)}") from None
        self.requests += 1
        progress = Progress()
        try:
            async with asyncio.timeout(budget):
                response = await self._client.send(request, stream=True)
                progress.headers = True
                try:
                    return await self._read(url, response, progress)
                finally:
                    await response.aclose()
        except TimeoutError:
            if cut_short:
                raise DeadlineReached(url) from None
            raise _Retry(progress.timeout_reason(budget)) from None
        except httpx.TimeoutException:
            raise _Retry(f"timed out (no data for {self.settings.timeout:g} s)") from None
        except httpx.InvalidURL as exc:
            # The request was built, so what httpx could not parse is the Location of a
            # redirect (``javascript:alert(1)``, ``data:...``), which it reads on its own.
            reason = clean_line(str(exc), 120)
            raise FetchError(url, f"redirect to an unusable Location ({reason})") from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(url, f"bad URL: {clean_line(str(exc), 120)}") from None
        except httpx.RemoteProtocolError as exc:
            if "location header" in str(exc).lower():  # httpx could not read a redirect
                reason = clean_line(str(exc), 120)
                raise FetchError(url, f"redirect to an unusable Location ({reason})") from None
            raise _Retry(_transport_reason(exc, "protocol error")) from None
        except httpx.DecodingError as exc:
            raise FetchError(url, f"cannot decode content-encoding: {exc}") from None
        except httpx.TransportError as exc:
            if isinstance(exc.__cause__, AddressRefused):
                raise FetchError(url, clean_line(str(exc.__cause__), 200)) from None
            raise _Retry(_transport_reason(exc, "connection failed")) from None

    async def _read(
        self, url: str, response: httpx.Response, progress: Progress
    ) -> tuple[int, dict[str, str], bytes]:
        """Read a streamed response body with the size cap; raise _Retry for retryable statuses."""
        status = response.status_code
        headers = {name.lower(): value for name, value in response.headers.items()}
        if status >= 300:
            # Nothing of the body is kept, but reading it to its end (a 304 has none) lets the
            # connection go back to the pool: closed unread, it is closed, and the next request
            # to the host (a no-change sync is mostly 304s) opens a new one, TLS and all.
            await drain(response)
            if status not in RETRY_STATUSES:
                return status, headers, b""
            wait = None
            if status in (429, 503) and "retry-after" in headers:
                wait = retry_after(headers["retry-after"])
                if wait is not None and wait > self.max_retry_after:
                    raise FetchError(
                        url,
                        f"HTTP {status}: server asks to retry after {wait:.0f} s "
                        f"(more than {self.max_retry_after:g} s)",
                        status=status,
                    )
            raise _Retry(f"HTTP {status} {phrase(status)}".rstrip(), status=status, wait=wait)
        try:
            body = await read_body(response, self.settings.max_body_bytes, progress)
        except BodyError as exc:
            raise FetchError(url, str(exc)) from None
        return status, headers, body


def _transport_reason(exc: httpx.TransportError, fallback: str) -> str:
    text = str(exc).lower()
    if "incomplete" in text or "peer closed" in text:
        return "connection closed before the body was complete (truncated)"
    if "reset" in text:
        return "connection reset"
    if "refused" in text:
        return "connection refused"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {clean_line(str(exc), 120) or fallback}"
    return clean_line(str(exc), 120) or fallback


def fetch_once(url: str, settings: SyncSettings | None = None) -> tuple[bytes, str | None, str]:
    """Fetch one URL outside a sync (``zonereader inspect``, ``source add``).

    The request is bounded as a sync bounds one: the same client, the same ``settings``
    (request and connect timeouts, body cap counted after every content coding, redirects,
    user agent), but one attempt and no retries. The URL's own host may be on a loopback or
    private address (the user typed it); a redirect elsewhere may not.

    Args:
        url: an absolute http(s) URL.
        settings: the config's ``[sync]`` settings (the defaults when None).

    Returns:
        The body bytes, the Content-Type header (or None), and the final URL after redirects.

    Raises:
        FetchError: the page could not be fetched; ``str()`` is one line.
    """
    base = settings or SyncSettings()
    once = replace(
        base,
        retries=min(base.retries, 1),
        connect_timeout=min(base.connect_timeout, base.timeout),
    )

    async def run() -> FetchResult:
        async with Fetcher(once, trusted=HostRule([host_of(url)])) as fetcher:
            return await fetcher.get(url, deadline=time.monotonic() + once.timeout)

    result = asyncio.run(run())
    return result.body, result.content_type, result.url
