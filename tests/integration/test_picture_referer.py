"""Pictures behind hotlink protection: a loopback site that refuses pictures without a Referer
from its own pages, as many Chinese sites do, and the reader's picture fetch against it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from zonereader.config import SyncSettings
from zonereader.demo.pictures import picture_png
from zonereader.sync.fetched import FetchError
from zonereader.sync.http import Fetcher
from zonereader.sync.images import ImageFetched, fetch_images, site_hosts

PICTURE = picture_png(7)


class HotlinkServer(ThreadingHTTPServer):
    """Serves ``/pic/N.png`` only to requests whose Referer is a page of ``site``."""

    site = ""
    referers: list[str | None]


class Handler(BaseHTTPRequestHandler):
    server: HotlinkServer

    def do_GET(self) -> None:
        referer = self.headers.get("Referer")
        self.server.referers.append(referer)
        if not self.path.startswith("/pic/"):
            self.send_error(404)
            return
        if not (referer or "").startswith(self.server.site + "/"):
            self.send_error(403, "hotlinking is not allowed")
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PICTURE)))
        self.end_headers()
        self.wfile.write(PICTURE)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(host: str, site: str = "") -> Iterator[HotlinkServer]:
    try:
        server = HotlinkServer((host, 0), Handler)
    except OSError as exc:  # 127.0.0.2 is not configured everywhere (macOS)
        pytest.skip(f"cannot listen on {host}: {exc}")
    server.referers = []
    server.site = site or f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def site() -> Iterator[HotlinkServer]:
    """The article's site, on 127.0.0.1: its pictures need one of its pages as Referer."""
    yield from serve("127.0.0.1")


def base(server: HotlinkServer) -> str:
    return f"http://{server.server_address[0]}:{server.server_address[1]}"


def fetch(
    urls: list[str], page: str, tmp_path: Path, allow_hosts: tuple[str, ...] = ()
) -> list[ImageFetched]:
    results: list[ImageFetched] = []
    fetch_images(
        urls,
        page_url=page,
        settings=SyncSettings(retries=0),
        cache_dir=tmp_path / "images",
        cache_bytes=10_000_000,
        on_result=results.append,
        allow_hosts=allow_hosts,
    )
    return results


def test_the_server_refuses_pictures_without_a_referer(site: HotlinkServer) -> None:
    async def get() -> None:
        async with Fetcher(SyncSettings(retries=0)) as fetcher:
            await fetcher.get(base(site) + "/pic/1.png")

    with pytest.raises(FetchError) as caught:
        asyncio.run(get())
    assert caught.value.status == 403
    assert site.referers == [None]


def test_a_picture_on_the_articles_site_is_sent_its_page_as_referer(
    site: HotlinkServer, tmp_path: Path
) -> None:
    page = base(site) + "/news/202401/t20240105_1.html"
    results = fetch([base(site) + "/pic/1.png"], page, tmp_path)
    assert [r.error for r in results] == [""]
    assert results[0].path is not None and results[0].path.is_file()
    assert site.referers == [page]


def test_a_picture_on_an_allowed_host_is_sent_the_referer_too(
    site: HotlinkServer, tmp_path: Path
) -> None:
    page = base(site) + "/news/2.html"
    for pictures in serve("127.0.0.2", site=base(site)):  # another host, same site's rule
        results = fetch([base(pictures) + "/pic/2.png"], page, tmp_path, allow_hosts=("127.0.0.2",))
        assert [r.error for r in results] == [""]
        assert pictures.referers == [page]


def test_which_hosts_get_the_referer() -> None:
    """The page's host with and without www., and allow_hosts; nobody else."""
    rule = site_hosts("https://www.example.cn/a/1.html", ("img.cdn.cn", "*.example.gov.cn"))
    assert rule.allows("https://www.example.cn/p.png")
    assert rule.allows("https://example.cn/p.png")
    assert rule.allows("https://img.cdn.cn/p.png")
    assert rule.allows("https://pic.example.gov.cn/p.png")
    assert not rule.allows("https://img.example.cn/p.png")
    assert not rule.allows("https://tracker.other.cn/p.png")
