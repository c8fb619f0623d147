"""What ``zonereader digest`` prints: the articles new in a time window, grouped, in three forms.

"New" means first cached in the window (``since`` inclusive, ``until`` exclusive), whatever
date the article carries: a digest made every morning lists each article once. Groups are the
topics (in config order) or the zones (by path); inside a group, articles come newest first,
as in the app. Nothing here reads the clock: the window is given, so a digest of a fixed cache
and window is the same bytes every time. Every piece of article text is cleaned of control
characters; Markdown escapes its syntax, HTML escapes everything and only links http(s) URLs.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from zonereader.config import TopicConfig
from zonereader.models import CST, ListQuery
from zonereader.text.query import QueryError
from zonereader.text.sanitize import clean_line

if TYPE_CHECKING:
    from zonereader.store import Store


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One article of a digest."""

    id: int
    title: str
    url: str
    published: datetime | None
    has_time: bool
    origin: str
    publisher: str
    zone: str


@dataclass(slots=True)
class DigestGroup:
    """A topic's or a zone's new articles (``more`` of them left out by the limit)."""

    name: str
    kind: str
    """``"topic"`` or ``"zone"``."""
    query: str = ""
    """The topic's query (empty for a zone)."""
    items: list[DigestItem] = field(default_factory=list)
    more: int = 0


@dataclass(slots=True)
class Digest:
    """A digest: its window, and its groups in order."""

    since: datetime
    until: datetime
    group_by: str
    groups: list[DigestGroup]
    total: int
    """Distinct new articles in all groups."""


def collect(
    store: Store,
    *,
    since: datetime,
    until: datetime,
    topics: list[TopicConfig] | None = None,
    zone: str = "",
    limit: int = 0,
    on_error: Callable[[TopicConfig, QueryError], None] | None = None,
) -> Digest:
    """Gather the articles first cached in ``[since, until)``.

    Args:
        store: the cache.
        since: the window's start (aware).
        until: the window's end (aware).
        topics: group by these topics (None: group by zone).
        zone: only articles of this zone path and the zones below it.
        limit: most articles listed per group (0: all); the rest are counted in ``more``.
        on_error: called for a topic whose query fails (malformed, or a ``zone:`` that names
            no zone); the topic is left out. None: the error is raised.

    Raises:
        zonereader.text.query.QueryError: a topic's query fails and there is no ``on_error``.
    """
    new = store.first_seen_between(since.timestamp(), until.timestamp())
    scope = store.pick(ListQuery(zone=zone or None), new)
    lists: list[tuple[DigestGroup, list[int]]] = []
    if topics is not None:
        for topic in topics:
            try:
                picked = store.pick(ListQuery(topic=topic.query), scope)
            except QueryError as exc:
                if on_error is None:
                    raise
                on_error(topic, exc)
                continue
            lists.append((DigestGroup(topic.name, "topic", topic.query), picked))
    else:
        by_zone: dict[str, list[int]] = {}
        for row in store.summaries(scope):  # in list order
            by_zone.setdefault(row.zone, []).append(row.id)
        lists = [(DigestGroup(path, "zone"), by_zone[path]) for path in sorted(by_zone)]
    groups = []
    for group, ids in lists:
        if ids:
            group.items, group.more = _items(store, ids, limit)
            groups.append(group)
    return Digest(
        since=since,
        until=until,
        group_by="topic" if topics is not None else "zone",
        groups=groups,
        total=len({article_id for _group, ids in lists for article_id in ids}),
    )


def _items(store: Store, ids: list[int], limit: int) -> tuple[list[DigestItem], int]:
    shown = ids[:limit] if limit else ids
    items = []
    for article_id in shown:
        stored = store.article(article_id)
        if stored is None:  # removed meanwhile
            continue
        article = stored.article
        items.append(
            DigestItem(
                id=stored.id,
                title=clean_line(article.title) or "(untitled)",
                url=clean_line(article.url),
                published=article.published,
                has_time=article.has_time,
                origin=clean_line(article.origin),
                publisher=clean_line(article.publisher),
                zone=clean_line(article.zone),
            )
        )
    return items, len(ids) - len(shown)


# --------------------------------------------------------------------------- rendering

#: Output formats of ``zonereader digest``.
FORMATS = ("markdown", "json", "html")


