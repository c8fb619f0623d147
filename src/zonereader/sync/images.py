"""An article's pictures, fetched for the reader when it opens the article: bounded and cached.

:func:`fetch_images` is a plain function the app's worker thread calls. Each picture is
fetched with the sync's own client and limits (the config's ``[sync]`` timeouts, body cap and
redirect limit), only from ``http``/``https`` and never from a loopback or private address
unless the article itself came from one. What a server sends is a hostile file until proven
otherwise: it must be a JPEG, PNG, GIF, WebP or BMP picture, its size is read from its header
before a pixel is decoded (at most :data:`MAX_PIXELS`), and it is stored shrunk to at most
:data:`MAX_SIDE` pixels as a PNG in the image cache, whose size is capped (the least recently
shown pictures go first). A picture already in the cache costs no request.

A picture on the article's own site (its host, with or without ``www.``) or on one of its
source's ``allow_hosts`` is requested with the article's URL as ``Referer``, as a browser
showing the page would: many Chinese sites refuse pictures without it (hotlink protection).
Pictures on other hosts get no ``Referer``: which article is being read is not theirs to know.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import ipaddress
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from zonereader.config import SyncSettings
from zonereader.paths import ensure_parent
from zonereader.sync.fetched import FetchError
from zonereader.sync.hosts import HostRule, host_of
from zonereader.sync.http import Fetcher
from zonereader.text.sanitize import clean_line

#: Pictures fetched at the same time for one article.
CONCURRENT_FETCHES = 4
#: The largest picture decoded, in pixels (read from its header first): 40 megapixels covers
#: any photograph a news page shows and refuses decompression bombs.
MAX_PIXELS = 40_000_000
#: Pictures are kept shrunk to fit this many pixels on their longer side: more than a terminal
#: shows (80 cells of a 10-pixel font are 800 pixels).
MAX_SIDE = 1024
#: The formats a picture may be in.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP")
#: When the cache grows past its cap, it is trimmed to this share of the cap.
TRIM_TO = 0.8


@dataclass(frozen=True, slots=True)
class ImageFetched:
    """What became of one picture: ``path`` in the cache, or ``error`` (one line)."""

    url: str
    path: Path | None = None
    error: str = ""


def cache_path(cache_dir: Path, url: str) -> Path:
    """Where the picture at ``url`` is (or would be) kept in ``cache_dir``."""
    digest = hashlib.blake2b(url.encode("utf-8", "replace"), digest_size=16).hexdigest()
    return cache_dir / digest[:2] / f"{digest}.png"


def fetch_images(
    urls: Sequence[str],
    *,
    page_url: str,
    settings: SyncSettings,
    cache_dir: Path,
    cache_bytes: int,
    on_result: Callable[[ImageFetched], None],
    allow_hosts: Sequence[str] = (),
) -> None:
    """Bring the pictures at ``urls`` into the image cache, reporting each as it is ready.

    Cached pictures are reported first, without a request; the others are fetched
    :data:`CONCURRENT_FETCHES` at a time. Never raises for a picture: a failure is reported
    as that picture's error.

    Args:
        urls: The pictures' absolute URLs, in the article's order.
        page_url: The article's URL (pictures on a private address are fetched only for an
            article that came from one).
        settings: The sync's limits (timeouts, body cap, redirects, User-Agent).
        cache_dir: The image cache (created when the first picture is stored).
        cache_bytes: The most the cache may hold on disk.
        on_result: Called once per URL, from this thread, in the order they are ready.
        allow_hosts: The article's source's ``allow_hosts``: pictures there are its site's
            too (sent the ``Referer``, and may be on the address the article is on).
    """
    wanted: list[str] = []
    for url in dict.fromkeys(urls):
        problem = refusal(url, page_url)
        if problem:
            on_result(ImageFetched(url, error=problem))
            continue
        path = cache_path(cache_dir, url)
        if path.is_file():
            with contextlib.suppress(OSError):
                os.utime(path)  # recently shown: trimmed last
            on_result(ImageFetched(url, path=path))
        else:
            wanted.append(url)
    if not wanted:
        return
    # Connections are checked on the address actually reached: only the article's own host
    # may resolve to a loopback or private address (a picture beside a local article).
    # The hosts the user configured for the source may too, as in a sync.
    site = site_hosts(page_url, allow_hosts)
    trusted = HostRule([host_of(page_url), *allow_hosts])
    stored = asyncio.run(
        _fetch_all(wanted, settings, cache_dir, on_result, trusted, page_url, site)
    )
    if stored:
        trim_cache(cache_dir, cache_bytes)


async def _fetch_all(
    urls: list[str],
    settings: SyncSettings,
    cache_dir: Path,
    on_result: Callable[[ImageFetched], None],
    trusted: HostRule,
    page_url: str,
    site: HostRule,
) -> int:
    gate = asyncio.Semaphore(CONCURRENT_FETCHES)
    stored = 0

    async def one(fetcher: Fetcher, url: str) -> None:
        nonlocal stored
        async with gate:
            try:
                result = await fetcher.get(
                    url,
                    host_limit=CONCURRENT_FETCHES,
                    referer=page_url if site.allows(url) else None,
                )
            except FetchError as exc:
                on_result(ImageFetched(url, error=clean_line(exc.reason, 120)))
                return
        # decoding is CPU work: off the event loop of this thread, in the default executor
        done = await asyncio.get_running_loop().run_in_executor(
            None, store_picture, result.body, cache_path(cache_dir, url)
        )
        if isinstance(done, Path):
            stored += 1
            on_result(ImageFetched(url, path=done))
        else:
            on_result(ImageFetched(url, error=done))

    async with Fetcher(settings, trusted=trusted) as fetcher:
        await asyncio.gather(*(one(fetcher, url) for url in urls))
    return stored


def site_hosts(page_url: str, allow_hosts: Sequence[str] = ()) -> HostRule:
    """The hosts whose pictures belong to the article at ``page_url``'s site: its host (with
    and without ``www.``) and its source's ``allow_hosts``; those are sent its ``Referer``."""
    rule = HostRule(allow_hosts)
    host = host_of(page_url)
    if host:
        rule.add(host)
        rule.add(host.removeprefix("www.") if host.startswith("www.") else f"www.{host}")
    return rule


