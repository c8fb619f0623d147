"""Read-only commands over the cache: ``list``, ``search``, ``bookmarks`` and ``read``.

For scripts and for people without a full-screen terminal. They never create a cache: with
none at the database path they say to run ``zonereader sync`` (or ``zonereader demo``) and
exit 2. Every piece of article text printed, in JSON too, goes through the sanitiser.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from zonereader.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Context,
    Subparsers,
    add_common_options,
    cache_error,
)
from zonereader.models import ArticleSummary, ListQuery, StoredArticle
from zonereader.text.sanitize import clean_line, clean_text
from zonereader.text.urls import canonical_url

if TYPE_CHECKING:
    from zonereader.store import Store

#: ``read`` of an id or URL that is not cached; a cache that cannot be used.
EXIT_FAILED = 1
#: Rows printed by ``list`` and ``search`` unless ``--limit`` says otherwise.
DEFAULT_LIMIT = 50


def register(subparsers: Subparsers) -> None:
    """Add ``list``, ``search``, ``bookmarks`` and ``read`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "list",
        help="list cached articles, newest first",
        description="List cached articles, newest first: all of them, or one zone and the "
        "zones below it.",
    )
    add_common_options(parser)
    parser.add_argument("--zone", metavar="PATH", help="only this zone and the zones below it")
    parser.add_argument("--unread", action="store_true", help="only unread articles")
    _add_limit(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=run_list)

    parser = subparsers.add_parser(
        "search",
        help="full-text search of titles and bodies",
        description="Search titles and bodies (Chinese queries of any length, mixed with ASCII "
        "words; space-separated terms must all match), newest first.",
    )
    add_common_options(parser)
    parser.add_argument("query", metavar="QUERY", help="what to look for, e.g. 园区 or 5G基站")
    parser.add_argument("--unread", action="store_true", help="only unread articles")
    _add_limit(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=run_search)

    parser = subparsers.add_parser(
        "bookmarks",
        help="list bookmarked articles, newest bookmark first",
        description="List bookmarked articles, newest bookmark first.",
    )
    add_common_options(parser)
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print a JSON array (url, title, zone, bookmarked_at…)"
    )
    output.add_argument("--markdown", action="store_true", help="print a Markdown list of links")
    parser.set_defaults(handler=run_bookmarks)

    parser = subparsers.add_parser(
        "read",
        help="print one article as plain text",
        description="Print one cached article as plain text: title, meta line, paragraphs, and "
        "the site's 上一条/下一条 links.",
    )
    add_common_options(parser)
    parser.add_argument("target", metavar="URL|ID", help="the article's URL or its id")
    parser.add_argument("--mark-read", action="store_true", help="also mark the article read")
    parser.set_defaults(handler=run_read)


def _add_limit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit",
        metavar="N",
        type=_non_negative,
        default=DEFAULT_LIMIT,
        help=f"print at most N articles (default {DEFAULT_LIMIT}; 0 for all)",
    )


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


@contextmanager
def open_cache(ctx: Context) -> Iterator[Store]:
    """Open the existing cache at ``ctx.db_path``, never creating one.

    A cache that cannot be written is opened read-only: reading works, and only a command
    that must write (``read --mark-read``) says it could not.

    Raises:
        CommandError: there is no cache (exit 2), or it cannot be used (the exit code of
            :func:`~zonereader.cli.common.cache_error`).
    """
    from zonereader.store import Store, StoreError  # not loaded by commands without a cache

    if not ctx.db_path.exists():
        raise CommandError(
            f"no cache at {ctx.db_path}: run 'zonereader sync' first (or 'zonereader demo' "
            "to try the sample portal)",
            EXIT_USAGE,
        )
    try:
        store = Store.open(ctx.db_path, create=False, allow_read_only=True)
    except StoreError as exc:
        raise cache_error(exc) from exc
    try:
        yield store
    except StoreError as exc:
        raise cache_error(exc) from exc
    finally:
        store.close()


# --------------------------------------------------------------------------- commands


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader list``: print a zone's (or every) article, newest first."""
    query = ListQuery(zone=args.zone or None, unread_only=args.unread)
    return _print_query(ctx, query, args.limit, args.json)


def run_search(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader search``: print the articles matching a query, newest first."""
    if not args.query.strip():
        raise CommandError("the search query is empty", EXIT_USAGE)
    query = ListQuery(search=args.query, unread_only=args.unread)
    return _print_query(ctx, query, args.limit, args.json)


def _print_query(ctx: Context, query: ListQuery, limit: int, as_json: bool) -> int:
    with open_cache(ctx) as store:
        total = store.count(query)
        rows = store.page(query, 0, limit or total)
    if as_json:
        _print_json([_summary_json(row) for row in rows])
        return EXIT_OK
    if not rows:
        print("no articles" + (" match" if query.search is not None else ""))
        return EXIT_OK
    for row in rows:
        print(_summary_line(row))
    if len(rows) < total:
        print(f"({len(rows)} of {total} shown; use --limit N, or 0 for all)")
    return EXIT_OK


def run_bookmarks(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader bookmarks``: print bookmarked articles, newest bookmark first."""
    with open_cache(ctx) as store:
        marked = store.bookmarks()
    if args.json:
        _print_json([_bookmark_json(item) for item in marked])
    elif args.markdown:
        for item in marked:
            print(_bookmark_markdown(item))
    elif not marked:
        print("no bookmarks")
    else:
        for item in marked:
            stamp = _iso_date(item.bookmarked_at)
            article = item.article
            print(
                f"{item.id:>7}  {stamp:10}  {clean_line(article.title)}  ·  "
                f"{clean_line(article.zone)}\n{'':9}{clean_line(article.url)}"
            )
    return EXIT_OK


def run_read(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader read``: print one article as plain text."""
    target = args.target.strip()
    with open_cache(ctx) as store:
        if target.isdigit():
            stored = store.article(int(target))
        else:
            stored = store.article_by_url(canonical_url(target))
        if stored is None:
            raise CommandError(f"no cached article {clean_line(target)!r}", EXIT_FAILED)
        sys.stdout.write(format_article(stored))
        sys.stdout.flush()
        if args.mark_read:  # after printing: a read-only cache still shows the article
            store.set_read(stored.id, True)
    return EXIT_OK


# --------------------------------------------------------------------------- formatting


def format_article(stored: StoredArticle) -> str:
    """Return one article as plain text: title, meta line, URL, paragraphs, 上一条/下一条."""
    article = stored.article
    meta: list[str] = []
    if article.published is not None:
        meta.append(
            article.published.strftime("%Y-%m-%d %H:%M" if article.has_time else "%Y-%m-%d")
        )
    if article.origin:
        meta.append(f"来源:{clean_line(article.origin)}")
    if article.publisher:
        meta.append(f"发布开发区:{clean_line(article.publisher)}")
    meta.append(clean_line(article.zone))
    lines = [clean_line(article.title), " · ".join(meta), clean_line(article.url)]
    if stored.bookmarked:
        lines.append("★ bookmarked")
    lines.append("")
    for paragraph in article.paragraphs:
        text = clean_text(paragraph).strip()
        if text:
            lines.extend([f"\u3000\u3000{text}", ""])
    for label, link in (("上一条", article.prev_link), ("下一条", article.next_link)):
        if link is not None:
            lines.append(f"{label}:{clean_line(link.title)}  <{clean_line(link.url)}>")
        else:
            lines.append(f"{label}:没有了")
    for number, url in enumerate(article.links, start=1):
        lines.append(f"[{number}] {clean_line(url)}")
    return "\n".join(lines) + "\n"


def _summary_line(row: ArticleSummary) -> str:
    unread = " " if row.read else "•"
    star = "★" if row.bookmarked else " "
    date = row.published.strftime("%Y-%m-%d") if row.published else "----------"
    return f"{row.id:>7} {unread}{star} {date}  {clean_line(row.title)}  ·  {clean_line(row.zone)}"


def _summary_json(row: ArticleSummary) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": clean_line(row.url),
        "title": clean_line(row.title),
        "zone": clean_line(row.zone),
        "published": row.published.isoformat() if row.published else None,
        "publisher": clean_line(row.publisher),
        "read": row.read,
        "bookmarked": row.bookmarked,
    }


def _bookmark_json(item: StoredArticle) -> dict[str, Any]:
    article = item.article
    return {
        "id": item.id,
        "url": clean_line(article.url),
        "title": clean_line(article.title),
        "zone": clean_line(article.zone),
        "published": article.published.isoformat() if article.published else None,
        "bookmarked_at": item.bookmarked_at.isoformat() if item.bookmarked_at else None,
        "read": item.read,
    }


def _bookmark_markdown(item: StoredArticle) -> str:
    article = item.article
    title = clean_line(article.title)
    for char in "\\[]*_`<>":
        title = title.replace(char, "\\" + char)
    url = clean_line(article.url).replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    date = f", {article.published:%Y-%m-%d}" if article.published else ""
    return f"- [{title}]({url}) — {clean_line(article.zone)}{date}"


def _iso_date(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d") if moment else ""


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
