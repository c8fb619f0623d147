"""Content codings undone with a bound: the cap holds on decoded bytes, whatever the ratio."""

from __future__ import annotations

import zlib

import pytest

from zonereader.sync.content_coding import (
    CHUNK,
    MAX_LAYERS,
    BodyDecoder,
    BodyTooLarge,
    ContentCodingError,
    accept_encoding,
    parse_codings,
)

TEXT = "开发区新闻：园区招商推介会。".encode() * 500


def compress(data: bytes, coding: str) -> bytes:
    wbits = {"gzip": 31, "deflate": 15, "raw": -15}[coding]
    obj = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return obj.compress(data) + obj.flush()


def decode(codings: list[str], data: bytes, cap: int = 10**9, step: int = 7) -> bytes:
    decoder = BodyDecoder(codings, cap)
    out: list[bytes] = []
    for start in range(0, len(data), step):  # the network hands bytes over in odd pieces
        out += decoder.feed(data[start : start + step])
    out += decoder.finish()
    return b"".join(out)


@pytest.mark.parametrize(
    ("codings", "layers"),
    [
        ([], []),
        (["identity"], []),
        (["gzip"], ["gzip"]),
        (["x-gzip"], ["gzip"]),
        (["deflate"], ["deflate"]),
        (["deflate"], ["raw"]),  # raw deflate sent as "deflate" is read all the same
        (["gzip", "gzip"], ["gzip", "gzip"]),
        (["deflate", "gzip"], ["deflate", "gzip"]),
    ],
)
def test_every_coding_and_stack_comes_back_whole(codings: list[str], layers: list[str]) -> None:
    data = TEXT
    for layer in layers:  # applied in order, as the header lists them
        data = compress(data, layer)
    assert decode(codings, data) == TEXT


def test_a_stacked_bomb_stops_at_the_cap_having_decoded_little_more() -> None:
    zeros = compress(b"\0" * (64 * 1024 * 1024), "gzip")
    bomb = compress(zeros, "gzip")
    assert len(bomb) < 200_000
    decoder = BodyDecoder(["gzip", "gzip"], cap=1024 * 1024)
    with pytest.raises(BodyTooLarge) as excinfo:
        decoder.feed(bomb)
    # Stopped within one chunk past the cap: 64 MiB were never produced.
    assert 1024 * 1024 < excinfo.value.decoded <= 1024 * 1024 + CHUNK


def test_truncated_and_corrupt_data_and_unknown_codings_are_one_line_errors() -> None:
    data = compress(TEXT, "gzip")
    with pytest.raises(ContentCodingError, match="truncated"):
        decode(["gzip"], data[: len(data) // 2])
    with pytest.raises(ContentCodingError, match="corrupt gzip data"):
        decode(["gzip"], b"\x1f\x8b\x08\x00" + b"\xff" * 64)
    with pytest.raises(ContentCodingError, match="'compress' is not supported"):
        BodyDecoder(["compress"], 100)
    with pytest.raises(ContentCodingError, match="stacked"):
        BodyDecoder(["gzip"] * (MAX_LAYERS + 1), 100)


def test_only_bounded_codings_are_offered() -> None:
    offered = [name.strip() for name in accept_encoding().split(",")]
    assert offered[:2] == ["gzip", "deflate"]
    assert set(offered) <= {"gzip", "deflate", "br", "zstd"}
    assert parse_codings(" GZip ,  deflate,") == ["gzip", "deflate"]


def test_brotli_is_bounded_when_a_bounded_brotli_is_installed() -> None:
    brotli = pytest.importorskip("brotli")
    if "br" not in accept_encoding():
        pytest.skip("the installed brotli cannot bound its output (before 1.2)")
    assert decode(["br"], brotli.compress(TEXT)) == TEXT
    bomb = brotli.compress(b"\0" * (32 * 1024 * 1024), quality=5)
    decoder = BodyDecoder(["br"], cap=1024 * 1024)
    with pytest.raises(BodyTooLarge) as excinfo:
        decoder.feed(bomb)
    assert excinfo.value.decoded < 1024 * 1024 + 4 * CHUNK
