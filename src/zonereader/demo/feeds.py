"""A deterministic set of Chinese news feeds and a loopback server for them.

Used by the feed tests and ``benchmarks/feeds.py``. :class:`FeedSet` renders N feeds of M items
each (RSS 2.0, Atom 1.0 or JSON Feed 1.1; UTF-8 or GBK, with the charset declared in the header,
the XML declaration, both, neither, or lying) as pure functions of (seed, feed, item count): the
same arguments always give the same bytes, and growing a feed adds newer items at its top.
:class:`FeedServer` serves a FeedSet on 127.0.0.1 with ETag / Last-Modified and 304s, keep-alive,
an OPML list of every feed at ``/feeds.opml``, an HTML page per feed that advertises it with
``<link rel="alternate">``, redirects and 410s on request, and the fault modes of the demo HTTP
core (:mod:`zonereader.demo.serving`), which the sample portal's server shares.

Run ``python -m zonereader.demo.feeds --feeds 50 --items 100`` to serve from another process: it
prints the OPML URL on one line. With ``--control``, ``POST /_control/items/N`` sets every feed's
item count (the benchmark grows the feeds that way) and ``GET /_control/stats`` answers the
request counts since the last such call as JSON (``feed``, ``not_modified``, ``total``...), so a
benchmark can check what each pass really fetched.

Only the standard library, ``zonereader.models`` and ``zonereader.text`` are imported here.

The feeds themselves are made in :mod:`zonereader.demo.feed_set` (what a set holds),
:mod:`zonereader.demo.feed_formats` (each format's bytes) and :mod:`zonereader.demo.feed_items`
(what an item says); their names are re-exported here.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from dataclasses import dataclass, field, replace
from html import escape

from zonereader.demo.faults import FaultPlan
from zonereader.demo.feed_formats import DECLARATIONS, FeedOptions, Rendered
from zonereader.demo.feed_items import SUMMARY_CHARS, SUMMARY_ENDINGS, summary_of
from zonereader.demo.feed_set import FeedSet, iter_manifest, mixed_options
from zonereader.demo.serving import DemoServer, Response

__all__ = [
    "DECLARATIONS",
    "SUMMARY_CHARS",
    "SUMMARY_ENDINGS",
    "FeedOptions",
    "FeedServer",
    "FeedSet",
    "Rendered",
    "Route",
    "iter_manifest",
    "main",
    "mixed_options",
    "summary_of",
]


@dataclass(slots=True)
class Route:
    """A special answer for one path: a redirect, a status, or a fault."""

    status: int = 200
    location: str = ""
    """For 3xx: where to send the client."""
    times: int | None = None
    """Apply this many times, then serve normally (None: always)."""
    headers: dict[str, str] = field(default_factory=dict)


class FeedServer(DemoServer):
    """Serve a :class:`FeedSet` on loopback, in a background thread (the demo HTTP core).

    Paths: ``/feeds/N.xml`` or ``/feeds/N.json`` (the feeds, with ETag/Last-Modified and 304),
    ``/site/N.html`` (a page advertising feed N), ``/items/N/M.html`` (item pages: the whole
    article for a summary feed's items, else a page that holds no article),
    ``/feeds.opml`` (every feed). ``routes`` overrides paths (permanent and temporary redirects,
    404/410); ``faults`` is a :class:`~zonereader.demo.faults.FaultPlan` (5xx, 429 with
    Retry-After, resets, stalls, truncated, oversized and garbage bodies, a lying charset,
    redirect loops), applied exactly as the sample portal's server applies it.
    """

    PAGE_KINDS = ("feed", "item", "other")

    def __init__(
        self,
        feeds: FeedSet,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        faults: FaultPlan | None = None,
        control: bool = False,
    ) -> None:
        """Serve ``feeds``; ``control`` enables the ``/_control/`` paths (see the module)."""
        super().__init__(host, port, faults)
        self.feed_set = feeds
        self.routes: dict[str, Route] = {}
        self.control_enabled = control
        self._routes_lock = threading.Lock()

    @property
    def opml_url(self) -> str:
        """The OPML list of every feed."""
        return self.base_url + "/feeds.opml"

    def feed_url(self, feed: int) -> str:
        """The URL of feed ``feed``."""
        return self.base_url + self.feed_set.path(feed)

    def page_url(self, feed: int) -> str:
        """The HTML page that advertises feed ``feed``."""
        return f"{self.base_url}/site/{feed}.html"

    def feed_urls(self) -> list[str]:
        """Every feed URL."""
        return [self.feed_url(n) for n in range(self.feed_set.feeds)]

    def route(self, path: str) -> Route | None:
        """The override for ``path``, consuming one use of it."""
        with self._routes_lock:
            found = self.routes.get(path)
            if found is None:
                return None
            if found.times is not None:
                if found.times <= 0:
                    return None
                found.times -= 1
            return replace(found)

    # -------------------------------------------------------------- routing

    def page_kind(self, path: str) -> str:
        """'feed' for the feeds, 'item' for item pages, 'other' for everything else."""
        if path.startswith("/feeds/"):
            return "feed"
        return "item" if path.startswith("/items/") else "other"

    def control(self, method: str, path: str) -> Response | None:
        """``GET /_control/stats`` and ``POST /_control/items/N``, when enabled."""
        if not self.control_enabled:
            return None
        if method == "GET" and path == "/_control/stats":
            body = json.dumps(self.take_stats(), sort_keys=True).encode()
            return 200, {"Content-Type": "application/json"}, body
        parts = path.strip("/").split("/")
        if method == "POST" and len(parts) == 3 and parts[:2] == ["_control", "items"]:
            self.feed_set.set_items(int(parts[2]))
            for number in range(self.feed_set.feeds):  # render now, not on first fetch
                self.feed_set.render(number, self.base_url)
            return 204, {}, b""
        return None

    def respond(self, path: str, query: str, *, loop_pagination: bool = False) -> Response:
        """A route's override, or the feed, page or list at ``path``."""
        route = self.route(path)
        if route is not None:
            headers = {"Content-Type": "text/plain", **route.headers}
            if route.location:
                headers["Location"] = route.location
            return route.status, headers, b""
        feeds = self.feed_set
        base = self.base_url
        number = _number(path)
        if path == "/feeds.opml":
            return 200, {"Content-Type": "text/x-opml; charset=utf-8"}, feeds.opml(base)
        if path.startswith("/feeds/") and number is not None and number < feeds.feeds:
            if path != feeds.path(number):
                return _NOT_FOUND
            rendered = feeds.render(number, base)
            headers = {
                "Content-Type": rendered.content_type,
                "ETag": rendered.etag,
                "Last-Modified": rendered.last_modified,
            }
            return 200, headers, rendered.body
        if path.startswith("/site/") and number is not None and number < feeds.feeds:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, feeds.page(number, base)
        if path.startswith("/items/"):
            parts = path.removeprefix("/items/").removesuffix(".html").split("/")
            page = None
            if len(parts) == 2 and all(part.isdigit() for part in parts):
                page = feeds.item_page(int(parts[0]), int(parts[1]))
            if page is None:  # a page that holds no article
                page = f"<html><body><p>{escape(path)}</p></body></html>".encode()
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page
        return _NOT_FOUND


_NOT_FOUND: Response = (404, {"Content-Type": "text/plain"}, b"not found")


def _number(path: str) -> int | None:
    name = path.rsplit("/", 1)[-1].split(".", 1)[0]
    return int(name) if name.isdigit() else None


def main(argv: list[str] | None = None) -> int:
    """Serve a feed set until interrupted; print the OPML URL on one line."""
    parser = argparse.ArgumentParser(prog="python -m zonereader.demo.feeds")
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mixed", action="store_true", help="mix formats and charsets")
    parser.add_argument("--control", action="store_true", help="accept POST /_control/items/N")
    args = parser.parse_args(argv)
    feed_set = FeedSet(args.feeds, args.items, args.seed, mixed_options if args.mixed else None)
    server = FeedServer(feed_set, port=args.port, control=args.control).start()
    for number in range(feed_set.feeds):  # render before announcing: first requests stay fast
        feed_set.render(number, server.base_url)
    print(server.opml_url, flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
