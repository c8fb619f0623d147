"""The connections of a sync run: TLS set up on demand, and only to addresses we may use.

:class:`RunTransport` is the httpx transport of a run. Plain ``http://`` requests go out at once;
the CA certificates (~20 ms to load) are loaded by the first ``https://`` request only. Both
kinds of connection are opened by :class:`GuardedBackend`, which resolves the host itself,
checks every address against :func:`zonereader.sync.hosts.refusal` and connects to a checked
address (never resolving twice), so a name that resolves to a loopback or private address is
refused before a single byte is sent, DNS rebinding included. Requests that go through a proxy
(``HTTP_PROXY``...) use httpx's own proxy transports: the proxy resolves names then, and only
the host rule applies.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import sys
from collections.abc import Iterable
from typing import Any

# As in zonereader.sync.http: keep httpx from importing its command-line tool (click, rich...).
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not importable"

import httpcore
import httpx

from zonereader.sync.hosts import HostRule, refusal


class AddressRefused(httpcore.ConnectError):
    """A host resolved only to addresses the run may not connect to (the message says why)."""


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to addresses :func:`~zonereader.sync.hosts.refusal` allows.

    Args:
        trusted: hosts that may be on loopback or private addresses (the configured ones).
    """

    def __init__(self, trusted: HostRule) -> None:
        self.trusted = trusted
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve ``host``, keep the addresses we may use, connect to the first that answers.

        Raises:
            AddressRefused: every address of the host is one we may not use.
            httpcore.ConnectError: the name does not resolve, or no address answered.
        """
        addresses = await _resolve(host, port, timeout)
        allowed = [a for a in addresses if refusal(host, a, self.trusted) is None]
        if not allowed:
            reason = refusal(host, addresses[0], self.trusted)
            raise AddressRefused(reason or f"{host}: no usable address")
        error: Exception | None = None
        for address in allowed:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are never used by a sync."""
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        """Sleep (httpcore's retries use it)."""
        await asyncio.sleep(seconds)


async def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses of ``host`` (itself, when it is an address), in resolver order."""
    bare = host.strip("[]")
    if _is_address(bare):
        return [bare]
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            infos = await loop.getaddrinfo(bare, port, type=socket.SOCK_STREAM)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"cannot resolve {host}: no answer in time") from None
    except OSError as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    found: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in found:
            found.append(address)
    if not found:
        raise httpcore.ConnectError(f"cannot resolve {host}: no address")
    return found


def _is_address(text: str) -> bool:
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, text.split("%", 1)[0])
        except OSError:
            continue
        return True
    return False


class _GuardedHTTP(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool whose connections :class:`GuardedBackend`
    opens (httpx offers no switch for the network backend, so the pool is replaced)."""

    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext, trusted: HostRule):
        super().__init__(limits=limits, verify=ssl_context)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(trusted),
        )


class RunTransport(httpx.AsyncBaseTransport):
    """A run's transport: plain HTTP at once, TLS set up by the first https request.

    Args:
        limits: the connection limits.
        trusted: hosts that may be on loopback or private addresses; None connects anywhere
            (tests, and library callers that vouch for every URL themselves).
    """

    def __init__(self, limits: httpx.Limits, trusted: HostRule | None) -> None:
        self._limits = limits
        self._trusted = trusted
        # Only http:// requests come here. Its TLS context has no CA certificates, so a TLS
        # handshake through it could never succeed unverified.
        self._plain = self._make(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        self.tls: httpx.AsyncHTTPTransport | None = None

    def _make(self, context: ssl.SSLContext) -> httpx.AsyncHTTPTransport:
        if self._trusted is None:
            return httpx.AsyncHTTPTransport(limits=self._limits, verify=context)
        return _GuardedHTTP(self._limits, context, self._trusted)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the plain or the TLS pool."""
        if request.url.scheme != "https":
            return await self._plain.handle_async_request(request)
        if self.tls is None:
            self.tls = self._make(httpx.create_ssl_context())  # verified, as httpx does
        return await self.tls.handle_async_request(request)

    async def aclose(self) -> None:
        """Close both pools."""
        await self._plain.aclose()
        if self.tls is not None:
            await self.tls.aclose()
