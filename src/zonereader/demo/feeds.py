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
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import json
import random
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from html import escape
from typing import Any
from xml.sax.saxutils import quoteattr

from zonereader.demo import pages
from zonereader.demo.faults import FaultPlan
from zonereader.demo.serving import DemoServer, Response
from zonereader.models import CST

#: How a feed declares its charset: in the HTTP header, the XML declaration, both, neither, or
#: "lying" (header and declaration say UTF-8 over GBK bytes).
DECLARATIONS = ("both", "header", "xml", "none", "lying")

_EPOCH = datetime(2024, 1, 1, 8, 0, tzinfo=CST)

_PLACES = (
    "舟山", "宁波", "苏州工业园区", "杭州经开区", "嘉兴", "温州", "合肥高新区", "青岛西海岸",
    "天津滨海", "广州开发区", "成都高新区", "武汉东湖", "西安高新区", "昆山", "张江",
)  # fmt: skip
_SUBJECTS = (
    "招商引资", "项目签约", "产业链", "营商环境", "数字经济", "绿色低碳", "先进制造",
    "跨境电商", "科技创新", "人才引进", "重大项目", "开放平台", "新能源汽车", "生物医药",
)  # fmt: skip
_TITLE_TEMPLATES = (
    "{place}{subject}工作取得新进展",
    "{place}举行{subject}推进会",
    "{place}:{subject}项目集中开工",
    "聚焦{subject} {place}再添新动能",
    "{place}发布{subject}三年行动方案",
    "{place}{subject}专题座谈会召开",
)
_SENTENCES = (
    "会议强调,要坚持稳中求进工作总基调,推动{subject}高质量发展。",
    "{place}围绕主导产业,持续优化{subject}服务体系,一批重点项目加快落地。",
    "今年以来,园区新签约项目{number}个,总投资额约{money}亿元。",
    "相关负责人表示,将进一步深化改革,打造市场化、法治化、国际化营商环境。",
    "据介绍,该项目建成后预计年产值可达{money}亿元,带动就业{number}00余人。",
    "下一步,{place}将以{subject}为抓手,加快培育新质生产力。",
    "活动现场,多家企业代表围绕{subject}进行了深入交流。",
    "截至{month}月底,园区规模以上工业增加值同比增长{pct}%。",
    "与会人员实地考察了{place}的重点企业和在建项目。",
    "专家认为,{subject}正成为区域经济增长的重要引擎。",
)
_AUTHORS = ("新华社", "浙江日报", "舟山日报", "经济日报", "园区管委会", "")
#: The 来源 of the article pages of summary feeds.
_ORIGINS = ("中国开发区网", "新华网", "舟山日报", "人民网")


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """How one feed is rendered."""

    format: str = "rss"
    """``rss`` (2.0), ``atom`` (1.0) or ``json`` (JSON Feed 1.1)."""
    encoding: str = "utf-8"
    """``utf-8`` or ``gbk`` (XML formats only)."""
    declare: str = "both"
    """Where the charset is declared; see :data:`DECLARATIONS`."""
    paragraphs: int = 2
    """Body paragraphs per item (each about 60-90 characters)."""
    summary: bool = False
    """Items carry only the start of their text, cut off as real summary feeds do (``…``,
    ``……阅读全文``, `` [更多]``, or simply short); the whole text is on the item's page."""
    article_pages: bool = True
    """With ``summary``: the item pages are real article pages (the sample portal's template);
    otherwise they are pages that hold no article."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered feed: its bytes, headers and validators."""

    body: bytes
    content_type: str
    etag: str
    last_modified: str


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
        return f"{_PLACES[feed % len(_PLACES)]}开发区新闻 {feed}"

    def item(self, feed: int, number: int) -> dict[str, Any]:
        """Item ``number`` (0 = oldest) of feed ``feed``, as plain data."""
        item = dict(_item(self.seed, feed, number, self.options(feed).paragraphs))
        item["title"] = self._titles.get((feed, number), item["title"])
        return item

    def render(self, feed: int, base_url: str) -> Rendered:
        """Render feed ``feed`` as served from ``base_url`` (cached)."""
        titles = tuple(sorted((n, t) for (f, n), t in self._titles.items() if f == feed))
        return _render(self.seed, feed, self.items(feed), self.options(feed), base_url,
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
            origin=_ORIGINS[(feed + number) % len(_ORIGINS)],
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


def _rng(*parts: int) -> random.Random:
    return random.Random(hashlib.sha256(repr(parts).encode()).digest())


@lru_cache(maxsize=200_000)
def _item(seed: int, feed: int, number: int, paragraphs: int) -> tuple[tuple[str, Any], ...]:
    rng = _rng(seed, feed, number)
    place = _PLACES[(feed + number) % len(_PLACES)]
    subject = rng.choice(_SUBJECTS)
    title = rng.choice(_TITLE_TEMPLATES).format(place=place, subject=subject)
    body: list[str] = []
    for _ in range(paragraphs):
        sentences = [
            rng.choice(_SENTENCES).format(
                place=place,
                subject=rng.choice(_SUBJECTS),
                number=rng.randint(3, 60),
                money=rng.randint(2, 300),
                pct=rng.randint(2, 30),
                month=rng.randint(1, 12),
            )
            for _ in range(rng.randint(2, 3))
        ]
        body.append("".join(sentences))
    published = _EPOCH + timedelta(minutes=37 * number + 3 * feed)
    return (
        ("id", f"tag:demo.zonereader,2024:{seed}/{feed}/{number}"),
        ("path", f"/items/{feed}/{number}.html"),
        ("title", f"{title}({number})"),
        ("paragraphs", tuple(body)),
        ("author", _AUTHORS[rng.randrange(len(_AUTHORS))]),
        ("published", published),
        ("related", f"/zones/{rng.randint(1, 99)}.html"),
    )


@lru_cache(maxsize=512)
def _render(
    seed: int,
    feed: int,
    count: int,
    options: FeedOptions,
    base_url: str,
    title: str,
    titles: tuple[tuple[int, str], ...] = (),
) -> Rendered:
    items = [dict(_item(seed, feed, number, options.paragraphs)) for number in range(count)][::-1]
    for number, new_title in titles:
        if number < count:
            items[count - 1 - number]["title"] = new_title
    if options.summary:
        for number, item in zip(range(count - 1, -1, -1), items, strict=True):
            item["paragraphs"] = (summary_of(item["paragraphs"], number),)
            item["related"] = ""
    newest = items[0]["published"] if items else _EPOCH
    renderer = {"rss": _rss, "atom": _atom, "json": _json}[options.format]
    text = renderer(title, base_url, feed, items, newest)
    if options.format == "json":
        body, ctype = text.encode("utf-8"), "application/feed+json"
    else:
        label = "gbk" if options.encoding == "gbk" else "utf-8"
        said = "utf-8" if options.declare == "lying" else label
        if options.declare in ("both", "xml", "lying"):
            text = f'<?xml version="1.0" encoding="{said}"?>\n' + text
        body = text.encode("gb18030" if label == "gbk" else "utf-8")
        ctype = "application/rss+xml" if options.format == "rss" else "application/atom+xml"
        if options.declare in ("both", "header", "lying"):
            ctype += f"; charset={said}"
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    return Rendered(body, ctype, etag, email.utils.format_datetime(newest, usegmt=False))


#: How summary items end, by item number: the cut-off markers real feeds use, and none.
SUMMARY_ENDINGS = ("…", "……阅读全文", " [更多]", "")
#: Characters of the first paragraph a summary item keeps.
SUMMARY_CHARS = 48


def summary_of(paragraphs: tuple[str, ...], number: int) -> str:
    """The summary a summary-only feed gives of item ``number``: its start and an ending."""
    return paragraphs[0][:SUMMARY_CHARS] + SUMMARY_ENDINGS[number % len(SUMMARY_ENDINGS)]


def _body_html(item: dict[str, Any]) -> str:
    paragraphs = "".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in item["paragraphs"])
    if not item["related"]:
        return paragraphs
    return paragraphs + f'<p>相关链接:<a href="{item["related"]}">园区介绍</a></p>'


