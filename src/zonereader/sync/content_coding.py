"""Undo a response's content codings (gzip, deflate...) with a bound on what comes out.

A server chooses ``Content-Encoding``, and it can stack codings (``gzip, gzip``): 2.5 KB on the
wire can inflate to a gibibyte. :class:`BodyDecoder` undoes every layer incrementally, each one
asked for at most about :data:`CHUNK` bytes at a time (``zlib``'s ``max_length`` with its
``unconsumed_tail``, brotli's ``output_buffer_limit``, zstd's ``max_length``), and counts the
decoded bytes as they come out: past the cap it stops, having held at most the cap plus a chunk
per layer in memory, whatever the ratio.

Only codings we can bound are offered in ``Accept-Encoding`` (:func:`accept_encoding`): gzip and
deflate always, brotli when the installed ``brotli`` package can limit its output (1.2 and
later), zstd when the standard library's ``compression.zstd`` (Python 3.14) or
``backports.zstd`` is present. A coding the server sends anyway that we cannot bound is refused.
No httpx here: the client feeds raw bytes in.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable
from typing import Any, Protocol

#: Most decoded bytes asked of one layer at a time: what a layer may hold beyond the cap.
CHUNK = 64 * 1024
#: Most content codings stacked on one response (real servers use one; two is already odd).
MAX_LAYERS = 4


class ContentCodingError(Exception):
    """The body's content coding is unknown, unbounded, or its data is corrupt (one line)."""


class BodyTooLarge(Exception):
    """The decoded body passed the cap; ``decoded`` bytes had come out when it stopped."""

    def __init__(self, cap: int, decoded: int) -> None:
        super().__init__(cap, decoded)
        self.cap = cap
        self.decoded = decoded


class _Layer(Protocol):
    """One coding being undone: input pushed in, output pulled out in bounded pieces."""

    def push(self, data: bytes) -> None:
        """Give the layer more of its (encoded) input."""

    def pull(self, most: int) -> bytes:
        """Return up to ``most`` decoded bytes; empty when the layer needs more input."""

    def finish(self) -> None:
        """Check, once the input ended, that the coded stream was complete."""


class _Identity:
    def __init__(self) -> None:
        self._pending = b""

    def push(self, data: bytes) -> None:
        self._pending += data

    def pull(self, most: int) -> bytes:
        piece, self._pending = self._pending[:most], self._pending[most:]
        return piece

    def finish(self) -> None:
        return None


