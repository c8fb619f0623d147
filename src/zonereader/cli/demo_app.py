"""``zonereader demo``: serve the sample portal, sync it into a private cache, open the app.

The demo never touches the user's own cache or config: it keeps both in ``paths.demo_dir()``.
Its articles are known by their URLs, so the demo always serves the portal at the same
address (loopback, :data:`DEMO_PORT`): every run syncs the same articles into the same cache,
and bookmarks made in the demo survive. A second ``zonereader demo`` while one is serving
finds its portal there and reads from it instead of starting another; a port held by another
program is a one-line error. ``--port`` picks another address, with a demo cache of its own
for it, so articles of two addresses never mix in one cache.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from zonereader import paths
from zonereader.cli.common import EXIT_OK, EXIT_USAGE, CommandError, Context
from zonereader.config import SourceConfig, add_sources, load_config, remove_source
from zonereader.demo import PortalServer, SamplePortal
from zonereader.demo.portal import INDEX_PATH, OTHER_PATH
from zonereader.demo.server import IDENTITY_PATH
from zonereader.models import SourceKind

#: The loopback port the demo serves on, so that its URLs (the articles' identities) are the
#: same on every run (``$ZONEREADER_DEMO_PORT`` moves it: the tests use a free port).
DEMO_PORT = int(os.environ.get("ZONEREADER_DEMO_PORT", "") or 8734)
DEMO_SOURCE = "sample-portal"
#: How long asking a busy port who serves there may take, in seconds.
_PROBE_SECONDS = 2.0


def demo_paths(port: int = DEMO_PORT) -> tuple[Path, Path]:
    """Return the demo's private (config path, cache path) for a portal served on ``port``."""
    base = paths.demo_dir()
    suffix = "" if port == DEMO_PORT else f"-{port}"
    return base / f"config{suffix}.toml", base / f"demo{suffix}.db"


@dataclass(slots=True)
class DemoPortal:
    """The sample portal the demo reads: one it serves itself, or one already serving."""

    base_url: str
    server: PortalServer | None = None
    """None when another ``zonereader demo`` serves it."""

    @property
    def url(self) -> str:
        """The section index (the main start URL)."""
        return self.base_url + INDEX_PATH

    @property
    def other_url(self) -> str:
        """The second template's channel (the other start URL)."""
        return self.base_url + OTHER_PATH

    def stop(self) -> None:
        """Stop serving, if this process serves it."""
        if self.server is not None:
            self.server.stop()


def start_portal(portal: SamplePortal, port: int) -> DemoPortal:
    """Serve ``portal`` on ``port``, or use the same sample portal already served there.

    Raises:
        CommandError: the port is held by another program, or by a sample portal with another
            seed or size, or cannot be bound at all (one line each).
    """
    try:
        return DemoPortal(f"http://127.0.0.1:{port}", PortalServer(portal, port=port).start())
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise CommandError(f"cannot serve the sample portal on port {port}: {exc}") from exc
    found = _who_serves(port)
    if found is None:
        raise CommandError(
            f"port {port} is in use by another program: stop it, or run the demo on another "
            "port with --port P (that port gets a demo cache of its own)"
        )
    if (found.get("seed"), found.get("articles")) != (portal.seed, portal.articles):
        raise CommandError(
            f"port {port} serves the sample portal with --seed {found.get('seed')} and "
            f"--articles {found.get('articles')}: stop that demo, or run this one with those"
        )
    print(
        f"zonereader demo: using the sample portal already served on port {port}", file=sys.stderr
    )
    return DemoPortal(f"http://127.0.0.1:{port}")


def _who_serves(port: int) -> dict[str, object] | None:
    """What a sample portal on ``port`` says about itself, or None when it is not one."""
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}{IDENTITY_PATH}", timeout=_PROBE_SECONDS
        ) as answer:
            found = json.loads(answer.read(4096))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    if not isinstance(found, dict) or found.get("site") != "zonereader sample portal":
        return None
    return found


def write_demo_config(config_path: Path, portal: DemoPortal) -> None:
    """Make the demo config name the portal's two start URLs, and nothing else of the demo.

    Sources that earlier demo runs left (a portal on another port, a second copy of a source)
    are removed first, so the demo never syncs one site twice.
    """
    wanted = {DEMO_SOURCE: portal.url, DEMO_SOURCE + "-other": portal.other_url}
    config = load_config(config_path)
    current = {source.name: source.url for source in config.sources}
    if current == wanted:
        return
    for name in current:
        if name.startswith(DEMO_SOURCE):
            remove_source(config_path, name)
    add_sources(
        paths.ensure_parent(config_path),
        [SourceConfig(name=name, url=url, kind=SourceKind.PORTAL) for name, url in wanted.items()],
    )


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    """Serve the sample portal (or use the one serving), sync it into the demo cache, and open
    the app on it."""
    from zonereader.sync.engine import run_sync
    from zonereader.sync.lock import LockHeld

    port = DEMO_PORT if args.port is None else args.port
    if port == 0:
        raise CommandError(
            "--port 0 works only with --serve: the demo keeps its articles under a fixed "
            "address (leave --port out, or name a port)",
            EXIT_USAGE,
        )
    config_path, db_path = demo_paths(port)
    portal = start_portal(SamplePortal(articles=args.articles, seed=args.seed), port)
    try:
        write_demo_config(config_path, portal)
        config = load_config(config_path)
        print(f"zonereader demo: sample portal at {portal.url}", file=sys.stderr)
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
        portal.stop()
