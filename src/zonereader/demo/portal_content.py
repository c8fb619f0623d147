"""What the sample portal holds: its articles, their channels, dates, titles and bodies, and
the site's layout (which articles each channel lists, the paths of lists, articles, pictures).

Article number ``k`` is generated from ``(seed, k)`` alone; :class:`PortalContent` keeps an
immutable snapshot of the site's size that :meth:`~PortalContent.set_articles` swaps whole, so
a server may render pages while the site grows. How the site is served as pages is
:class:`~zonereader.demo.portal.SamplePortal`'s job.
"""

from __future__ import annotations

import bisect
import functools
import math
import random
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from zonereader.demo import phrases
from zonereader.demo.regions import (
    CHANNELS,
    OTHER_PARK,
    OTHER_WEIGHT_SHARE,
    OTHER_ZONE,
    SECTION_SLUG,
    Channel,
)
from zonereader.models import CST

INDEX_PATH = f"/{SECTION_SLUG}/index.html"
#: The second template's channel, a start URL of its own.
OTHER_PATH = "/other/news.html"
#: Date of article 0; six articles a day follow.
BASE_DATE = datetime(2020, 1, 1, tzinfo=CST)
ARTICLES_PER_DAY = 6
#: Article number k has the id FIRST_ID + k in its URL.
FIRST_ID = 100001
#: Channel index of articles that belong to the second template.
OTHER = -1


@dataclass(frozen=True, slots=True)
class PortalArticle:
    """What the portal knows about article number ``number`` (the body is generated apart)."""

    number: int
    channel: Channel | None
    """None for the second template's channel."""
    path: str
    title: str
    published: datetime
    origin: str
    publisher: str
    charset_in: str
    """Where a main-template page declares GBK: 'meta' or 'header'."""
    body_style: str
    entity_style: str

    @property
    def zone(self) -> str:
        """The zone path the page's breadcrumb gives (without 首页)."""
        return self.channel.zone if self.channel else OTHER_ZONE

    @property
    def template(self) -> str:
        """'main' or 'other'."""
        return "main" if self.channel else "other"


@dataclass(frozen=True, slots=True)
class SiteState:
    """An immutable snapshot of the portal's size; swapped whole when it grows."""

    n: int
    by_channel: tuple[tuple[int, ...], ...]
    """Article numbers of each main channel, oldest first."""
    other: tuple[int, ...]


