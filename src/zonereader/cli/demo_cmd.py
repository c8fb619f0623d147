"""``zonereader demo``: the built-in sample portal.

``zonereader demo --serve`` serves the portal on loopback until interrupted and prints, on one
line of stdout, the URL to give ``zonereader source add``; the template sites
(:mod:`zonereader.demo.sites`: CMS look-alikes of real portals) are served beside it under
``/sites/``, their start URLs listed on stderr. Without ``--serve`` it starts the portal, syncs
it into a private cache and opens the reader (``cli.demo_app.run_demo``).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from zonereader.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Context,
    Subparsers,
    add_common_options,
)
from zonereader.paths import ensure_parent

DEFAULT_ARTICLES = 300


def register(subparsers: Subparsers) -> None:
    """Add the ``demo`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "demo",
        help="try zonereader on the built-in sample portal (or serve it with --serve)",
        description=(
            "Without --serve: start the built-in sample portal on loopback, sync it into a "
            "private demo cache and open the reader. With --serve: serve the sample portal "
            "until interrupted, printing on one line the URL to give 'zonereader source add', "
            "and beside it, under /sites/, the template sites (look-alikes of common Chinese "
            "government and news CMSs: TRS, a city news portal, an old table layout, an "
            "e-paper, Hanweb), whose start URLs are listed on stderr."
        ),
    )
    add_common_options(parser)
    parser.add_argument(
        "--serve",
        action="store_true",
        help="serve the sample portal and the template sites until interrupted",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        metavar="P",
        help="port to listen on; with --serve 0 (the default) picks a free one; without "
        "--serve the demo uses 8734, and any other port gets a demo cache of its own",
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=DEFAULT_ARTICLES,
        metavar="N",
        help=f"how many articles the portal holds (default: {DEFAULT_ARTICLES})",
    )
    parser.add_argument(
        "--seed", type=int, default=1, metavar="S", help="generator seed (default: 1)"
    )
    parser.add_argument(
        "--manifest",
        metavar="PATH",
        help="write the sample portal's ground truth (every article, as JSON) to PATH",
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="with --serve: render every page before printing the URL (for benchmarks)",
    )
    parser.add_argument(
        "--no-open",
        action="store_true",
        help="sync the demo cache and print a summary instead of opening the reader",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Serve the portal (``--serve``) or hand over to the full demo."""
    if args.articles < 0:
        raise CommandError("--articles must be 0 or more", EXIT_USAGE)
    if args.port is not None and not 0 <= args.port <= 65535:
        raise CommandError("--port must be between 0 and 65535", EXIT_USAGE)
    if not args.serve:
        from zonereader.cli.demo_app import run_demo

        return run_demo(args, ctx)
    return serve(args)


def serve(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM; print the start URL on one line of stdout."""
    from zonereader.demo import PortalServer, SamplePortal
    from zonereader.demo.sites import TemplateSites

    port = args.port or 0
    portal = SamplePortal(articles=args.articles, seed=args.seed)
    sites = TemplateSites(seed=args.seed)
    try:
        server = PortalServer(portal, port=port, sites=sites).start()
    except OSError as exc:
        raise CommandError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    stop = threading.Event()

    def on_term(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        if args.manifest:
            path = ensure_parent(Path(args.manifest).expanduser())
            path.write_text(
                json.dumps(server.manifest(), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        if args.warm:
            portal.warm()
        print(server.url, flush=True)
        print(
            f"zonereader demo: serving {portal.articles} articles (seed {args.seed}); "
            f"second template at {server.other_url}; Ctrl-C to stop",
            file=sys.stderr,
            flush=True,
        )
        for name, urls in server.site_urls().items():
            print(f"zonereader demo: template site {name}: {' '.join(urls)}", file=sys.stderr)
        sys.stderr.flush()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    return EXIT_OK
