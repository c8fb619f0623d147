"""``zonereader opml import FILE`` and ``zonereader opml export [FILE]``.

Import adds every feed of an OPML file as a source (nested outlines become zone paths);
subscriptions already configured, or repeated in the file, are skipped and reported. A file that
cannot be read changes nothing. Export writes every source as OPML 2.0 (to stdout without FILE);
importing an export gives the same sources and zones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zonereader.cli.common import (
    EXIT_OK,
    CommandError,
    Context,
    Subparsers,
    add_actions,
    add_common_options,
)
from zonereader.config import (
    ConfigError,
    SourceConfig,
    add_sources,
    default_source_name,
    unique_source_name,
)
from zonereader.models import SourceKind, join_zone
from zonereader.text.sanitize import clean_line


def register(subparsers: Subparsers) -> None:
    """Add ``opml`` with its ``import`` and ``export`` subcommands to ``subparsers``."""
    parser = subparsers.add_parser(
        "opml",
        help="import or export subscriptions as OPML",
        description="Import feeds from an OPML file, or export every source as OPML 2.0.",
    )
    add_common_options(parser)
    actions = add_actions(parser, "opml", "import or export")

    importing = actions.add_parser(
        "import",
        help="add the feeds of an OPML file (folders become zone paths)",
        description=(
            "Add every feed of an OPML file as a source. Nested outlines become zone paths; "
            "subscriptions already configured are skipped and reported."
        ),
    )
    add_common_options(importing)
    importing.add_argument("file", metavar="FILE", help="an OPML file ('-' reads stdin)")
    importing.add_argument(
        "--zone", metavar="PATH", help="put every imported feed under this zone path"
    )
    importing.set_defaults(handler=_import)

    exporting = actions.add_parser(
        "export",
        help="write every source as OPML 2.0",
        description="Write every configured source as OPML 2.0, to FILE or to stdout.",
    )
    add_common_options(exporting)
    exporting.add_argument(
        "file", metavar="FILE", nargs="?", help="where to write (default: stdout)"
    )
    exporting.set_defaults(handler=_export)


def _import(args: argparse.Namespace, ctx: Context) -> int:
    from zonereader.sources.opml import OpmlError, parse_opml

    config = ctx.load_config()
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.file}: cannot read: {exc.strerror or exc}") from exc
    try:
        document = parse_opml(data)
    except OpmlError as exc:
        raise CommandError(f"{args.file}: {exc}; nothing imported") from exc

    taken_names = {source.name for source in config.sources}
    taken_urls = {_key(url) for source in config.sources for url in source.urls}
    new: list[SourceConfig] = []
    duplicates: list[str] = []
    for item in document.sources:
        if _key(item.url) in taken_urls:
            duplicates.append(item.url)
            continue
        name = unique_source_name(
            item.name or default_source_name(item.url, item.title), taken_names
        )
        zone = join_zone(args.zone or "", item.zone)
        new.append(SourceConfig(name=name, url=item.url, kind=item.kind, zone=zone))
        taken_names.add(name)
        taken_urls.add(_key(item.url))
    if new:
        try:
            add_sources(ctx.config_path, new)
        except ConfigError as exc:
            raise CommandError(str(exc)) from exc
    feeds = sum(1 for s in new if s.kind is SourceKind.FEED)
    print(
        f"imported {len(new)} source(s) ({feeds} feed(s)) from {args.file}; "
        f"skipped {len(duplicates)} duplicate(s)"
        + (f" and {len(document.skipped)} other outline(s)" if document.skipped else "")
    )
    for url in duplicates:
        print(f"  duplicate, already configured: {clean_line(url)}")
    for line in document.skipped:
        print(f"  skipped: {clean_line(line)}")
    for line in document.notes:
        print(f"  note: {clean_line(line)}")
    if new:
        print("run 'zonereader sync' to fetch them")
    return EXIT_OK


def _export(args: argparse.Namespace, ctx: Context) -> int:
    from zonereader.sources.opml import OpmlSource, render_opml

    config = ctx.load_config()
    items = [
        OpmlSource(
            url=source.url,
            kind=source.kind,
            zone=source.zone or (source.name if source.kind is SourceKind.FEED else ""),
            title=source.name,
            name=source.name,
        )
        for source in config.sources
    ]
    text = render_opml(items)
    if not args.file or args.file == "-":
        sys.stdout.write(text)
        return EXIT_OK
    path = Path(args.file)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    print(f"exported {len(items)} source(s) to {path}", file=sys.stderr)
    return EXIT_OK


def _key(url: str) -> str:
    return url.strip().rstrip("/")