def _rss(title: str, base: str, feed: int, items: list[dict[str, Any]], newest: datetime) -> str:
    out = [
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
        f"<title>{escape(title)}</title><link>{base}/site/{feed}.html</link>",
        f"<description>{escape(title)}</description><language>zh-cn</language>",
        f"<lastBuildDate>{email.utils.format_datetime(newest)}</lastBuildDate>",
    ]
    for item in items:
        author = f"<dc:creator>{escape(item['author'])}</dc:creator>" if item["author"] else ""
        out.append(
            f"<item><title>{escape(item['title'])}</title><link>{base}{item['path']}</link>"
            f'<guid isPermaLink="false">{item["id"]}</guid>'
            f"<pubDate>{email.utils.format_datetime(item['published'])}</pubDate>{author}"
            f"<description><![CDATA[{_body_html(item)}]]></description></item>"
        )
    out.append("</channel></rss>\n")
    return "\n".join(out)


def _atom(title: str, base: str, feed: int, items: list[dict[str, Any]], newest: datetime) -> str:
    out = [
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<title>{escape(title)}</title><id>{base}/feeds/{feed}</id>",
        f'<link rel="alternate" href="{base}/site/{feed}.html"/>',
        f"<updated>{newest.isoformat()}</updated>",
    ]
    for item in items:
        author = f"<author><name>{escape(item['author'])}</name></author>" if item["author"] else ""
        out.append(
            f"<entry><title>{escape(item['title'])}</title>"
            f'<link rel="alternate" href="{base}{item["path"]}"/><id>{item["id"]}</id>'
            f"<published>{item['published'].isoformat()}</published>"
            f"<updated>{item['published'].isoformat()}</updated>{author}"
            f'<content type="html">{escape(_body_html(item))}</content></entry>'
        )
    out.append("</feed>\n")
    return "\n".join(out)


def _json(title: str, base: str, feed: int, items: list[dict[str, Any]], newest: datetime) -> str:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": f"{base}/site/{feed}.html",
        "feed_url": f"{base}/feeds/{feed}.json",
        "items": [
            {
                "id": item["id"],
                "url": base + item["path"],
                "title": item["title"],
                "content_html": _body_html(item),
                "date_published": item["published"].isoformat(),
                **({"authors": [{"name": item["author"]}]} if item["author"] else {}),
            }
            for item in items
        ],
    }
    return json.dumps(data, ensure_ascii=False)


# --------------------------------------------------------------------------- the server


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
