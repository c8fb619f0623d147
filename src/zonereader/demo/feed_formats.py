"""A demo feed's bytes: RSS 2.0, Atom 1.0 or JSON Feed 1.1, in UTF-8 or GBK, with the charset
declared in the HTTP header, the XML declaration, both, neither, or lying."""

from __future__ import annotations

import email.utils
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape
from typing import Any

from zonereader.demo.feed_items import EPOCH, item_fields, summary_of

#: How a feed declares its charset: in the HTTP header, the XML declaration, both, neither, or
#: "lying" (header and declaration say UTF-8 over GBK bytes).
DECLARATIONS = ("both", "header", "xml", "none", "lying")


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


@lru_cache(maxsize=512)
def render_feed(
    seed: int,
    feed: int,
    count: int,
    options: FeedOptions,
    base_url: str,
    title: str,
    titles: tuple[tuple[int, str], ...] = (),
) -> Rendered:
    """Feed ``feed`` with ``count`` items, newest first, as served from ``base_url`` (cached).

    ``titles`` are (item number, title) pairs of edited items; a summary feed's items carry
    only :func:`~zonereader.demo.feed_items.summary_of` their text.
    """
    items = [dict(item_fields(seed, feed, number, options.paragraphs)) for number in range(count)][
        ::-1
    ]
    for number, new_title in titles:
        if number < count:
            items[count - 1 - number]["title"] = new_title
    if options.summary:
        for number, item in zip(range(count - 1, -1, -1), items, strict=True):
            item["paragraphs"] = (summary_of(item["paragraphs"], number),)
            item["related"] = ""
    newest = items[0]["published"] if items else EPOCH
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
