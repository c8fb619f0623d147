"""``zonereader doctor``: check the cache, and recover what is readable of a damaged one.

The check is SQLite's ``PRAGMA integrity_check`` on a read-only connection. A damaged cache is
copied, as far as it can be read, into a new file beside it (or ``--to PATH``): bookmarks and
read marks first, then every readable article. The damaged file is never changed; the command
says how to use the new one. Exit codes: 0 the cache is healthy, 65 it is damaged (whether or
not anything could be recovered), 2 no cache, or not a zonereader cache, 73 the recovery file
cannot be written.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from zonereader.cli.common import (
    EXIT_DAMAGED,
    EXIT_OK,
    EXIT_READ_ONLY,
    EXIT_USAGE,
    CommandError,
    Context,
    Subparsers,
    add_common_options,
    cache_error,
)
from zonereader.text.sanitize import clean_line

#: Problems of the check printed before "and N more".
SHOWN_PROBLEMS = 5


def register(subparsers: Subparsers) -> None:
    """Add ``zonereader doctor`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "doctor",
        help="check the cache; recover what is readable of a damaged one into a new file",
        description=(
            "Check the cache with SQLite's integrity check. When it is damaged, copy what can "
            "still be read (bookmarks and read marks first, then articles) into a new cache "
            "file beside it; the damaged file is never changed. Exit codes: 0 healthy, 65 "
            "damaged, 2 no cache or not a zonereader cache, 73 the new file cannot be written."
        ),
    )
    add_common_options(parser)
    parser.add_argument(
        "--to",
        metavar="PATH",
        help="where to write the recovered cache (default: beside the cache, named "
        "zonereader.db.recovered-DATE-TIME)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``zonereader doctor``; return the exit code."""
    from zonereader.store import StoreError
    from zonereader.store.errors import CacheForeign
    from zonereader.store.integrity import read_header
    from zonereader.store.salvage import check, recover

    path = ctx.db_path
    if not path.exists():
        raise CommandError(f"no cache at {path}: nothing to check", EXIT_USAGE)
    try:
        read_header(path)
        result = check(path)
    except CacheForeign as exc:
        raise cache_error(exc) from exc
    except StoreError as exc:
        raise CommandError(clean_line(str(exc)), EXIT_DAMAGED) from exc
    size = path.stat().st_size
    if result.healthy:
        print(
            f"{path}: healthy ({size / 1e6:.1f} MB, {result.articles} articles, "
            f"{result.bookmarks} bookmarks, {result.read_marks} read marks)"
        )
        return EXIT_OK
    print(f"{path}: the cache is damaged:")
    for problem in result.problems[:SHOWN_PROBLEMS]:
        print(f"  {clean_line(problem, 200)}")
    if len(result.problems) > SHOWN_PROBLEMS:
        print(f"  … and {len(result.problems) - SHOWN_PROBLEMS} more")
    target = Path(args.to).expanduser() if args.to else _beside(path)
    try:
        done = recover(path, target)
    except StoreError as exc:
        code = EXIT_READ_ONLY if not target.exists() else EXIT_DAMAGED
        raise CommandError(f"cannot recover into {target}: {clean_line(str(exc))}", code) from exc
    print(f"recovered what could be read into {done.target}:")
    print(f"  {done.bookmarks} bookmarks and {done.read_marks} read marks")
    if done.from_indexes:
        print(
            f"  … {done.from_indexes} of them read from the cache's indexes, "
            "their rows being damaged"
        )
    unreadable = (
        f"; {done.unreadable_articles} could not be read (the next sync fetches them again)"
        if done.unreadable_articles
        else ""
    )
    print(f"  {done.articles} articles{unreadable}")
    if done.tombstones:
        print(f"  {done.tombstones} marks of pruned articles (a sync does not fetch them again)")
    print(f"{path} was not changed. To use the recovered cache:")
    print(f"  zonereader --db {done.target}   (or set ZONEREADER_DB={done.target})")
    return EXIT_DAMAGED


def _beside(path: Path) -> Path:
    """A new file name next to the cache for its recovered copy."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.recovered-{stamp}")
