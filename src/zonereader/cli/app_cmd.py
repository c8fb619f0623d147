"""Bare ``zonereader``: open the reader on the cache (Textual is imported only here)."""

from __future__ import annotations

import argparse

from zonereader.cli.common import EXIT_OK, Context, cache_error


def run_app(args: argparse.Namespace, ctx: Context) -> int:
    """Load the config, open the cache at ``ctx.db_path`` and run the app until it quits.

    A cache that cannot be written opens read-only: the app says so and keeps what it cannot
    save to itself.

    Args:
        args: The parsed command line (nothing app-specific yet).
        ctx: Where the config and the cache are.

    Returns:
        The exit code (0 after a normal quit).

    Raises:
        CommandError: the config is malformed (exit code 2) or the cache cannot be opened
            (the exit code of :func:`~zonereader.cli.common.cache_error`).
    """
    config = ctx.load_config()
    from zonereader.cli.logfile import configure_logging
    from zonereader.store import Store, StoreError
    from zonereader.ui.app import make_app

    configure_logging(ctx.db_path)
    try:
        store = Store.open(ctx.db_path, allow_read_only=True)
    except StoreError as exc:
        raise cache_error(exc) from exc
    try:
        app = make_app(config, store, ctx.db_path)
        app.run()
    finally:
        store.close()
    return EXIT_OK if app.return_code in (None, 0) else int(app.return_code)
