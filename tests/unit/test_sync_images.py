"""The reader's picture fetch: what it refuses before a request, what it refuses after, the
shrinking, the cache and its cap. Pictures come from a real loopback server."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from zonereader.config import SyncSettings
from zonereader.demo.pictures import picture_png
from zonereader.sync.images import (
    MAX_SIDE,
    ImageFetched,
    cache_path,
    fetch_images,
    refusal,
    store_picture,
    trim_cache,
)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size in its header (and has no pixels worth decoding)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("url", "page", "refused"),
    [
        ("https://img.example.cn/a.jpg", "https://www.example.cn/1.html", False),
        ("ftp://img.example.cn/a.jpg", "https://www.example.cn/1.html", True),
        ("file:///etc/passwd", "https://www.example.cn/1.html", True),
        ("http://127.0.0.1:8080/a.png", "https://www.example.cn/1.html", True),
        ("http://192.168.1.10/a.png", "https://www.example.cn/1.html", True),
        ("http://localhost/a.png", "https://www.example.cn/1.html", True),
        ("http://[::1]/a.png", "https://www.example.cn/1.html", True),
        # an article on the local network may show its own pictures
        ("http://127.0.0.1:8734/uploads/a.png", "http://127.0.0.1:8734/kfq/1.html", False),
    ],
)
def test_refusals_before_any_request(url: str, page: str, refused: bool) -> None:
    assert bool(refusal(url, page)) is refused


def test_store_picture_shrinks_and_refuses_what_is_not_a_picture(tmp_path: Path) -> None:
    from PIL import Image

    big = Image.new("RGB", (3000, 1500), (10, 200, 30))
    data = io.BytesIO()
    big.save(data, format="JPEG")
    kept = store_picture(data.getvalue(), tmp_path / "a" / "big.png")
    assert kept == tmp_path / "a" / "big.png"
    with Image.open(kept) as picture:
        assert picture.format == "PNG" and max(picture.size) == MAX_SIDE
    assert store_picture(b"<html>not a picture</html>", tmp_path / "b.png") == (
        "not a picture this reader shows"
    )
    huge = store_picture(png_header_only(8000, 8000), tmp_path / "c.png")
    assert huge == "picture too large (8000×8000 pixels)"
    bomb = store_picture(png_header_only(50_000, 50_000), tmp_path / "c.png")
    assert isinstance(bomb, str) and "too large" in bomb
    assert not (tmp_path / "b.png").exists() and not (tmp_path / "c.png").exists()


def test_trim_cache_removes_the_least_recently_shown_first(tmp_path: Path) -> None:
    paths = []
    for number in range(5):
        path = cache_path(tmp_path, f"http://x/{number}.png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
        os.utime(path, (1_000_000 + number, 1_000_000 + number))
        paths.append(path)
    assert trim_cache(tmp_path, 10_000) == 0
    removed = trim_cache(tmp_path, 3_000)  # trimmed to 80 %: two files are left
    assert removed == 3
    assert [path.exists() for path in paths] == [False, False, False, True, True]


def test_fetch_images_fetches_once_then_reads_the_cache(
    tmp_path: Path, portal_factory: Any
) -> None:
    server = portal_factory(articles=40)
    manifest = server.manifest()
    urls = [url for article in manifest["articles"] for url in article["images"]][:3]
    assert len(urls) == 3
    page = manifest["articles"][0]["url"]
    results: list[ImageFetched] = []

    def run() -> None:
        fetch_images(
            [*urls, "ftp://x/y.png"],
            page_url=page,
            settings=SyncSettings(retries=0),
            cache_dir=tmp_path / "images",
            cache_bytes=10_000_000,
            on_result=results.append,
        )

    run()
    assert sorted(r.url for r in results if r.path is not None) == sorted(urls)
    assert [r.error for r in results if r.url == "ftp://x/y.png"] == ["not a web address"]
    assert all(server.requests_for(url) == 1 for url in urls)
    results.clear()
    run()
    assert len([r for r in results if r.path is not None]) == 3
    assert all(server.requests_for(url) == 1 for url in urls)  # no second request


def test_demo_pictures_are_stable_pngs() -> None:
    from PIL import Image

    assert picture_png(7) == picture_png(7) != picture_png(8)
    with Image.open(io.BytesIO(picture_png(7))) as picture:
        assert picture.format == "PNG" and picture.size == (320, 200)
