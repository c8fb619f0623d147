"""``zonereader topic add/list/remove``: saved searches, kept in the config file.

A topic is a name and a query in the search language (docs/topics.md); the app shows every
topic under Topics in the zone tree with its unread count. ``add`` refuses a query that does
not parse, and warns (but saves) when the cache cannot answer it yet (a ``zone:`` that names
no zone before the first sync). ``list`` shows each topic's counts when there is a cache.
"""

from __future__ import annotations

import argparse
import json
import sys

from zonereader.cli.common import (
    EXIT_OK,
    CommandError,
    Context,
    Subparsers,
    add_actions,
    add_common_options,
    display_width,
    pad,
    warn,
)
from zonereader.cli.selection import query_errors, topic_named, topic_query
from zonereader.config import ConfigError, TopicConfig, add_topic, remove_topic
from zonereader.text.query import QueryError, parse_query
from zonereader.text.sanitize import clean_line


def register(subparsers: Subparsers) -> None:
    """Add ``topic`` with its ``add``, ``list`` and ``remove`` actions to ``subparsers``."""
    parser = subparsers.add_parser(
        "topic",
        help="add, list or remove topics: saved searches shown in the zone tree",
        description="Manage topics: saved searches in the config file, shown under Topics in "
        "the app's zone tree with their unread counts. Queries use the search language "
        '(words, "phrases", AND/OR/NOT, zone:, source:, after:, unread...; see docs/topics.md).',
    )
    add_common_options(parser)
    actions = add_actions(parser, "topic", "add, list or remove")

    add = actions.add_parser(
        "add",
        help="save a search as a topic",
        description="Save QUERY as the topic NAME, e.g. "
        "zonereader topic add 长三角半导体 '半导体 zone:长三角'.",
    )
    add_common_options(add)
    add.add_argument("name", metavar="NAME", help="the topic's name in the zone tree")
    add.add_argument("query", metavar="QUERY", help="a search, e.g. '签约 OR 开工 zone:舟山'")
    add.set_defaults(handler=_add)

    listing = actions.add_parser(
        "list",
        help="list the topics with their counts",
        description="List the topics, with how many articles each lists and how many are "
        "unread (when there is a cache).",
    )
    add_common_options(listing)
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_list)

    remove = actions.add_parser(
        "remove",
        help="remove a topic (its articles stay)",
        description="Remove a topic from the config. Its articles, read flags and bookmarks "
        "stay in the cache.",
    )
    add_common_options(remove)
    remove.add_argument("name", metavar="NAME", help="the topic's name (see 'topic list')")
    remove.set_defaults(handler=_remove)


def _add(args: argparse.Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    name = clean_line(args.name)
    if not name:
        raise CommandError("topic add: the name is empty")
    if config.topic(name) is not None:
        raise CommandError(f"topic add: a topic called {name!r} already exists")
    query = " ".join(args.query.split())
    with query_errors("topic add"):
        parse_query(query)
    topic = TopicConfig(name=name, query=query)
    try:
        add_topic(ctx.config_path, topic)
    except ConfigError as exc:
        raise CommandError(str(exc)) from exc
    counts = _counts(ctx, [*config.topics, topic]).get(name)  # every topic: the index keeps all
    if isinstance(counts, str):
        warn(f"topic {name!r} saved, but the cache cannot answer it yet: {counts}")
        return EXIT_OK
    found = f": {counts[0]:,} articles, {counts[1]:,} unread" if counts else ""
    print(f"added topic {name!r}{found}")
    return EXIT_OK


def _list(args: argparse.Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    counts = _counts(ctx, list(config.topics))
    if args.json:
        items = []
        for topic in config.topics:
            item: dict[str, object] = {"name": topic.name, "query": topic.query}
            found = counts.get(topic.name)
            if isinstance(found, tuple):
                item["articles"], item["unread"] = found
            elif isinstance(found, str):
                item["error"] = found
            items.append(item)
        json.dump(items, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not config.topics:
        print("no topics: add one with 'zonereader topic add NAME QUERY'")
        return EXIT_OK
    width = max(display_width(clean_line(topic.name)) for topic in config.topics)
    for topic in config.topics:
        found = counts.get(topic.name)
        if isinstance(found, tuple):
            note = f"{found[1]:>6,} unread of {found[0]:,}"
        elif isinstance(found, str):
            note = f"error: {found}"
        else:
            note = ""
        print(f"{pad(clean_line(topic.name), width)}  {clean_line(topic.query)}  {note}".rstrip())
    return EXIT_OK


def _remove(args: argparse.Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    topic = topic_named(config, args.name, "topic remove")
    try:
        removed = remove_topic(ctx.config_path, topic.name)
    except ConfigError as exc:
        raise CommandError(str(exc)) from exc
    if not removed:
        raise CommandError(f"topic remove: {topic.name!r} is not in {ctx.config_path}")
    print(f"removed topic {topic.name!r} (its articles stay in the cache)")
    return EXIT_OK


def _counts(ctx: Context, topics: list[TopicConfig]) -> dict[str, tuple[int, int] | str]:
    """``{name: (articles, unread)}`` per topic, or the one-line reason it cannot be counted.

    Empty when there is no cache yet (nothing to count, and nothing is created).
    """
    if not topics or not ctx.db_path.exists():
        return {}
    from zonereader.store import Store, StoreError

    found: dict[str, tuple[int, int] | str] = {}
    try:
        with Store.open(ctx.db_path, create=False) as store:
            unread = store.topic_counts(topic.query for topic in topics)
            for topic in topics:
                count = unread[topic.query]
                if isinstance(count, str):
                    found[topic.name] = clean_line(count)
                    continue
                try:
                    found[topic.name] = (store.count(topic_query(topic)), count)
                except QueryError as exc:
                    found[topic.name] = clean_line(str(exc))
    except StoreError as exc:
        warn(f"cannot read the cache {ctx.db_path}: {exc}")
    return found
