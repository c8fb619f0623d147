"""What the template sites share: their articles, the responses, escaping and the manifest.

Each template site (:mod:`.trs`, :mod:`.newsportal`, :mod:`.tables`, :mod:`.epaper`,
:mod:`.hanweb`) is a :class:`TemplateSite`: it renders the pages under its own path prefix from a
list of :class:`SiteArticle`, generated from ``(seed, site, channel, number)`` alone with the sample
portal's phrase bank, so that growing a site (:meth:`TemplateSite.set_articles`) adds newer
articles and leaves every older article page byte-identical. The manifest says what a sync
must store: every article with its title, date, zone and its body as one text (the pages of a
multi-page article joined).
"""

from __future__ import annotations

import hashlib
import html
import math
import random
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, ClassVar

from zonereader.demo import phrases
from zonereader.demo.serving import Response
from zonereader.models import CST

#: Weekday names as Chinese pages print them (星期一 … 星期日).
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def esc(text: str) -> str:
    """Escape ``text`` for HTML text or a double-quoted attribute."""
    return html.escape(text, quote=True)


def http_date(when: datetime) -> str:
    """``when`` (aware) as an HTTP date."""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def page(body: str, *, charset: str, content_type: str | None, modified: datetime) -> Response:
    """A 200 answer: ``body`` encoded in ``charset``, with ETag and Last-Modified.

    ``content_type`` is the Content-Type header as the site sends it (with or without a
    charset); the body's own ``<meta>`` says the rest.
    """
    data = body.encode(charset)
    headers = {
        "Content-Type": content_type or "text/html",
        "Content-Length": str(len(data)),
        "ETag": '"' + hashlib.blake2b(data, digest_size=8).hexdigest() + '"',
        "Last-Modified": http_date(modified),
    }
    return 200, headers, data


def not_found(path: str) -> Response:
    """A 404 page."""
    data = f"<html><body><h1>404</h1><p>{esc(path)} 页面不存在</p></body></html>".encode()
    return 404, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(data))}, data


@dataclass(frozen=True, slots=True)
class SiteArticle:
    """One article of a template site: what its pages show and what a sync must store."""

    site: str
    channel: str
    number: int
    """Position in its channel, 0 the oldest."""
    path: str
    """The first page's path."""
    title: str
    published: datetime
    origin: str
    pages: tuple[tuple[str, ...], ...]
    """The body's paragraphs, page by page (one page for most articles)."""
    zone: str
    """The zone a sync gives it (the breadcrumb's, without 首页), before any source prefix."""
    has_time: bool = True
    """Whether the page prints the time of day."""
    extras: dict[str, str] = field(default_factory=dict)
    """Template-specific values (a disclosure table's fields, an e-paper's 版次...)."""

    @property
    def paragraphs(self) -> list[str]:
        """The whole body, every page joined in order."""
        return [paragraph for page in self.pages for paragraph in page]

    def page_path(self, index: int) -> str:
        """The path of page ``index`` (0: the first); see the template for the naming."""
        if index == 0:
            return self.path
        stem, _, ext = self.path.rpartition(".")
        offset = int(self.extras.get("page_offset", "0"))
        return f"{stem}_{index + offset}.{ext}"


def make_body(rng: random.Random, *, city: str, park: str, when: datetime) -> list[str]:
    """An article body from the phrase bank (800 to about 2,000 characters)."""
    return phrases.make_paragraphs(rng, province="", city=city, park=park, when=when)


def split_pages(paragraphs: list[str], pages: int) -> tuple[tuple[str, ...], ...]:
    """``paragraphs`` cut into ``pages`` pages of about equal length (at least one each)."""
    pages = max(1, min(pages, len(paragraphs)))
    size = math.ceil(len(paragraphs) / pages)
    cut = [tuple(paragraphs[i : i + size]) for i in range(0, len(paragraphs), size)]
    return tuple(cut)


