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
from zonereader.cli.digest import markdown_link
from zonereader.cli.selection import article_by_url
from zonereader.models import ArticleSummary, ListQuery, StoredArticle
from zonereader.text.query import parse_query
from zonereader.text.sanitize import clean_line, clean_text

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
    parser.add_argument(
        "--zone",
        metavar="ZONE",
        help="only this zone and the zones below it: its path or any unique ending of it "
        "(舟山, 浙江/舟山); an unknown zone is an error naming the closest ones",
    )
    parser.add_argument("--unread", action="store_true", help="only unread articles")
    _add_limit(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=run_list)

    parser = subparsers.add_parser(
        "search",
        help="search titles and bodies, with filters (the topic language)",
        description="Search titles and bodies, newest first. Chinese words of any length "
        '(2 characters are enough), ASCII words, "phrases"; AND, OR, NOT and parentheses '
        "(a space means AND); filters zone:, source:, origin:, publisher:, after:YYYY-MM-DD, "
        "before:YYYY-MM-DD, unread, bookmarked. See docs/topics.md.",
    )
    add_common_options(parser)
    parser.add_argument(
        "query",
        metavar="QUERY",
        help="e.g. 园区, '签约 OR 开工 zone:舟山', '半导体 after:2024-01-01'",
    )
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
    parser.add_argument(
        "target",
        metavar="URL|ID",
        help="the article's id, or its URL as the site or feed gave it (a feed entry's #fragment "
        "is part of its address)",
    )
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
    """``zonereader list``: print a zone's (or every) article, newest first.

    ``--zone`` takes a zone's path or any unique ending of it (``舟山``, ``浙江/舟山``); a zone
    that does not exist is an error (exit 2) that names the closest ones.
    """
    zone: str | None = None
    if args.zone and args.zone.strip("/ "):
        with open_cache(ctx) as store:
            zone = resolve_zone(store, args.zone)
    query = ListQuery(zone=zone, unread_only=args.unread)
    return _print_query(ctx, query, args.limit, args.json)


#: Close zone names an unknown ``--zone`` suggests, at most.
_SUGGESTED_ZONES = 4


def resolve_zone(store: Store, name: str) -> str:
    """The zone path ``name`` stands for (a path or a unique ending of one).

    Raises:
        CommandError: no zone has that path or ending (naming the closest zones), or several
            do (exit 2 either way).
    """
    from zonereader.text.query import QueryError

    try:
        return store.zone_path(name)
    except QueryError as exc:
        wanted = "/".join(part for part in name.split("/") if part)
        if "ambiguous" in exc.reason:
            raise CommandError(f"--zone {clean_line(wanted)}: {exc.reason}", EXIT_USAGE) from exc
        close = _close_zones(store, wanted)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise CommandError(
            f"--zone {clean_line(wanted)}: no zone is called that or ends with it{hint}",
            EXIT_USAGE,
        ) from exc


def _close_zones(store: Store, wanted: str) -> list[str]:
    """Zone paths that look like ``wanted``: by their whole path or by their last parts."""
    import difflib

    paths: set[str] = set()
    for count in store.zone_counts():
        parts = [part for part in count.path.split("/") if part]
        paths.update("/".join(parts[:end]) for end in range(1, len(parts) + 1))
    by_ending: dict[str, str] = {}
    for path in sorted(paths):
        parts = path.split("/")
        for start in range(len(parts)):
            by_ending.setdefault("/".join(parts[start:]), path)
    found = difflib.get_close_matches(wanted, list(by_ending), n=_SUGGESTED_ZONES, cutoff=0.5)
    return list(dict.fromkeys(clean_line(by_ending[ending]) for ending in found))


def run_search(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader search``: print the articles matching a query, newest first."""
    from zonereader.cli.selection import query_errors

    with query_errors("search"):
        parse_query(args.query)  # a malformed query is a usage error, cache or not
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
        stored = store.article(int(target)) if target.isdigit() else article_by_url(store, target)
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
    for number, body_link in enumerate(article.links, start=1):
        text = f"{clean_line(body_link.text)}  " if body_link.text else ""
        lines.append(f"[{number}] {text}<{clean_line(body_link.url)}>")
    for number, image in enumerate(article.images, start=1):
        caption = f"{clean_line(image.caption)}  " if image.caption else ""
        lines.append(f"[图{number}] {caption}<{clean_line(image.url)}>")
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
    date = f", {article.published:%Y-%m-%d}" if article.published else ""
    return f"- {markdown_link(article.title, article.url)} — {clean_line(article.zone)}{date}"


def _iso_date(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d") if moment else ""


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
