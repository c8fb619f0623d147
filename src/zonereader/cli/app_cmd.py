"""Bare ``zonereader``: open the reader on the cache (Textual is imported only here)."""

from __future__ import annotations

import argparse
import sys

from zonereader.cli.common import EXIT_OK, EXIT_USAGE, CommandError, Context
from zonereader.paths import ensure_parent


def run_app(args: argparse.Namespace, ctx: Context) -> int:
    """Load the config, open the cache at ``ctx.db_path`` and run the app until it quits.

    Args:
        args: The parsed command line (nothing app-specific yet).
        ctx: Where the config and the cache are.

    Returns:
        The exit code (0 after a normal quit).

    Raises:
        CommandError: the config is malformed or the cache cannot be opened (exit code 2).
    """
    config = ctx.load_config()
    graphics = None
    if config.ui.images and sys.stdout.isatty():
        from zonereader.ui.images import TerminalGraphics

        graphics = TerminalGraphics()  # asks the terminal while the app's modules load
    from zonereader.store import Store, StoreError
    from zonereader.sync.lock import AppPresence
    from zonereader.ui.app import make_app

    presence = AppPresence(ensure_parent(ctx.db_path))  # 'prune --vacuum' waits for the app
    if not presence.acquire(wait=False):
        print("zonereader: waiting for a vacuum of the cache to finish…", file=sys.stderr)
        presence.acquire()
    try:
        store = Store.open(ctx.db_path)
    except StoreError as exc:
        presence.release()
        raise CommandError(f"{ctx.db_path}: {exc}", EXIT_USAGE) from exc
    try:
        app = make_app(config, store, ctx.db_path)
        if graphics is not None:
            graphics.ready()
        app.run()
    finally:
        store.close()
        presence.release()
    return EXIT_OK if app.return_code in (None, 0) else int(app.return_code)