def store_picture(data: bytes, path: Path) -> Path | str:
    """Check that ``data`` is a picture we read, shrink it and keep it at ``path`` as a PNG.

    Returns:
        ``path``, or one line saying why the picture was refused.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as picture:
            width, height = picture.size
            if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                return f"picture too large ({width}×{height} pixels)"
            picture.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a fraction of the size
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            kept = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
    except Image.DecompressionBombError:
        return "picture too large"
    except UnidentifiedImageError:
        return "not a picture this reader shows"
    except (OSError, ValueError, SyntaxError) as exc:
        return f"damaged picture ({clean_line(str(exc), 80)})"
    temporary = path.with_name(path.name + ".part")
    try:
        ensure_parent(path)
        kept.save(temporary, format="PNG")
        temporary.replace(path)
    except OSError as exc:
        return f"cannot keep the picture: {exc.strerror or exc}"
    return path


def _has_alpha(picture: object) -> bool:
    mode = getattr(picture, "mode", "")
    info = getattr(picture, "info", {})
    return mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in info)


def trim_cache(cache_dir: Path, cache_bytes: int) -> int:
    """Remove the least recently shown pictures until the cache holds under its cap.

    Returns:
        How many files were removed.
    """
    entries: list[tuple[float, int, Path]] = []
    total = 0
    for folder in _subdirectories(cache_dir):
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_file() and entry.name.endswith(".png"):
                    info = entry.stat()
                    entries.append((info.st_mtime, info.st_size, Path(entry.path)))
                    total += info.st_size
    if total <= cache_bytes:
        return 0
    removed = 0
    goal = int(cache_bytes * TRIM_TO)
    for _, size, path in sorted(entries):
        if total <= goal:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
            removed += 1
    return removed


def _subdirectories(cache_dir: Path) -> list[Path]:
    try:
        return [Path(entry.path) for entry in os.scandir(cache_dir) if entry.is_dir()]
    except OSError:
        return []


def refusal(url: str, page_url: str) -> str:
    """Why the picture at ``url`` is not fetched for the article at ``page_url`` ("" if it is).

    Only http(s) URLs are fetched, and a picture on a loopback, private or link-local address
    only for an article that came from such an address itself (a page on the internet must not
    make the reader probe the local network).
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "not a web address"
    if parts.scheme not in ("http", "https") or not host:
        return "not a web address"
    if _is_local(host) and not _is_local(urlsplit(page_url).hostname or ""):
        return "on a local address: not fetched"
    return ""


def _is_local(host: str) -> bool:
    """Whether ``host`` names this machine or a private network (by name or address)."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return not address.is_global
