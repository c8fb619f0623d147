"""``zonereader bookmark add|remove`` and ``zonereader mark read|unread``: user state from scripts.

For people without a full-screen terminal and for scripts. Articles are named by id or URL;
``mark`` also takes a whole zone (``--zone``) or topic (``--topic``). The change is one write
per command; a running app shows it at its next refresh (it checks every few seconds). An id or
URL that is not cached is reported on stderr and makes the exit code 1; the others are still
changed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from zonereader.cli.common import (
    EXIT_OK,
    CommandError,
    Context,
    Subparsers,
    add_actions,
    add_common_options,
    error,
)
from zonereader.cli.library_cmd import EXIT_FAILED, open_cache
from zonereader.cli.selection import (
    Found,
    find_articles,
    query_errors,
    topic_named,
    topic_query,
    zone_query,
)
from zonereader.text.sanitize import clean_line

if TYPE_CHECKING:
    from zonereader.models import ListQuery


def register(subparsers: Subparsers) -> None:
    """Add ``bookmark`` and ``mark`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "bookmark",
        help="bookmark articles, or remove their bookmarks",
        description="Bookmark articles or remove their bookmarks, by id or URL "
        "(see 'zonereader list'). 'zonereader bookmarks' lists them.",
    )
    add_common_options(parser)
    actions = add_actions(parser, "bookmark", "add or remove")
    for action, text in (("add", "bookmark"), ("remove", "remove the bookmark of")):
        sub = actions.add_parser(
            action,
            help=f"{text} articles",
            description=f"{text.capitalize()} the articles given by id or URL.",
        )
        add_common_options(sub)
        sub.add_argument(
            "targets",
            metavar="URL_OR_ID",
            nargs="+",
            help="an article id or URL (a feed entry's #fragment is kept)",
        )
        sub.set_defaults(handler=_bookmark, bookmark=action == "add")

    parser = subparsers.add_parser(
        "mark",
        help="mark articles, a zone or a topic read or unread",
        description="Mark articles read or unread: by id or URL, or every article of a zone "
        "(--zone) or a topic (--topic).",
    )
    add_common_options(parser)
    actions = add_actions(parser, "mark", "read or unread")
    for action in ("read", "unread"):
        sub = actions.add_parser(
            action,
            help=f"mark articles {action}",
            description=f"Mark articles {action}: those given by id or URL, and every article "
            "of the zone or topic given.",
        )
        add_common_options(sub)
        sub.add_argument(
            "targets",
            metavar="URL_OR_ID",
            nargs="*",
            help="an article id or URL (a feed entry's #fragment is kept)",
        )
        sub.add_argument(
            "--zone",
            metavar="PATH",
            help="every article of this zone and the zones below it (a path, or a unique "
            "ending of one such as 舟山)",
        )
        sub.add_argument("--topic", metavar="NAME", help="every article of this topic")
        sub.set_defaults(handler=_mark, read=action == "read")


def _bookmark(args: argparse.Namespace, ctx: Context) -> int:
    verb = "bookmark add" if args.bookmark else "bookmark remove"
    with open_cache(ctx) as store:
        found = find_articles(store, args.targets)
        changed = sum(store.set_bookmark(article_id, args.bookmark) for article_id in found.ids)
    _report_missing(verb, found)
    if sys.stdout.isatty():
        what = "bookmarked" if args.bookmark else "removed the bookmark of"
        same = len(found.ids) - changed
        note = f" ({same} already {'were' if args.bookmark else 'were not'})" if same else ""
        print(f"{what} {changed} article{_s(changed)}{note}")
    return EXIT_FAILED if found.missing else EXIT_OK


def _mark(args: argparse.Namespace, ctx: Context) -> int:
    verb = f"mark {'read' if args.read else 'unread'}"
    if not args.targets and not args.zone and not args.topic:
        raise CommandError(f"{verb}: name articles (URL or id), or give --zone or --topic")
    config = ctx.load_config() if args.topic else None
    topic = topic_named(config, args.topic, verb) if config is not None else None
    with open_cache(ctx) as store:
        lists: list[ListQuery] = []
        if args.zone:
            lists.append(zone_query(store, args.zone, verb)[1])
        if topic is not None:
            lists.append(topic_query(topic))
        found = find_articles(store, args.targets)
        changed = 0
        with query_errors(f"{verb}: topic {topic.name!r}" if topic else verb):
            for query in lists:
                changed += store.mark_read(query) if args.read else store.mark_unread(query)
        for article_id in found.ids:
            stored = store.article(article_id)
            if stored is not None and stored.read != args.read:
                store.set_read(article_id, args.read)
                changed += 1
    _report_missing(verb, found)
    if sys.stdout.isatty():
        state = "read" if args.read else "unread"
        print(f"marked {changed} article{_s(changed)} {state}")
    return EXIT_FAILED if found.missing else EXIT_OK


def _report_missing(verb: str, found: Found) -> None:
    for target in found.missing:
        error(f"{verb}: no cached article {clean_line(target)!r}")


def _s(count: int) -> str:
    return "" if count == 1 else "s"
