"""``zonereader source add/list/remove``: the sources in the config file.

``add`` looks at the URL first (sync.discover): a feed is added as a feed, an HTML page as a
portal; a page that advertises a feed offers it (asks on a terminal, otherwise says what it found
and keeps the page unless ``--feed`` is given). The config file is edited with
:func:`zonereader.config.add_sources` / :func:`~zonereader.config.remove_source`, which keep
every other setting the user made.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from zonereader.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    CommandError,
    Context,
    Subparsers,
    add_actions,
    add_common_options,
    display_width,
    pad,
    warn,
)
from zonereader.config import (
    Config,
    ConfigError,
    SourceConfig,
    add_sources,
    default_source_name,
    remove_source,
    unique_source_name,
)
from zonereader.models import SourceKind, zone_parts
from zonereader.text.sanitize import clean_line

if TYPE_CHECKING:
    from zonereader.sync.discover import Discovery, FeedLink


def register(subparsers: Subparsers) -> None:
    """Add ``source`` with its ``add``, ``list`` and ``remove`` subcommands to ``subparsers``."""
    parser = subparsers.add_parser(
        "source",
        help="add, list or remove the portals and feeds to sync",
        description="Manage the sources (portals and feeds) in the config file.",
    )
    add_common_options(parser)
    actions = add_actions(parser, "source", "add, list or remove")

    add = actions.add_parser(
        "add",
        help="add a portal or a feed (detected from the URL)",
        description=(
            "Add a source. The URL is fetched once to tell a feed (RSS, Atom, JSON Feed) from a "
            "portal page; a page that advertises a feed offers it."
        ),
    )
    add_common_options(add)
    add.add_argument("url", metavar="URL", help="a feed, or a portal's section index or channel")
    add.add_argument(
        "--name", help="the source's name (default: a feed's title, else the URL's host)"
    )
    add.add_argument(
        "--zone",
        metavar="PATH",
        help="zone path: for a feed, where its entries go (default: the feed's title); "
        "for a portal, a prefix before the breadcrumb",
    )
    add.add_argument(
        "--kind",
        choices=[kind.value for kind in SourceKind],
        help="skip detection's verdict and add as this kind (also adds an unreachable URL)",
    )
    add.add_argument(
        "--feed",
        action="store_true",
        help="when the page advertises a feed, add the feed instead of the page",
    )
    add.set_defaults(handler=_add)

    listing = actions.add_parser(
        "list", help="list the configured sources", description="List the configured sources."
    )
    add_common_options(listing)
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_list)

    remove = actions.add_parser(
        "remove",
        help="remove a source from the config (its cached articles stay)",
        description="Remove a source from the config. Its cached articles and bookmarks stay.",
    )
    add_common_options(remove)
    remove.add_argument("name", metavar="NAME", help="the source's name (see 'source list')")
    remove.set_defaults(handler=_remove)


# --------------------------------------------------------------------------- add


def _add(args: argparse.Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    url = args.url.strip()
    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        usable = False
    if not usable:
        raise CommandError(
            f"source add: expected an http:// or https:// URL, got {clean_line(url)!r}"
        )
    if args.name is not None and config.source(args.name.strip()) is not None:
        raise CommandError(f"source add: a source called {args.name.strip()!r} already exists")
    forced = SourceKind(args.kind) if args.kind else None
    # Imported here: discovery loads the HTML and feed parsers, which other commands skip.
    from zonereader.sync.discover import DiscoverError
    from zonereader.sync.parsing import ParseTimedOut

    try:
        found = _discover(url, config)
    except DiscoverError as exc:
        if forced is None:
            raise CommandError(
                f"source add: cannot reach {url}: {clean_line(str(exc))} "
                "(give --kind portal or --kind feed to add it anyway)"
            ) from exc
        warn(f"cannot reach {url} ({clean_line(str(exc))}); adding it as a {forced} anyway")
        return _save(args, ctx, config, url, forced, title="")
    except ParseTimedOut as exc:
        if forced is None:
            raise CommandError(
                f"source add: {url}: {exc} ([sync] parse_timeout); not added "
                "(give --kind portal or --kind feed to add it anyway)",
                EXIT_PARTIAL,
            ) from exc
        warn(f"{url}: {exc}; adding it as a {forced} anyway")
        return _save(args, ctx, config, url, forced, title="")

    kind, chosen_url, title = _choose(args, forced, found, config)
    return _save(args, ctx, config, chosen_url, kind, title)


def _choose(
    args: argparse.Namespace, forced: SourceKind | None, found: Discovery, config: Config
) -> tuple[SourceKind, str, str]:
    """Decide what to add from what was found; return (kind, url, title)."""
    url = found.url
    if found.kind is SourceKind.FEED:
        if forced is SourceKind.PORTAL:
            warn(f"{url} looks like a feed; adding it as a portal as asked")
        return forced or SourceKind.FEED, url, found.title
    if found.kind is None:
        what = found.content_type or "unknown content"
        if forced is None:
            raise CommandError(
                f"source add: {url} is neither a feed nor an HTML page ({what}); "
                "give --kind to add it anyway"
            )
        warn(f"{url} is neither a feed nor an HTML page ({what}); adding it as a {forced} as asked")
        return forced, url, found.title

    # An HTML page: a portal, or a page that advertises feeds.
    want_feed = args.feed or forced is SourceKind.FEED
    if not found.feeds:
        if want_feed:
            raise CommandError(
                f"source add: {url} is an HTML page that advertises no feed "
                "(add it as a portal without --feed/--kind feed)"
            )
        return SourceKind.PORTAL, url, found.title
    if forced is SourceKind.PORTAL:
        return SourceKind.PORTAL, url, found.title
    link: FeedLink | None
    if want_feed:
        link = found.feeds[0]
    elif _interactive():
        link = _ask(found)
    else:
        for advertised in found.feeds:
            print(
                f"note: {url} advertises a feed: {advertised.url}"
                + (f" ({advertised.title})" if advertised.title else ""),
                file=sys.stderr,
            )
        print("note: adding the page as a portal; run again with --feed to add the feed instead",
              file=sys.stderr)  # fmt: skip
        link = None
    if link is None:
        return SourceKind.PORTAL, url, found.title
    from zonereader.sync.discover import DiscoverError
    from zonereader.sync.parsing import ParseTimedOut

    try:
        feed = _discover(link.url, config)
    except DiscoverError as exc:
        raise CommandError(f"source add: cannot fetch the feed {link.url}: {exc}") from exc
    except ParseTimedOut as exc:
        raise CommandError(
            f"source add: the feed {link.url}: {exc}; not added", EXIT_PARTIAL
        ) from exc
    if feed.kind is not SourceKind.FEED:
        raise CommandError(f"source add: {link.url}, advertised as a feed, is not a feed")
    return SourceKind.FEED, link.url, feed.title or link.title


def _discover(url: str, config: Config) -> Discovery:
    """Fetch and classify ``url`` within the sync's bounds: its request timeouts, body cap
    (after every content coding) and parse time limit."""
    from zonereader.sync.discover import discover

    return discover(url, config.sync)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(found: Discovery) -> FeedLink | None:
    """Ask on the terminal which advertised feed to add; None means the page itself."""
    print(f"{found.url} is a web page that advertises {len(found.feeds)} feed(s):")
    for number, feed in enumerate(found.feeds, 1):
        label = f" {feed.title}" if feed.title else ""
        print(f"  {number}){label} {feed.url}")
    print("  p) the page itself, as a portal")
    choices = [str(n) for n in range(1, len(found.feeds) + 1)]
    while True:
        try:
            answer = input(f"Add which? [{'/'.join(choices)}/p] (1): ").strip().lower()
        except EOFError:
            return None
        if answer in ("", "1"):
            return found.feeds[0]
        if answer in choices:
            return found.feeds[int(answer) - 1]
        if answer in ("p", "page"):
            return None


def _save(
    args: argparse.Namespace,
    ctx: Context,
    config: Config,
    url: str,
    kind: SourceKind,
    title: str,
) -> int:
    existing = _configured(config, url)
    if existing is not None:
        raise CommandError(f"source add: {url} is already configured as {existing.name!r}")
    if args.name:
        name = args.name.strip()
    else:
        base = default_source_name(url, title if kind is SourceKind.FEED else "")
        name = unique_source_name(base, (source.name for source in config.sources))
    if not name:
        raise CommandError("source add: --name must not be empty")
    zone = "/".join(zone_parts(args.zone)) if args.zone else ""
    if not zone and kind is SourceKind.FEED:
        zone = feed_zone_name(title) or name
    source = SourceConfig(name=name, url=url, kind=kind, zone=zone)
    try:
        added = add_sources(ctx.config_path, [source])
    except ConfigError as exc:
        raise CommandError(str(exc)) from exc
    if not added:
        raise CommandError(f"source add: {url} or the name {name!r} is already configured")
    where = f" -> zone {zone}" if zone else ""
    print(clean_line(f"added {kind} {name!r}: {url}{where}"))
    print("run 'zonereader sync' to fetch it")
    return EXIT_OK


def feed_zone_name(title: str) -> str:
    """Turn a feed's title into one zone-tree node name (a ``/`` in it would nest zones)."""
    return clean_line(title).replace("/", "／").strip()