class TemplateSite:
    """A site served under :attr:`prefix`; subclasses render its pages.

    Args:
        seed: chooses every title, date and body.
        articles: how many articles each channel holds (the site grows with
            :meth:`set_articles`).
    """

    #: The site's short name (the manifest's ``site``).
    name = "site"
    #: The path every page of the site is under (no trailing slash).
    prefix = "/sites/site"
    #: The site's channels: key → display name.
    channels: ClassVar[dict[str, str]] = {}
    #: What a list page's and an article's paths look like (after :attr:`prefix`), for the
    #: default :meth:`page_kind`; a site whose kinds need more overrides it.
    list_path: ClassVar[re.Pattern[str] | None] = None
    article_path: ClassVar[re.Pattern[str] | None] = None
    #: A channel's first list page, below the channel's path (the default :meth:`start_paths`).
    first_list_page: ClassVar[str] = "index.html"

    def __init__(self, seed: int = 1, articles: int = 30) -> None:
        """Build the site with ``articles`` per channel."""
        self.seed = seed
        self._lock = threading.Lock()
        self._count = articles
        self._cache: dict[tuple[str, int], SiteArticle] = {}

    # ------------------------------------------------------------------ size

    @property
    def articles_per_channel(self) -> int:
        """How many articles each channel holds now."""
        return self._count

    def set_articles(self, articles: int) -> None:
        """Grow (or shrink) every channel to ``articles``."""
        if articles < 0:
            raise ValueError("articles must be >= 0")
        with self._lock:
            self._count = articles

    def article(self, channel: str, number: int) -> SiteArticle:
        """Article ``number`` (0: the oldest) of ``channel``; the same arguments give the same
        article whatever the site's size."""
        key = (channel, number)
        found = self._cache.get(key)
        if found is None:
            rng = random.Random(f"{self.seed}:{self.name}:{channel}:{number}")
            found = self._cache[key] = self.make_article(rng, channel, number)
        return found

    def newest_first(self, channel: str) -> list[SiteArticle]:
        """The channel's articles, newest first."""
        count = self._count
        return [self.article(channel, number) for number in range(count - 1, -1, -1)]

    def all_articles(self) -> list[SiteArticle]:
        """Every article of the site, channel by channel, newest first."""
        return [article for channel in self.channels for article in self.newest_first(channel)]

    # ------------------------------------------------------------------ what subclasses define

    def make_article(self, rng: random.Random, channel: str, number: int) -> SiteArticle:
        """Generate article ``number`` of ``channel`` from ``rng``."""
        raise NotImplementedError

    def render(self, path: str) -> Response:
        """The page at ``path`` (under :attr:`prefix`), or a 404."""
        raise NotImplementedError

    def render_query(self, path: str, query: str) -> Response:
        """The page at ``path`` for the query string ``query`` (most sites' pages ignore it)."""
        return self.render(path)

    def page_kind(self, path: str) -> str:
        """'list', 'article' or 'other', for the server's counts (by :attr:`list_path` and
        :attr:`article_path`)."""
        if self.list_path is None or self.article_path is None:
            raise NotImplementedError
        rest = path.removeprefix(self.prefix)
        if self.list_path.match(rest):
            return "list"
        return "article" if self.article_path.match(rest) else "other"

    def start_paths(self) -> list[str]:
        """The paths to give a sync as start URLs: each channel's first list page."""
        return [f"{self.prefix}/{channel}/{self.first_list_page}" for channel in self.channels]

    # ------------------------------------------------------------------ ground truth

    def manifest(self, base_url: str) -> dict[str, Any]:
        """What a sync of the start URLs must store, with this server's URLs."""
        base = base_url.rstrip("/")
        return {
            "site": self.name,
            "start_urls": [base + path for path in self.start_paths()],
            "articles": [
                {
                    "url": base + article.path,
                    "title": article.title,
                    "published": article.published.date().isoformat(),
                    "datetime": article.published.isoformat(),
                    "has_time": article.has_time,
                    "zone": article.zone,
                    "origin": article.origin,
                    "paragraphs": article.paragraphs,
                    "pages": len(article.pages),
                    "channel": article.channel,
                }
                for article in self.all_articles()
            ],
        }


def day_of(base: datetime, number: int, per_day: int, rng: random.Random) -> datetime:
    """The publication time of article ``number`` when a channel publishes ``per_day`` a day
    from ``base``: the day from the number, a working-hours time from ``rng``."""
    day = base + timedelta(days=number // per_day)
    slot = number % per_day
    return day.replace(hour=8 + slot * 3, minute=int(rng.random() * 60), tzinfo=CST)