def render(digest: Digest, form: str) -> str:
    """The digest as ``markdown``, ``json`` or ``html`` text (ends with a newline)."""
    if form == "json":
        return json.dumps(digest_json(digest), ensure_ascii=False, indent=2) + "\n"
    if form == "html":
        return render_html(digest)
    return render_markdown(digest)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(CST).strftime("%Y-%m-%d %H:%M")


def _date(item: DigestItem) -> str:
    if item.published is None:
        return ""
    return item.published.astimezone(CST).strftime(
        "%Y-%m-%d %H:%M" if item.has_time else "%Y-%m-%d"
    )


def _headline(digest: Digest) -> str:
    count = f"{digest.total:,} new article{'' if digest.total == 1 else 's'}"
    return f"{count}, first seen {_stamp(digest.since)} to {_stamp(digest.until)} (China time)"


def _meta(item: DigestItem, *, zone: bool) -> list[str]:
    parts = [part for part in (_date(item),) if part]
    if item.origin:
        parts.append(f"来源:{item.origin}")
    if zone:
        parts.append(item.zone)
    return parts


def digest_json(digest: Digest) -> dict[str, Any]:
    """The JSON form: window, grouping, and every group's articles."""
    return {
        "since": digest.since.astimezone(CST).isoformat(),
        "until": digest.until.astimezone(CST).isoformat(),
        "group_by": digest.group_by,
        "total": digest.total,
        "groups": [
            {
                "name": clean_line(group.name),
                "kind": group.kind,
                **({"query": clean_line(group.query)} if group.kind == "topic" else {}),
                "articles": [
                    {
                        "id": item.id,
                        "title": item.title,
                        "url": item.url,
                        "published": item.published.isoformat() if item.published else None,
                        "origin": item.origin,
                        "publisher": item.publisher,
                        "zone": item.zone,
                    }
                    for item in group.items
                ],
                "more": group.more,
            }
            for group in digest.groups
        ],
    }


def markdown_link(title: str, url: str) -> str:
    """``[title](url)`` with Markdown's syntax in the title escaped and the URL kept whole."""
    text = clean_line(title)
    for char in "\\[]*_`<>":
        text = text.replace(char, "\\" + char)
    target = clean_line(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{text}]({target})"


def _markdown_text(text: str) -> str:
    escaped = clean_line(text)
    for char in "\\[]*_`<>#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def render_markdown(digest: Digest) -> str:
    """The Markdown form (also fine as plain text in a mail)."""
    lines = ["# zonereader digest", "", _headline(digest) + "."]
    for group in digest.groups:
        label = "topic" if group.kind == "topic" else "zone"
        count = len(group.items) + group.more
        lines += ["", f"## {_markdown_text(group.name)} ({label}, {count:,})", ""]
        for item in group.items:
            meta = " · ".join(
                _markdown_text(part) for part in _meta(item, zone=group.kind == "topic")
            )
            lines.append(
                f"- {markdown_link(item.title, item.url)}" + (f" — {meta}" if meta else "")
            )
        if group.more:
            lines.append(f"- … and {group.more:,} more")
    return "\n".join(lines) + "\n"


def render_html(digest: Digest) -> str:
    """A whole HTML document (UTF-8), every piece of text escaped; only http(s) URLs linked."""
    esc = html.escape
    body = ["<h1>zonereader digest</h1>", f"<p>{esc(_headline(digest))}.</p>"]
    for group in digest.groups:
        label = "topic" if group.kind == "topic" else "zone"
        count = len(group.items) + group.more
        body.append(f"<h2>{esc(clean_line(group.name))} <small>({label}, {count:,})</small></h2>")
        body.append("<ul>")
        for item in group.items:
            if item.url.startswith(("http://", "https://")):
                title = f'<a href="{esc(item.url, quote=True)}">{esc(item.title)}</a>'
            else:
                title = f"{esc(item.title)} ({esc(item.url)})"
            meta = " · ".join(esc(part) for part in _meta(item, zone=group.kind == "topic"))
            body.append(f"<li>{title}" + (f" <small>{meta}</small>" if meta else "") + "</li>")
        if group.more:
            body.append(f"<li>… and {group.more:,} more</li>")
        body.append("</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        "<title>zonereader digest</title>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
