"""What the HTTP client reads from a response: the body within its cap, and small facts.

:func:`read_body` reads the body as it came on the wire and undoes its content codings through
a bounded :class:`~zonereader.sync.content_coding.BodyDecoder`, so the cap holds on the decoded
bytes whatever the compression ratio; :class:`Progress` remembers how far an attempt got, so
a timeout says what the server really did. :func:`drain` reads an unused body so that its
connection can be kept; the rest parse headers.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time
from collections.abc import AsyncIterator, Mapping
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import httpx

from zonereader.models import Validators
from zonereader.sync.content_coding import (
    BodyDecoder,
    BodyTooLarge,
    ContentCodingError,
    parse_codings,
)

#: The most of an unused body (a redirect's, an error page's) read, and for how long, so that
#: its connection can be kept; a longer or slower one is left and its connection closed.
DRAIN_BYTES = 64 * 1024
DRAIN_SECONDS = 1.0


class BodyError(Exception):
    """The body cannot be accepted (over the cap, bad content coding); ``str()`` is one line."""


class Progress:
    """How far one attempt got, so that a timeout can say what the server really did."""

    __slots__ = ("declared", "decoded", "headers", "wire")

    def __init__(self) -> None:
        self.headers = False
        self.declared: int | None = None
        self.wire = 0
        self.decoded = 0

    def timeout_reason(self, budget: float) -> str:
        """Why an attempt did not finish within ``budget`` seconds, as one line."""
        if not self.headers:
            return f"no response within {budget:g} s (the server accepted but did not answer)"
        of = f" of {self.declared:,}" if self.declared is not None else ""
        return (
            f"body incomplete after {budget:g} s: only {self.wire:,}{of} bytes came "
            "(the server sends too slowly)"
        )


async def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The body as it came on the wire (content coding not undone), chunk by chunk."""
    if not response.is_stream_consumed:
        async for chunk in response.aiter_raw():
            yield chunk
        return
    # An in-memory response (a test's MockTransport) was read when made: its stream still
    # holds the raw bytes.
    stream = response.stream
    if isinstance(stream, httpx.AsyncByteStream):
        async for chunk in stream:
            yield chunk


async def drain(response: httpx.Response) -> None:
    """Read and drop the body of a response whose body is not used, within DRAIN_BYTES and
    DRAIN_SECONDS (past either, it is left: its connection is closed instead of reused)."""
    if response.is_stream_consumed:  # read already (a test's in-memory response)
        return
    size = 0
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(DRAIN_SECONDS):
            async for chunk in response.aiter_raw():
                size += len(chunk)
                if size > DRAIN_BYTES:
                    return


async def read_body(response: httpx.Response, cap: int, progress: Progress) -> bytes:
    """Read the body of ``response``, content codings undone, refusing more than ``cap`` bytes.

    The cap holds on the wire and on the decoded bytes, which are counted as they are
    inflated: a stacked ``gzip, gzip`` bomb stops at the cap, having cost about that much.

    Raises:
        BodyError: over the cap (declared or counted), or the content coding is unknown,
            cannot be bounded, or is corrupt.
    """
    headers = response.headers
    declared = (headers.get("content-length") or "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise BodyError(f"body of {int(declared):,} bytes is over the {cap:,}-byte cap")
    progress.declared = int(declared) if declared.isdigit() else None
    try:
        decoder = BodyDecoder(parse_codings(headers.get("content-encoding") or ""), cap)
    except ContentCodingError as exc:
        raise BodyError(f"cannot decode the body: {exc}") from None
    chunks: list[bytes] = []
    try:
        async for raw in _raw_chunks(response):
            progress.wire += len(raw)
            if progress.wire > cap:
                raise BodyError(f"body is over the {cap:,}-byte cap")
            chunks += decoder.feed(raw)
            progress.decoded = decoder.decoded
        chunks += decoder.finish()
    except BodyTooLarge:
        codings = f" once decoded ({decoder.description})" if decoder.description else ""
        raise BodyError(
            f"body is over the {cap:,}-byte cap{codings}; {progress.wire:,} bytes had come "
            "on the wire"
        ) from None
    except ContentCodingError as exc:
        raise BodyError(f"cannot decode the body: {exc}") from None
    return b"".join(chunks)


def validators_of(headers: Mapping[str, str]) -> Validators:
    """The ETag and Last-Modified of response headers (names lower-cased)."""
    return Validators(
        etag=headers.get("etag") or None, last_modified=headers.get("last-modified") or None
    )


def phrase(status: int) -> str:
    """The standard reason phrase (never the server's own text, which is untrusted)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def redirect_target(current: str, location: str) -> str | None:
    """Resolve a Location header against the current URL; None if it is not a usable
    http(s) URL (``javascript:``, ``data:``, a malformed host...)."""
    try:
        target = urljoin(current, location.strip())
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts._replace(fragment="").geturl()


def retry_after(value: str) -> float | None:
    """Parse Retry-After (seconds or an HTTP date) into seconds from now."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
