"""``zonereader demo``: serve the sample portal, sync it into a private cache, open the app.

The demo never touches the user's own cache or config: it keeps both in ``paths.demo_dir()``.
The portal is served on a fixed loopback port when it is free, so article URLs (the cache's
identities) stay the same from one demo run to the next and bookmarks made in the demo survive.
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from zonereader import paths
from zonereader.cli.common import EXIT_OK, CommandError, Context, warn
from zonereader.config import SourceConfig, add_sources, load_config, remove_source
from zonereader.demo import PortalServer, SamplePortal
from zonereader.models import SourceKind

#: The loopback port the demo prefers, so that its URLs are stable across runs.
DEMO_PORT = 8734
DEMO_SOURCE = "sample-portal"


def demo_paths() -> tuple[Path, Path]:
    """Return the demo's private (config path, cache path)."""
    base = paths.demo_dir()
    return base / "config.toml", base / "demo.db"


def _start_server(portal: SamplePortal, port: int | None) -> PortalServer:
    """Start the portal on ``port`` (or the preferred demo port, or any free port)."""
    wanted = DEMO_PORT if port is None else port
    try:
        server = PortalServer(portal, port=wanted)
        server.start()
        return server
    except OSError as exc:
        if port is not None or exc.errno != errno.EADDRINUSE:
            raise CommandError(f"cannot serve the sample portal on port {wanted}: {exc}") from exc
    warn(f"port {DEMO_PORT} is busy; serving the sample portal on a free port instead")
    server = PortalServer(portal, port=0)
    server.start()
    return server


def _write_demo_config(config_path: Path, server: PortalServer) -> None:
    """Make the demo config point at the running server (replacing an older port)."""
    config = load_config(config_path)
    existing = config.source(DEMO_SOURCE)
    if existing is not None and existing.url == server.url:
        return
    if existing is not None:
        remove_source(config_path, DEMO_SOURCE)
    add_sources(
        paths.ensure_parent(config_path),
        [
            SourceConfig(name=DEMO_SOURCE, url=server.url, kind=SourceKind.PORTAL),
            SourceConfig(name=DEMO_SOURCE + "-other", url=server.other_url, kind=SourceKind.PORTAL),
        ],
    )


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    """Serve the sample portal, sync it into the demo cache, and open the app on it."""
    from zonereader.sync.engine import run_sync
    from zonereader.sync.lock import LockHeld

    config_path, db_path = demo_paths()
    portal = SamplePortal(articles=args.articles, seed=args.seed)
    server = _start_server(portal, args.port)
    try:
        _write_demo_config(config_path, server)
        config = load_config(config_path)
        print(f"zonereader demo: sample portal at {server.url}", file=sys.stderr)
        print(f"zonereader demo: syncing into {db_path} …", file=sys.stderr)
        try:
            report = run_sync(config, paths.ensure_parent(db_path))
        except LockHeld as exc:
            raise CommandError(f"demo cache is busy: {exc}", 75) from exc
        counts = report.counts
        print(
            f"zonereader demo: {counts.new} new, {counts.updated} updated, "
            f"{counts.failed} failed, {counts.requests} requests",
            file=sys.stderr,
        )
        if args.no_open:
            return EXIT_OK
        from zonereader.cli.app_cmd import run_app

        demo_ctx = Context(config_path=config_path, db_path=db_path)
        return run_app(args, demo_ctx)
    finally:
        server.stop()
