"""A deterministic set of Chinese news feeds: :class:`FeedSet`, the pages beside its feeds
(OPML, a page advertising each feed, summary items' article pages) and its ground truth."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from html import escape
from typing import Any
from xml.sax.saxutils import quoteattr

from zonereader.demo import pages
from zonereader.demo.feed_formats import FeedOptions, Rendered, render_feed
from zonereader.demo.feed_items import ORIGINS, PLACES, item_fields


class FeedSet:
    """``feeds`` deterministic feeds of ``items`` items each (thread-safe; renders are cached).

    Args:
        feeds: how many feeds.
        items: items per feed (every feed lists all its items, newest first).
        seed: changes every text and date.
        options: a function from feed number to its :class:`FeedOptions` (default: RSS, UTF-8).
    """

    def __init__(
        self,
        feeds: int = 50,
        items: int = 100,
        seed: int = 1,
        options: Callable[[int], FeedOptions] | None = None,
    ) -> None:
        self.feeds = feeds
        self.seed = seed
        self._items = [items] * feeds
        self._options = options or (lambda _number: FeedOptions())
        self._lock = threading.Lock()
        self._titles: dict[tuple[int, int], str] = {}

    # -- contents

    def items(self, feed: int) -> int:
        """How many items feed ``feed`` lists now."""
        return self._items[feed]

    def set_items(self, count: int, feed: int | None = None) -> None:
        """Set the item count of one feed, or of every feed (growth adds newer items on top)."""
        with self._lock:
            for number in range(self.feeds) if feed is None else [feed]:
                self._items[number] = count

    def retitle(self, feed: int, number: int, title: str) -> None:
        """Change the title of one item (an edited entry: same link, new content)."""
        with self._lock:
            self._titles[(feed, number)] = title

    def options(self, feed: int) -> FeedOptions:
        """The rendering options of feed ``feed``."""
        return self._options(feed)

    def path(self, feed: int) -> str:
        """The URL path of feed ``feed``."""
        return (
            f"/feeds/{feed}.json" if self.options(feed).format == "json" else f"/feeds/{feed}.xml"
        )

    def feed_title(self, feed: int) -> str:
        """The title of feed ``feed``."""
        return f"{PLACES[feed % len(PLACES)]}开发区新闻 {feed}"

    def item(self, feed: int, number: int) -> dict[str, Any]:
        """Item ``number`` (0 = oldest) of feed ``feed``, as plain data."""
        item = dict(item_fields(self.seed, feed, number, self.options(feed).paragraphs))
        item["title"] = self._titles.get((feed, number), item["title"])
        return item

    def render(self, feed: int, base_url: str) -> Rendered:
        """Render feed ``feed`` as served from ``base_url`` (cached)."""
        titles = tuple(sorted((n, t) for (f, n), t in self._titles.items() if f == feed))
        return render_feed(self.seed, feed, self.items(feed), self.options(feed), base_url,
                       self.feed_title(feed), titles)  # fmt: skip

    def item_page(self, feed: int, number: int) -> bytes | None:
        """The article page of an item of a summary feed (the whole text), or None when the
        feed has no such pages (or no such item)."""
        if not 0 <= feed < self.feeds or not 0 <= number < self.items(feed):
            return None
        options = self.options(feed)
        if not (options.summary and options.article_pages):
            return None
        item = self.item(feed, number)
        view = pages.ArticleView(
            title=item["title"],
            date=item["published"].strftime("%Y-%m-%d"),
            origin=ORIGINS[(feed + number) % len(ORIGINS)],
            publisher=item["author"] if item["author"] != "新华社" else "",
            paragraphs=item["paragraphs"],
            prev=None,
            next=None,
            breadcrumb=[pages.Link(f"/site/{feed}.html", self.feed_title(feed))],
            charset_meta='<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n',
        )
        return pages.main_article(view).encode("utf-8")

    def opml(self, base_url: str) -> bytes:
        """An OPML 2.0 list of every feed, in two folders."""
        lines = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">',
                 "<head><title>zonereader demo feeds</title></head>", "<body>"]  # fmt: skip
        for folder, numbers in (
            ("演示/偶数", range(0, self.feeds, 2)),
            ("演示/奇数", range(1, self.feeds, 2)),
        ):
            outer, inner = folder.split("/")
            lines.append(f"<outline text={quoteattr(outer)}><outline text={quoteattr(inner)}>")
            for number in numbers:
                title = quoteattr(self.feed_title(number))
                url = quoteattr(base_url + self.path(number))
                lines.append(f'<outline type="rss" text={title} xmlUrl={url}/>')
            lines.append("</outline></outline>")
        lines += ["</body>", "</opml>", ""]
        return "\n".join(lines).encode("utf-8")

    def page(self, feed: int, base_url: str) -> bytes:
        """An HTML page about feed ``feed`` that advertises it with ``<link rel="alternate">``."""
        kind = {"rss": "application/rss+xml", "atom": "application/atom+xml",
                "json": "application/feed+json"}[self.options(feed).format]  # fmt: skip
        title = escape(self.feed_title(feed))
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<link rel="alternate" type="{kind}" title="{title}" href="{self.path(feed)}">'
            f"</head><body><h1>{title}</h1><p>订阅本站新闻。</p></body></html>"
        ).encode()


def mixed_options(feed: int) -> FeedOptions:
    """Options that cycle through every format and charset case (for tests of the mix)."""
    cases = (
        FeedOptions("rss"),
        FeedOptions("atom"),
        FeedOptions("json"),
        FeedOptions("rss", "gbk", "none"),
        FeedOptions("rss", "gbk", "header"),
        FeedOptions("atom", "gbk", "xml"),
        FeedOptions("rss", "gbk", "lying"),
    )
    return cases[feed % len(cases)]


def iter_manifest(feeds: FeedSet, base_url: str) -> Iterator[dict[str, Any]]:
    """The ground truth: every item of every feed as the parser should see it."""
    for feed in range(feeds.feeds):
        for number in range(feeds.items(feed)):
            item = feeds.item(feed, number)
            yield {
                "feed": feed,
                "url": base_url + item["path"],
                "title": item["title"],
                "published": item["published"],
                "author": item["author"],
                "paragraphs": list(item["paragraphs"]),
            }
