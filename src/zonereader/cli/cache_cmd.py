"""``zonereader prune`` and ``zonereader stats``: the cache's size and what it keeps.

``prune`` removes articles older than a number of days (bookmarked ones always stay, and so do
every read flag and bookmark), leaving tombstones so that a sync does not fetch them again,
then gives the space back. It takes the sync lock, so it never runs beside a sync (exit 75 if
one runs). ``--vacuum`` also rebuilds the whole file; that one refuses to run while the reader
app has the cache open (exit 1), since the app's writes would wait for it. Like ``sync``, it is
silent on success when stdout is not a terminal, unless ``--json`` or ``--dry-run``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from zonereader.cli.common import (
    EXIT_LOCKED,
    EXIT_OK,
    CommandError,
    Context,
    Subparsers,
    add_common_options,
    display_width,
    pad,
)
from zonereader.cli.library_cmd import EXIT_FAILED, open_cache
from zonereader.cli.selection import zone_query
from zonereader.models import CST, CacheStats, PruneCount
from zonereader.text.sanitize import clean_line

#: Seconds in a day, for ``--older-than DAYS``.
_DAY_S = 86_400
#: Latest sync runs ``stats`` shows.
_RUNS_SHOWN = 5


def register(subparsers: Subparsers) -> None:
    """Add ``prune`` and ``stats`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "prune",
        help="remove old articles (bookmarked ones stay) and give the space back",
        description="Remove articles older than DAYS days, with their text and search entries; "
        "bookmarked articles stay, and so do all read flags and bookmarks. A pruned article is "
        "not fetched again by later syncs. Without --older-than, [retention] keep_days from the "
        "config is used. Exit codes: 0 done, 1 the cache cannot be used or the app is open "
        "(--vacuum), 2 usage error, 75 a sync is running.",
    )
    add_common_options(parser)
    parser.add_argument(
        "--older-than",
        metavar="DAYS",
        type=_days,
        help="remove articles dated more than DAYS days ago (undated ones: first seen)",
    )
    parser.add_argument(
        "--zone",
        metavar="PATH",
        help="only this zone and the zones below it (a path, or a unique ending of one)",
    )
    parser.add_argument("--dry-run", action="store_true", help="only say what would go")
    parser.add_argument(
        "--vacuum",
        action="store_true",
        help="also rebuild the whole file (VACUUM): gives back every free page, and makes an "
        "older cache give space back by itself from then on; needs the app closed",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.set_defaults(handler=run_prune)

    parser = subparsers.add_parser(
        "stats",
        help="show what the cache holds: counts, dates, sizes, last syncs",
        description="Show the cache's articles per source and zone, its size and the search "
        "index's, the oldest and newest article, and the last sync runs.",
    )
    add_common_options(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(handler=run_stats)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 day, got {value}")
    return value


# --------------------------------------------------------------------------- prune


def run_prune(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader prune``: remove old articles, give the space back."""
    days = args.older_than
    if days is None:
        days = ctx.load_config().retention.keep_days
        if days <= 0:
            raise CommandError(
                "prune: give --older-than DAYS (or set [retention] keep_days in the config)"
            )
    cutoff = time.time() - days * _DAY_S
    from zonereader.sync.lock import AppOpen, LockHeld, SyncLock, no_app_open

    with open_cache(ctx) as store:
        zone = zone_query(store, args.zone, "prune")[0] if args.zone else ""
        if args.dry_run:
            count = store.prune_count(cutoff, zone)
            _print_prune(args, count, cutoff, zone, freed=None, dry_run=True)
            return EXIT_OK
        try:
            with SyncLock(ctx.db_path):
                before = _file_bytes(ctx.db_path)
                if args.vacuum:
                    with no_app_open(ctx.db_path):
                        count = store.prune(cutoff, zone, _progress_line())
                        store.vacuum()
                else:
                    count = store.prune(cutoff, zone, _progress_line())
                    store.give_back_space()
                freed = max(0, before - _file_bytes(ctx.db_path))
        except LockHeld as exc:
            raise CommandError(f"prune: {exc}", EXIT_LOCKED) from exc
        except AppOpen as exc:
            raise CommandError(f"prune --vacuum: {exc} (nothing was removed)", EXIT_FAILED) from exc
    _clear_progress()
    _print_prune(args, count, cutoff, zone, freed=freed, dry_run=False)
    return EXIT_OK


def _print_prune(
    args: argparse.Namespace,
    count: PruneCount,
    cutoff: float,
    zone: str,
    *,
    freed: int | None,
    dry_run: bool,
) -> None:
    date = datetime.fromtimestamp(cutoff, CST).strftime("%Y-%m-%d")
    if args.json:
        summary: dict[str, Any] = {
            "dry_run": dry_run,
            "cutoff": datetime.fromtimestamp(cutoff, CST).isoformat(),
            "zone": zone or None,
            "articles": count.articles,
            "kept_bookmarked": count.kept_bookmarked,
        }
        if freed is not None:
            summary["bytes_freed"] = freed
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    if not dry_run and not sys.stdout.isatty():
        return
    where = f" in {clean_line(zone)}" if zone else ""
    verb = "would remove" if dry_run else "removed"
    line = f"{verb} {count.articles:,} article{_s(count.articles)} dated before {date}{where}"
    if count.kept_bookmarked:
        line += f"; {count.kept_bookmarked:,} bookmarked stay"
    if freed is not None:
        line += f"; {_size(freed)} given back"
    print(line)


def _file_bytes(path: Path) -> int:
    """The size of the cache file and its write-ahead log."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):  # no -wal file: nothing to add
            total += path.with_name(path.name + suffix).stat().st_size
    return total


def _progress_line() -> Any:
    """A progress callback that redraws one line on stderr when it is a terminal (else None)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rpruning… {done:,} of {total:,}")
        sys.stderr.flush()

    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


# --------------------------------------------------------------------------- stats


def run_stats(args: argparse.Namespace, ctx: Context) -> int:
    """``zonereader stats``: what the cache holds."""
    with open_cache(ctx) as store:
        stats = store.stats(runs=_RUNS_SHOWN)
    if args.json:
        print(json.dumps(stats_json(stats, str(ctx.db_path)), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_stats(stats, str(ctx.db_path)))
    return EXIT_OK


def stats_json(stats: CacheStats, path: str) -> dict[str, Any]:
    """The JSON form of ``zonereader stats`` (sizes in bytes, dates ISO 8601)."""
    return {
        "path": path,
        "articles": stats.articles,
        "unread": stats.unread,
        "bookmarks": stats.bookmarks,
        "tombstones": stats.tombstones,
        "oldest": stats.oldest.isoformat() if stats.oldest else None,
        "newest": stats.newest.isoformat() if stats.newest else None,
        "file_bytes": stats.file_bytes,
        "free_bytes": stats.free_bytes,
        "search_index_bytes": stats.search_bytes,
        "auto_vacuum": stats.auto_vacuum,
        "sources": [
            {"name": clean_line(s.name), "articles": s.total, "unread": s.unread}
            for s in stats.sources
        ],
        "zones": [
            {"zone": clean_line(z.path), "articles": z.total, "unread": z.unread}
            for z in stats.zones
        ],
        "runs": [
            {
                "started": run.started.isoformat(),
                "finished": run.finished.isoformat(),
                "sources": [clean_line(name) for name in run.sources],
                "counts": run.counts.as_dict(),
            }
            for run in stats.runs
        ],
    }


def format_stats(stats: CacheStats, path: str) -> str:
    """The text form of ``zonereader stats``."""
    search = f"search index {_size(stats.search_bytes)}, " if stats.search_bytes else ""
    lines = [
        f"cache     {clean_line(path)}",
        f"size      {_size(stats.file_bytes)} ({search}{_size(stats.free_bytes)} free; "
        f"auto-vacuum {stats.auto_vacuum})",
        f"articles  {stats.articles:,} ({stats.unread:,} unread, {stats.bookmarks:,} bookmarked)"
        + (f"; {stats.tombstones:,} pruned" if stats.tombstones else ""),
    ]
    if stats.oldest and stats.newest:
        lines.append(f"dates     {stats.oldest:%Y-%m-%d} to {stats.newest:%Y-%m-%d}")
    rows = [(clean_line(s.name), s.total, s.unread) for s in stats.sources]
    zones = [(clean_line(z.path) or "(no zone)", z.total, z.unread) for z in stats.zones]
    for title, table in (("sources", rows), ("zones", zones)):
        if not table:
            continue
        lines.append(f"{title}:")
        width = min(60, max(display_width(name) for name, _total, _unread in table))
        for name, total, unread in table:
            lines.append(f"  {pad(name, width)}  {total:>8,}  {unread:>8,} unread")
    if stats.runs:
        lines.append("last syncs:")
    for run in stats.runs:
        took = (run.finished - run.started).total_seconds()
        c = run.counts
        lines.append(
            f"  {run.finished.astimezone():%Y-%m-%d %H:%M}  {took:6.1f} s  {c.new:,} new, "
            f"{c.updated:,} updated, {c.failed:,} failed"
            + (f", {len(c.errors)} error{_s(len(c.errors))}" if c.errors else "")
        )
    return "\n".join(lines) + "\n"


def _size(count: int | None) -> str:
    value = float(count or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def _s(count: int) -> str:
    return "" if count == 1 else "s"