def _configured(config: Config, url: str) -> SourceConfig | None:
    wanted = url.strip().rstrip("/")
    for source in config.sources:
        if any(u.strip().rstrip("/") == wanted for u in source.urls):
            return source
    return None


# --------------------------------------------------------------------------- list / remove


def _list(args: argparse.Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    gone = _gone_sources(ctx, config)
    if args.json:
        rows = [
            {
                "name": s.name,
                "kind": s.kind.value,
                "url": s.url,
                "urls": list(s.urls),
                "zone": s.zone,
                "gone": s.name in gone,
            }
            for s in config.sources
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not config.sources:
        print(f"no sources in {ctx.config_path}; add one with 'zonereader source add URL'")
        return EXIT_OK
    width = max(display_width(clean_line(s.name)) for s in config.sources)
    for s in config.sources:
        zone = f"  zone {s.zone}" if s.zone else ""
        status = "  (gone: the server answered 410)" if s.name in gone else ""
        extra = f" (+{len(s.extra_urls)} more)" if s.extra_urls else ""
        line = f"{pad(clean_line(s.name), width)}  {s.kind.value:<6}  {s.url}{extra}{zone}{status}"
        print(clean_line(line) if not line.isprintable() else line)
    return EXIT_OK


def _gone_sources(ctx: Context, config: Config) -> set[str]:
    """Names of sources a sync found gone (410); empty when there is no cache yet."""
    if not ctx.db_path.exists() or not config.sources:
        return set()
    from zonereader.store.store import Store, StoreError
    from zonereader.sync.feed_walk import GONE_META

    try:
        with Store.open(ctx.db_path, create=False, allow_read_only=True) as store:
            return {s.name for s in config.sources if store.get_meta(GONE_META.format(name=s.name))}
    except StoreError as exc:
        warn(f"cannot tell which sources are gone: {clean_line(str(exc))}")
        return set()


def _remove(args: argparse.Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    name = args.name.strip()
    if config.source(name) is None:
        known = ", ".join(s.name for s in config.sources) or "none configured"
        raise CommandError(f"source remove: no source called {name!r} (sources: {known})")
    try:
        removed = remove_source(ctx.config_path, name)
    except ConfigError as exc:
        raise CommandError(str(exc)) from exc
    if not removed:
        raise CommandError(f"source remove: {name!r} is not in {ctx.config_path}")
    print(f"removed {name!r} (its cached articles and bookmarks stay in the cache)")
    return EXIT_OK