class PortalContent:
    """The articles of a deterministic development-zone news portal and the site's layout.

    Args:
        articles: how many articles the site holds in all (both templates).
        seed: chooses every title, body, channel and quirk; the same seed gives the same bytes.
        page_size: rows on a list page.
    """

    def __init__(self, articles: int = 200, seed: int = 1, *, page_size: int = 20) -> None:
        if articles < 0:
            raise ValueError("articles must be >= 0")
        if page_size < 1:
            raise ValueError("page_size must be >= 1")
        self.seed = seed
        self.page_size = page_size
        self._lock = threading.Lock()
        self._assigned: list[int] = []
        main_share = 1.0 - OTHER_WEIGHT_SHARE
        total = sum(channel.weight for channel in CHANNELS)
        weights = [channel.weight / total * main_share for channel in CHANNELS]
        self._cumulative = list(accumulate(weights))
        self._by_dir = {channel.directory: channel for channel in CHANNELS}
        self._state = self._build(articles)
        self.article = functools.lru_cache(maxsize=65536)(self._make_article)
        self.paragraphs = functools.lru_cache(maxsize=1024)(self._make_paragraphs)

    # ------------------------------------------------------------------ size and layout

    @property
    def articles(self) -> int:
        """How many articles the site holds now."""
        return self._state.n

    def set_articles(self, articles: int) -> None:
        """Grow (or shrink) the site to ``articles``; safe while a server renders pages."""
        if articles < 0:
            raise ValueError("articles must be >= 0")
        with self._lock:
            self._state = self._build(articles)

    def _channel_of(self, number: int) -> int:
        roll = random.Random(f"{self.seed}:{number}:channel").random()
        index = bisect.bisect_right(self._cumulative, roll)
        return index if index < len(CHANNELS) else OTHER

    def _build(self, n: int) -> SiteState:
        while len(self._assigned) < n:
            self._assigned.append(self._channel_of(len(self._assigned)))
        by_channel: list[list[int]] = [[] for _ in CHANNELS]
        other: list[int] = []
        for number in range(n):
            index = self._assigned[number]
            (other if index == OTHER else by_channel[index]).append(number)
        return SiteState(n, tuple(tuple(ks) for ks in by_channel), tuple(other))

    def channels(self) -> tuple[Channel, ...]:
        """Every channel of the main template, in section-index order."""
        return CHANNELS

    def channel(self, zone: str) -> Channel:
        """The main-template channel with zone path ``zone``.

        Raises:
            KeyError: no channel has that zone.
        """
        for channel in CHANNELS:
            if channel.zone == zone:
                return channel
        raise KeyError(zone)

    def numbers(self, zone: str) -> list[int]:
        """Article numbers in the channel with zone path ``zone``, newest first."""
        state = self._state
        if zone == OTHER_ZONE:
            return list(reversed(state.other))
        return list(reversed(state.by_channel[self.channel(zone).index]))

    def page_count(self, zone: str) -> int:
        """How many list pages the channel with zone path ``zone`` has now."""
        if zone == OTHER_ZONE:
            return 1
        count = len(self._state.by_channel[self.channel(zone).index])
        return max(1, math.ceil(count / self.page_size))

    def list_path(self, zone: str, page: int = 1) -> str:
        """The path of list page ``page`` (1-based) of the channel with zone path ``zone``."""
        if zone == OTHER_ZONE:
            return OTHER_PATH
        directory = self.channel(zone).directory
        return directory + ("index.html" if page == 1 else f"index_{page - 1}.html")

    def article_path(self, number: int) -> str:
        """The path of article number ``number``."""
        return self.article(number).path

    def picture_path(self, number: int) -> str:
        """The path of article ``number``'s picture ("" unless it is a 图片新闻 article)."""
        article = self.article(number)
        if article.channel is None or article.channel.name != "图片新闻":
            return ""
        return f"/uploads/{article.published:%Y%m}/{FIRST_ID + number}.png"

    # ------------------------------------------------------------------ articles

    def _make_article(self, number: int) -> PortalArticle:
        if number < 0:
            raise ValueError("article numbers start at 0")
        while len(self._assigned) <= number:
            with self._lock:
                if len(self._assigned) <= number:
                    self._assigned.append(self._channel_of(len(self._assigned)))
        index = self._assigned[number]
        channel = None if index == OTHER else CHANNELS[index]
        rng = random.Random(f"{self.seed}:{number}:meta")
        day = BASE_DATE + timedelta(days=number // ARTICLES_PER_DAY)
        slot = number % ARTICLES_PER_DAY
        published = day.replace(hour=8) + timedelta(minutes=slot * 95 + rng.randrange(60))
        article_id = FIRST_ID + number
        if channel is None:
            province, city, park = "江苏", "苏州", OTHER_PARK
            path = f"/other/content_{article_id}.html"
            publisher = ""
        else:
            region = channel.region
            province, city = region.province, region.city
            park = rng.choice(region.parks)
            path = f"{channel.directory}{published:%Y%m}/t{published:%Y%m%d}_{article_id}.html"
            publisher = park
        title = phrases.make_title(rng, province=province, city=city, park=park, when=published)
        origin = phrases.make_origin(rng, city=city, park=park)
        return PortalArticle(
            number=number,
            channel=channel,
            path=path,
            title=title,
            published=published,
            origin=origin,
            publisher=publisher,
            charset_in="meta" if rng.random() < 0.6 else "header",
            body_style=rng.choice(("p", "p", "open", "br")),
            entity_style=rng.choice(("literal", "named", "numeric")),
        )

    def _make_paragraphs(self, number: int) -> tuple[str, ...]:
        article = self.article(number)
        channel = article.channel
        if channel is None:
            province, city = "江苏", "苏州"
        else:
            province, city = channel.region.province, channel.region.city
        rng = random.Random(f"{self.seed}:{number}:body")
        park = article.publisher or OTHER_PARK
        return tuple(
            phrases.make_paragraphs(
                rng,
                province=province,
                city=city,
                park=park,
                when=article.published,
                picture=channel is not None and channel.name == "图片新闻",
            )
        )

    def _neighbours(
        self, state: SiteState, article: PortalArticle
    ) -> tuple[int | None, int | None]:
        """The older and the newer article of the same channel, if present."""
        numbers = (
            state.other if article.channel is None else state.by_channel[article.channel.index]
        )
        at = bisect.bisect_left(numbers, article.number)
        older = numbers[at - 1] if at > 0 else None
        newer = numbers[at + 1] if at + 1 < len(numbers) else None
        return older, newer

    def _state_for(self, n: int) -> SiteState:
        state = self._state
        if state.n == n:
            return state
        with self._lock:
            return self._build(n)
