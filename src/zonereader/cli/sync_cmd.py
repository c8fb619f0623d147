"""``zonereader sync``: mirror the configured sources into the cache, cron-friendly.

Silent on success when stdout is not a terminal; a progress bar and a one-line summary when it
is; errors one line each on stderr; ``--json`` prints a summary object. Exit codes: 0 every
source synced, 1 some failed (or a time limit stopped the run), 2 usage or config error (no
sources included), 65 the cache is damaged, 69 another program holds the cache's write lock,
73 the cache or its directory is read-only, 74 the disk is full (or a write failed), 75 another
sync holds the lock. This module never imports Textual: cron stays light.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from zonereader.cli.common import (
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    CommandError,
    Context,
    Subparsers,
    add_common_options,
    cache_error,
    error,
)

if TYPE_CHECKING:
    from zonereader.sync.progress import ProgressEvent
    from zonereader.sync.report import SyncReport


def register(subparsers: Subparsers) -> None:
    """Add ``zonereader sync`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "sync",
        help="fetch what is new from every source into the cache",
        description=(
            "Fetch what is new from the configured sources into the cache. Incremental: "
            "stops paging a channel at the first list page with nothing new. Silent on "
            "success when stdout is not a terminal (cron). Exit codes: 0 all synced, "
            "1 some sources failed or a time limit stopped the run, 2 usage/config error, "
            "65 the cache is damaged (see 'zonereader doctor'), 69 another program holds "
            "the cache's write lock, 73 the cache or its directory is read-only, 74 the disk "
            "is full, 75 another sync is running."
        ),
    )
    add_common_options(parser)
    parser.add_argument(
        "--full",
        action="store_true",
        help="re-walk every list page and re-check every article (conditional GET)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary of the run on stdout"
    )
    parser.add_argument(
        "--source",
        metavar="NAME",
        action="extend",
        nargs="+",
        default=None,
        help="sync only these sources (repeatable)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``zonereader sync``; return the exit code."""
    # Imported here so that building the parser (every command) does not load httpx.
    from zonereader.cli.logfile import configure_logging
    from zonereader.store import StoreError
    from zonereader.sync.engine import LockHeld, SyncError, run_sync

    configure_logging(ctx.db_path)

    config = ctx.load_config()
    interactive = sys.stdout.isatty() and sys.stderr.isatty()
    bar = _ProgressBar() if interactive and not args.json else None
    try:
        if bar is not None:
            with bar:
                report = run_sync(
                    config, ctx.db_path, full=args.full, only=args.source, progress=bar.update
                )
        else:
            report = run_sync(config, ctx.db_path, full=args.full, only=args.source)
    except LockHeld as exc:
        raise CommandError(str(exc), EXIT_LOCKED) from exc
    except SyncError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    except StoreError as exc:
        raise cache_error(exc) from exc
    for line in report.counts.errors:
        error(line)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif sys.stdout.isatty():
        print(summary(report))
    return EXIT_OK if report.ok else EXIT_PARTIAL


def summary(report: SyncReport) -> str:
    """One line telling what a run did, for a person at a terminal."""
    c = report.counts
    sources = len(report.sources)
    failing = sum(1 for status in report.sources.values() if not status.ok)
    text = (
        f"synced {sources} source{'s' if sources != 1 else ''}: {c.new} new, {c.updated} updated, "
        f"{c.unchanged} unchanged, {c.failed} failed ({c.requests} requests)"
    )
    if failing:
        text += f"; {failing} source{'s' if failing != 1 else ''} with errors"
    notes = [f"{name}: {note}" for name, s in report.sources.items() for note in s.notes]
    return "\n".join([text, *notes])


class _ProgressBar:
    """A rich progress bar on stderr fed by the engine's progress events."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: Any = None
        self.total = 0
        self.done = 0
        self.pages = 0
        self.current = ""

    def __enter__(self) -> _ProgressBar:
        self.progress.__enter__()
        self.task = self.progress.add_task("sync", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def update(self, event: ProgressEvent) -> None:
        """Take one progress event (called from the sync's thread)."""
        from zonereader.sync.progress import (
            ArticleFailed,
            ArticleStored,
            PageFetched,
            SourceFinished,
            SourceStarted,
        )

        if isinstance(event, SourceStarted):
            self.current = event.source
        elif isinstance(event, PageFetched):
            self.pages += 1
            self.total += event.queued
        elif isinstance(event, ArticleStored | ArticleFailed):
            self.done += 1
        elif isinstance(event, SourceFinished):
            self.current = event.source
        description = f"{_safe(self.current)} · {self.pages} pages"
        self.progress.update(
            self.task, description=description, total=self.total or None, completed=self.done
        )


def _safe(name: str) -> str:
    """A source name fit for the progress line: printable, no Rich markup."""
    from rich.markup import escape

    return escape("".join(ch for ch in name if ch.isprintable())[:40])
