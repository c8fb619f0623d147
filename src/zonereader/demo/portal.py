"""The sample portal: a deterministic development-zone news site, rendered without sockets.

Article number ``k`` (0, 1, 2, ...) is generated from ``(seed, k)`` alone: its channel, date,
title, body and quirks never depend on how many articles the portal has. Dates increase with
``k`` (six articles a day from 2020-01-01, China Standard Time). So growing a portal (the same
seed, a larger ``articles``) adds newer articles at the top of the lists and leaves every older
article page byte-identical — with one exception, as on real sites: the previous newest
article of a channel gains its 下一条 link to the new neighbour.

Site conventions (the manifest repeats them under ``notes``):

- ``/kfq/index.html`` is the 开发区新闻 section index; zone paths are
  ``开发区新闻/PROVINCE/CITY/CHANNEL`` (two region levels) or ``开发区新闻/CITY/CHANNEL`` for
  the municipalities 上海 and 天津 (one level).
- A channel's list pages are ``index.html``, ``index_1.html``, ``index_2.html``... (page 1, 2,
  3...), newest first, ``page_size`` rows each, with a 下一页 link except on the last page.
- 上一条 is the older neighbour in the channel, 下一条 the newer one; each is absent at its end.
- The second template lives under ``/other/``: ``/other/news.html`` lists every article of
  its one channel (zone ``园区动态``) on one page; it is served as UTF-8 and is not linked
  from the section index (give it to a sync as its own start URL).
- Main-template pages are GBK. Some declare it only in ``<meta>`` (the HTTP header has no
  charset), others only in the HTTP header.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from zonereader.demo import pages, pictures
from zonereader.demo.portal_content import (
    ARTICLES_PER_DAY,
    BASE_DATE,
    FIRST_ID,
    INDEX_PATH,
    OTHER,
    OTHER_PATH,
    PortalArticle,
    PortalContent,
    SiteState,
)
from zonereader.demo.regions import (
    CHANNELS,
    OTHER_ZONE,
    PROVINCE_SLUGS,
    SECTION,
    SECTION_SLUG,
    Channel,
)

__all__ = [
    "ARTICLES_PER_DAY",
    "BASE_DATE",
    "FIRST_ID",
    "INDEX_PATH",
    "OTHER_PATH",
    "PortalArticle",
    "Response",
    "SamplePortal",
    "http_date",
]

#: Rendered article pages kept (about 9 KB each): enough for a 10,000-article benchmark site.
ARTICLE_CACHE = 16384

Response = tuple[int, dict[str, str], bytes]

_ARTICLE_RE = re.compile(r"^(/kfq/.+/)(\d{6})/t(\d{8})_(\d+)\.html$")
_LIST_RE = re.compile(r"^(/kfq/.+/)(?:index(?:_(\d+))?\.html)?$")
_OTHER_ARTICLE_RE = re.compile(r"^/other/content_(\d+)\.html$")
_PICTURE_RE = re.compile(r"^/uploads/\d{6}/(\d+)\.png$")

_META_TAGS = (
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n',
    "<META charset=gbk>\n",
)


def http_date(when: datetime) -> str:
    """Format ``when`` as an HTTP date (GMT)."""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def _relative(target: str, page: str) -> str:
    """The relative href from the page at path ``page`` to ``target`` (keeping a #fragment).

    Both are absolute paths; a target ending in ``/`` keeps its slash.
    """
    target_path, _, fragment = target.partition("#")
    source = page.split("/")[1:-1]
    parts = target_path.split("/")[1:]
    common = 0
    while common < len(source) and common < len(parts) - 1 and source[common] == parts[common]:
        common += 1
    rel = "/".join([".."] * (len(source) - common) + parts[common:])
    return (rel or ".") + (f"#{fragment}" if fragment else "")


class SamplePortal(PortalContent):
    """A deterministic development-zone news portal, served as pages.

    Args:
        articles: how many articles the site holds in all (both templates).
        seed: chooses every title, body, channel and quirk; the same seed gives the same bytes.
        page_size: rows on a list page.
    """

    def __init__(self, articles: int = 200, seed: int = 1, *, page_size: int = 20) -> None:
        super().__init__(articles, seed, page_size=page_size)
        self._article_page = functools.lru_cache(maxsize=ARTICLE_CACHE)(self._render_article)
        self._list_page = functools.lru_cache(maxsize=2048)(self._render_list)

    def warm(self) -> int:
        """Render every page of the site now (fills the page caches before a benchmark).

        Returns:
            How many pages were rendered.
        """
        state = self._state
        count = 1
        self.render(INDEX_PATH)
        self.render(OTHER_PATH)
        for channel in CHANNELS:
            for page in range(1, self.page_count(channel.zone) + 1):
                self.render(self.list_path(channel.zone, page))
                count += 1
        for number in range(state.n):
            self.render(self.article(number).path)
            count += 1
        return count + 1

    # ------------------------------------------------------------------ manifest

    def manifest(self, base_url: str, *, bodies: bool = True) -> dict[str, Any]:
        """The ground truth of the site as served at ``base_url`` (e.g. ``http://127.0.0.1:8000``).

        Returns:
            ``{"articles": [...], ...}`` where each article has ``url`` (absolute, canonical),
            ``title``, ``zone``, ``published`` (YYYY-MM-DD), ``origin``, ``publisher`` (empty
            when the page names none), ``paragraphs`` (as a reader sees them: indentation
            stripped, entities decoded; omitted when ``bodies`` is false), plus ``datetime``
            (ISO 8601, CST), ``has_time`` (whether the page shows the time), ``template``,
            ``prev``/``next`` (URLs of the 上一条/下一条 links or None), ``images`` (the URLs
            of its pictures, above the text) and ``number``.
        """
        base = base_url.rstrip("/")
        state = self._state
        entries = []
        for number in range(state.n):
            article = self.article(number)
            older, newer = self._neighbours(state, article)
            entry: dict[str, Any] = {
                "url": base + article.path,
                "title": article.title,
                "zone": article.zone,
                "published": article.published.strftime("%Y-%m-%d"),
                "origin": article.origin,
                "publisher": article.publisher,
                "datetime": article.published.isoformat(),
                "has_time": article.channel is None,
                "template": article.template,
                "prev": None if older is None else base + self.article(older).path,
                "next": None if newer is None else base + self.article(newer).path,
                "number": number,
            }
            picture = self.picture_path(number)
            entry["images"] = [base + picture] if picture else []
            if bodies:
                entry["paragraphs"] = list(self.paragraphs(number))
            entries.append(entry)
        return {
            "seed": self.seed,
            "count": state.n,
            "page_size": self.page_size,
            "start_urls": {"index": base + INDEX_PATH, "other": base + OTHER_PATH},
            "zones": [channel.zone for channel in CHANNELS] + [OTHER_ZONE],
            "notes": {
                "zones": (
                    f"{SECTION}/PROVINCE/CITY/CHANNEL, or {SECTION}/CITY/CHANNEL for the "
                    f"municipalities; the second template's zone is {OTHER_ZONE}"
                ),
                "prev_next": "上一条/上一篇 is the older neighbour, 下一条/下一篇 the newer one",
                "growth": (
                    "a larger article count with the same seed adds newer articles; older "
                    "article pages stay byte-identical except that the previous newest "
                    "article of a channel gains its 下一条 link"
                ),
                "other": f"{OTHER_PATH} is not linked from the section index",
            },
            "articles": entries,
        }

    # ------------------------------------------------------------------ routing

    def page_kind(self, path: str) -> str:
        """Classify a request path by its shape: 'index', 'list', 'article' or 'other'."""
        path = path.split("?", 1)[0]
        if path in (INDEX_PATH, f"/{SECTION_SLUG}/"):
            return "index"
        if path == OTHER_PATH or (_LIST_RE.match(path) and self._list_target(path)):
            return "list"
        if _ARTICLE_RE.match(path) or _OTHER_ARTICLE_RE.match(path):
            return "article"
        return "other"

    def _list_target(self, path: str) -> tuple[Channel, int] | None:
        match = _LIST_RE.match(path)
        if not match:
            return None
        channel = self._by_dir.get(match.group(1))
        if channel is None:
            return None
        page = 1 if match.group(2) is None else int(match.group(2)) + 1
        return channel, page

    def _article_target(self, state: SiteState, path: str) -> PortalArticle | None:
        match = _ARTICLE_RE.match(path) or _OTHER_ARTICLE_RE.match(path)
        if not match:
            return None
        number = int(match.group(match.lastindex or 1)) - FIRST_ID
        if not 0 <= number < state.n:
            return None
        article = self.article(number)
        return article if article.path == path else None

    def render(self, path: str, *, loop_pagination: bool = False) -> Response:
        """Render the page at ``path`` (a query string is ignored).

        Args:
            path: the request path, e.g. ``/kfq/index.html``.
            loop_pagination: on a list page, point 下一页 back at the channel's first page (the
                server's pagination-loop fault).

        Returns:
            ``(status, headers, body)``; headers hold Content-Type, Content-Length and, for
            pages of the site, ETag and Last-Modified.
        """
        path = path.split("?", 1)[0].split("#", 1)[0]
        state = self._state
        if path in (INDEX_PATH, f"/{SECTION_SLUG}/"):
            return self._render_index(state)
        if path in (OTHER_PATH, "/other/"):
            return self._list_page(state.n, OTHER, 1, loop_pagination)
        target = self._list_target(path)
        if target is not None:
            channel, page = target
            count = len(state.by_channel[channel.index])
            if page <= max(1, math.ceil(count / self.page_size)):
                return self._list_page(state.n, channel.index, page, loop_pagination)
        article = self._article_target(state, path)
        if article is not None:
            older, newer = self._neighbours(state, article)
            return self._article_page(article.number, older, newer)
        if path == "/":
            body = pages.home(INDEX_PATH, OTHER_PATH).encode("utf-8")
            return 200, _headers("text/html; charset=utf-8", body), body
        picture = _PICTURE_RE.match(path)
        if picture is not None:
            number = int(picture.group(1)) - FIRST_ID
            if 0 <= number < state.n and self.picture_path(number) == path:
                body = pictures.picture_png(number, self.seed)
                return 200, _headers("image/png", body), body
        if path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            return 200, _headers("text/plain; charset=utf-8", body), body
        body = pages.not_found(path).encode("utf-8")
        return 404, _headers("text/html; charset=utf-8", body, etag=False), body

    # ------------------------------------------------------------------ pages

    def _render_index(self, state: SiteState) -> Response:
        groups: list[pages.IndexGroup] = []
        by_group: dict[str, list[tuple[str, str, list[pages.Link]]]] = {}
        for channel in CHANNELS:
            region = channel.region
            group = region.province or region.city
            if group not in by_group:
                by_group[group] = []
                anchor = PROVINCE_SLUGS.get(region.province, region.slug)
                groups.append(pages.IndexGroup(group, anchor, by_group[group]))
            rows = by_group[group]
            city = region.city if region.province else ""
            if not rows or rows[-1][0] != city:
                rows.append((city, region.slug.replace("/", "-"), []))
            label = " ".join((*region.zone_parts, channel.name))
            href = _relative(channel.directory + "index.html", INDEX_PATH)
            rows[-1][2].append(pages.Link(href, label))
        html = pages.main_index(groups, _META_TAGS[0])
        body = html.encode("gbk")
        newest = self.article(state.n - 1).published if state.n else BASE_DATE
        return 200, _headers("text/html", body, modified=newest), body

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - small, keyed by channel and directory
    def _crumbs(self, channel: Channel, page_path: str) -> tuple[pages.Link, ...]:
        """The breadcrumb links after 首页 for a page at ``page_path`` of ``channel``."""
        region = channel.region
        index = _relative(INDEX_PATH, page_path)
        crumbs = [pages.Link(index, SECTION)]
        if region.province:
            crumbs.append(pages.Link(f"{index}#{PROVINCE_SLUGS[region.province]}", region.province))
        crumbs.append(pages.Link(f"{index}#{region.slug.replace('/', '-')}", region.city))
        crumbs.append(
            pages.Link(_relative(channel.directory + "index.html", page_path), channel.name)
        )
        return tuple(crumbs)

    def _render_list(self, n: int, index: int, page: int, loop: bool) -> Response:
        state = self._state_for(n)
        if index == OTHER:
            numbers = state.other
            rows = [
                pages.ListRow(
                    _relative(self.article(k).path, OTHER_PATH),
                    self.article(k).title,
                    f"{self.article(k).published:%Y-%m-%d}",
                )
                for k in reversed(numbers)
            ]
            html = pages.other_list(rows, "news.html" if loop else None)
            body = html.encode("utf-8")
            newest = self.article(numbers[-1]).published if numbers else BASE_DATE
            return 200, _headers("text/html; charset=utf-8", body, modified=newest), body
        channel = CHANNELS[index]
        numbers = state.by_channel[index]
        path = self.list_path(channel.zone, page)
        pages_total = max(1, math.ceil(len(numbers) / self.page_size))
        newest_first = numbers[::-1]
        chosen = newest_first[(page - 1) * self.page_size : page * self.page_size]
        rows = []
        for k in chosen:
            article = self.article(k)
            rows.append(
                pages.ListRow(
                    _relative(article.path, path), article.title, f"{article.published:%Y-%m-%d}"
                )
            )
        if loop:
            next_href: str | None = "index.html"
        elif page < pages_total:
            next_href = f"index_{page}.html"
        else:
            next_href = None
        in_meta = index % 2 == 0
        html = pages.main_list(
            channel_title=channel.name,
            breadcrumb=self._crumbs(channel, path),
            rows=rows,
            page=page,
            pages=pages_total,
            total=len(numbers),
            next_href=next_href,
            charset_meta=_META_TAGS[page % 2] if in_meta else "",
        )
        body = html.encode("gbk")
        newest = self.article(numbers[-1]).published if numbers else BASE_DATE
        content_type = "text/html" if in_meta else "text/html; charset=GBK"
        return 200, _headers(content_type, body, modified=newest), body

    def _render_article(self, number: int, older: int | None, newer: int | None) -> Response:
        article = self.article(number)
        channel = article.channel

        def link(other: int | None) -> pages.Link | None:
            if other is None:
                return None
            target = self.article(other)
            return pages.Link(_relative(target.path, article.path), target.title)

        modified = self.article(newer).published if newer is not None else article.published
        if channel is None:
            view = pages.ArticleView(
                title=article.title,
                date=f"{article.published:%Y年%m月%d日 %H:%M}",
                origin=article.origin,
                publisher="",
                paragraphs=self.paragraphs(number),
                prev=link(older),
                next=link(newer),
                breadcrumb=(),
                charset_meta="",
                entity_style=article.entity_style,
            )
            body = pages.other_article(view).encode("utf-8")
            return 200, _headers("text/html; charset=utf-8", body, modified=modified), body
        view = pages.ArticleView(
            title=article.title,
            date=f"{article.published:%Y-%m-%d}",
            origin=article.origin,
            publisher=article.publisher,
            paragraphs=self.paragraphs(number),
            prev=link(older),
            next=link(newer),
            breadcrumb=self._crumbs(channel, article.path.rsplit("/", 1)[0] + "/"),
            charset_meta=_META_TAGS[number % 2] if article.charset_in == "meta" else "",
            body_style=article.body_style,
            entity_style=article.entity_style,
            picture=self.picture_path(number),
        )
        body = pages.main_article(view).encode("gbk")
        content_type = "text/html" if article.charset_in == "meta" else "text/html; charset=GBK"
        return 200, _headers(content_type, body, modified=modified), body


def _headers(
    content_type: str, body: bytes, *, modified: datetime | None = None, etag: bool = True
) -> dict[str, str]:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
    if etag:
        headers["ETag"] = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
    if modified is not None:
        headers["Last-Modified"] = http_date(modified)
    return headers
