"""``zonereader digest``: what is new, grouped by topic or zone, for a mail from cron.

Markdown (the default) and HTML print nothing at all when nothing is new, so that cron, which
mails any output, sends no empty digest; JSON always prints an object. ``--now`` fixes the end
of the window (reproducible output: the same cache and window give the same bytes). A topic
whose query fails is left out with a one-line error, and the exit code is then 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timedelta

from zonereader.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Context,
    Subparsers,
    add_common_options,
    error,
)
from zonereader.cli.digest import FORMATS, collect, render
from zonereader.cli.library_cmd import EXIT_FAILED, open_cache
from zonereader.cli.selection import topic_named, zone_query
from zonereader.config import TopicConfig
from zonereader.models import CST
from zonereader.text.query import QueryError
from zonereader.text.sanitize import clean_line

#: ``--since`` as a duration: a number and a unit (minutes, hours, days, weeks).
_DURATION = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
#: Articles listed per group unless ``--limit`` says otherwise.
DEFAULT_LIMIT = 50


def register(subparsers: Subparsers) -> None:
    """Add ``digest`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "digest",
        help="print what is new, grouped by topic or zone (for a mail from cron)",
        description="Print the articles first cached in a recent window, grouped by topic "
        "(when topics are configured or --topic is given) or by zone, with titles, dates, "
        "来源 and links. Markdown and HTML print nothing when nothing is new.",
    )
    add_common_options(parser)
    parser.add_argument(
        "--since",
        metavar="WHEN",
        default="24h",
        help="start of the window: a duration before now (90m, 24h, 7d, 2w) or a date and "
        "time in China time (2024-01-31, 2024-01-31T08:00); default 24h",
    )
    parser.add_argument(
        "--now",
        metavar="TIME",
        help="end of the window instead of now (same forms as a --since date), to make a past "
        "digest again",
    )
    parser.add_argument(
        "--zone",
        metavar="PATH",
        help="only this zone and the zones below it (a path, or a unique ending of one)",
    )
    parser.add_argument(
        "--topic",
        metavar="NAME",
        action="append",
        help="only this topic (repeatable); groups by topic",
    )
    parser.add_argument(
        "--by",
        choices=("topic", "zone"),
        help="group by topic or by zone (default: topic when topics are configured or given, "
        "else zone)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="markdown", help="output format (default markdown)"
    )
    parser.add_argument(
        "--limit",
        metavar="N",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"articles listed per group, the rest counted (default {DEFAULT_LIMIT}; 0: all)",
    )
    parser.set_defaults(handler=run)


def parse_when(text: str, now: datetime, option: str) -> datetime:
    """A ``--since``/``--now`` value: a duration before ``now``, or a date/time in China time.

    Raises:
        CommandError: neither form (exit 2).
    """
    value = text.strip()
    duration = _DURATION.fullmatch(value)
    if duration is not None:
        return now - timedelta(**{_UNITS[duration.group(2)]: int(duration.group(1))})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"digest: {option} expects a duration (24h, 7d) or a date/time "
            f"(2024-01-31, 2024-01-31T08:00), not {value!r}",
            EXIT_USAGE,
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CST)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader digest``: print what is new."""
    if args.limit < 0:
        raise CommandError("digest: --limit must not be negative", EXIT_USAGE)
    config = ctx.load_config()
    now = datetime.now(CST)
    if args.now:
        now = parse_when(args.now, now, "--now")
    since = parse_when(args.since, now, "--since")
    if since >= now:
        raise CommandError("digest: --since must be before the end of the window", EXIT_USAGE)
    by = args.by or ("topic" if args.topic or (config.topics and not args.zone) else "zone")
    topics = None
    if by == "topic":
        names = args.topic or [topic.name for topic in config.topics]
        if not names:
            raise CommandError(
                "digest: no topics to group by (add one with 'zonereader topic add', "
                "or use --by zone)",
                EXIT_USAGE,
            )
        topics = [topic_named(config, name, "digest") for name in names]
    failed: list[str] = []

    def topic_failed(topic: TopicConfig, exc: QueryError) -> None:
        failed.append(topic.name)
        error(f"digest: topic {clean_line(topic.name)!r} left out: {clean_line(str(exc))}")

    with open_cache(ctx) as store:
        zone = zone_query(store, args.zone, "digest")[0] if args.zone else ""
        digest = collect(
            store,
            since=since,
            until=now,
            topics=topics,
            zone=zone,
            limit=args.limit,
            on_error=topic_failed,
        )
    code = EXIT_FAILED if failed else EXIT_OK
    if digest.total == 0 and args.format != "json":
        return code
    sys.stdout.write(render(digest, args.format))
    return code