class _Zlib:
    """gzip (``wbits`` 31) or deflate (zlib-wrapped, with a raw-deflate fallback)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._raw_fallback = name == "deflate"
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if name == "gzip" else zlib.MAX_WBITS)
        self._pending = b""
        self._started = False

    def push(self, data: bytes) -> None:
        if self._obj.eof:
            return  # anything after the end of the stream is ignored, as browsers do
        self._pending += data

    def pull(self, most: int) -> bytes:
        while not self._obj.eof:
            data, self._pending = self._pending, b""
            try:
                out = self._obj.decompress(data, most)
            except zlib.error as exc:
                if self._raw_fallback and not self._started:
                    # Some servers send raw deflate under "deflate": read it as such.
                    self._raw_fallback = False
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._pending = data
                    continue
                raise ContentCodingError(f"corrupt {self.name} data: {exc}") from None
            self._started = self._started or bool(data)
            self._pending = self._obj.unconsumed_tail + self._pending
            if out:
                return out
            if not self._pending:
                return b""
        return b""

    def finish(self) -> None:
        if self._started and not self._obj.eof:
            raise ContentCodingError(f"the {self.name} data ends before its end (truncated)")


class _Brotli:
    def __init__(self, module: Any) -> None:
        self._obj = module.Decompressor()
        self._error = getattr(module, "error", Exception)
        self._pending = b""
        self._started = False

    def push(self, data: bytes) -> None:
        self._pending += data
        self._started = self._started or bool(data)

    def pull(self, most: int) -> bytes:
        try:
            # The limit is the second argument (output_buffer_limit; positional, as its name
            # differs between releases).
            if not self._obj.can_accept_more_data():
                return bytes(self._obj.process(b"", most))
            data, self._pending = self._pending, b""
            if not data:
                return b""
            return bytes(self._obj.process(data, most))
        except self._error as exc:
            raise ContentCodingError(f"corrupt br data: {exc}") from None

    def finish(self) -> None:
        if self._started and not self._obj.is_finished():
            raise ContentCodingError("the br data ends before its end (truncated)")


class _Zstd:
    def __init__(self, module: Any) -> None:
        self._obj = module.ZstdDecompressor()
        self._error = getattr(module, "ZstdError", Exception)
        self._pending = b""
        self._started = False

    def push(self, data: bytes) -> None:
        self._pending += data
        self._started = self._started or bool(data)

    def pull(self, most: int) -> bytes:
        if self._obj.eof:
            return b""
        data, self._pending = self._pending, b""
        if not data and self._obj.needs_input:
            return b""
        try:
            return bytes(self._obj.decompress(data, most))
        except self._error as exc:
            raise ContentCodingError(f"corrupt zstd data: {exc}") from None

    def finish(self) -> None:
        if self._started and not self._obj.eof:
            raise ContentCodingError("the zstd data ends before its end (truncated)")


def _bounded_brotli() -> Any | None:
    """The ``brotli`` module if it can limit its output, else None."""
    try:
        module = importlib.import_module("brotli")
        probe = module.Decompressor()
        probe.process(b"", 1)
        probe.can_accept_more_data()
    except Exception:  # absent, or too old to bound its output (brotli before 1.2)
        return None
    return module


def _bounded_zstd() -> Any | None:
    """A zstd module whose decompressor takes ``max_length``, else None."""
    for name in ("compression.zstd", "backports.zstd"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "ZstdDecompressor"):
            return module
    return None


_FACTORIES: dict[str, Callable[[], _Layer]] | None = None


def _factories() -> dict[str, Callable[[], _Layer]]:
    """The codings we can undo with a bound, by name (found once per process)."""
    global _FACTORIES
    if _FACTORIES is None:
        found: dict[str, Callable[[], _Layer]] = {
            "gzip": lambda: _Zlib("gzip"),
            "x-gzip": lambda: _Zlib("gzip"),
            "deflate": lambda: _Zlib("deflate"),
        }
        brotli = _bounded_brotli()
        if brotli is not None:
            found["br"] = lambda: _Brotli(brotli)
        zstd = _bounded_zstd()
        if zstd is not None:
            found["zstd"] = lambda: _Zstd(zstd)
        _FACTORIES = found
    return _FACTORIES


def accept_encoding() -> str:
    """The ``Accept-Encoding`` header to send: the codings :class:`BodyDecoder` can bound."""
    return ", ".join(name for name in _factories() if name != "x-gzip")


def parse_codings(header: str) -> list[str]:
    """The codings of a ``Content-Encoding`` header, in the order they were applied."""
    return [part.strip().lower() for part in header.split(",") if part.strip()]


class BodyDecoder:
    """Decodes a body through its content codings, refusing more than ``cap`` decoded bytes.

    Args:
        codings: the ``Content-Encoding`` values in the order applied (see
            :func:`parse_codings`); ``identity`` is skipped.
        cap: the most decoded bytes accepted.

    Raises:
        ContentCodingError: a coding is unknown or cannot be bounded, or too many are stacked.
    """

    def __init__(self, codings: list[str], cap: int) -> None:
        names = [name for name in codings if name != "identity"]
        if len(names) > MAX_LAYERS:
            raise ContentCodingError(f"{len(names)} content codings stacked (at most {MAX_LAYERS})")
        factories = _factories()
        unknown = [name for name in names if name not in factories]
        if unknown:
            raise ContentCodingError(f"content-encoding {unknown[0]!r} is not supported")
        # Undone in reverse: the last coding applied is the first removed.
        self._layers: list[_Layer] = [factories[name]() for name in reversed(names)] or [
            _Identity()
        ]
        self.cap = cap
        self.decoded = 0
        self.description = ", ".join(names)

    def feed(self, data: bytes) -> list[bytes]:
        """Decode ``data`` (the next raw bytes); return the decoded pieces it gave.

        Raises:
            BodyTooLarge: the decoded body passed the cap (decoding stopped there).
            ContentCodingError: the coded data is corrupt.
        """
        self._layers[0].push(data)
        return self._drain()

    def finish(self) -> list[bytes]:
        """Decode what is left once the raw body ended; check every layer ended too."""
        out = self._drain()
        for layer in self._layers:
            layer.finish()
        return out

    def _drain(self) -> list[bytes]:
        out: list[bytes] = []
        last = len(self._layers) - 1
        while piece := self._pull(last):
            self.decoded += len(piece)
            if self.decoded > self.cap:
                raise BodyTooLarge(self.cap, self.decoded)
            out.append(piece)
        return out

    def _pull(self, index: int) -> bytes:
        """Up to :data:`CHUNK` decoded bytes out of layer ``index``, feeding it from the layer
        before as it needs (layers are at most :data:`MAX_LAYERS`, so the recursion is too)."""
        layer = self._layers[index]
        while True:
            piece = layer.pull(CHUNK)
            if piece or index == 0:
                return piece
            upstream = self._pull(index - 1)
            if not upstream:
                return b""
            layer.push(upstream)
