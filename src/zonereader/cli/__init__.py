"""The ``zonereader`` command: bare, it opens the reader; subcommands sit beside it.

Each subcommand lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``handler``, a function ``(args, ctx) -> exit code``. The Textual app is
imported only when it is about to run, so headless commands (``sync`` from cron) stay light.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from zonereader import __version__
from zonereader.cli.common import (
    EXIT_USAGE,
    CommandError,
    Context,
    add_common_options,
    error,
)
from zonereader.config import ConfigError

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "zonereader.cli.sync_cmd",
    "zonereader.cli.source_cmd",
    "zonereader.cli.library_cmd",
    "zonereader.cli.inspect_cmd",
    "zonereader.cli.opml_cmd",
    "zonereader.cli.doctor_cmd",
    "zonereader.cli.demo_cmd",
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        print(
            f"{self.prog}: error: {message} (see '{self.prog} --help')",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser, every subcommand included."""
    parser = _Parser(
        prog="zonereader",
        description=(
            "Mirror development-zone news portals and feeds into a local cache and read "
            "them in the terminal. With no command, opens the reader."
        ),
        epilog="Run 'zonereader COMMAND --help' for a command's options. Docs: docs/ in the repo.",
    )
    parser.add_argument("--version", action="version", version=f"zonereader {__version__}")
    add_common_options(parser)
    subparsers = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", parser_class=_Parser
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def entry() -> NoReturn:
    """The ``zonereader`` console script (and ``python -m zonereader``): :func:`main`, then exit.

    The process is ending, so the objects the imports created are frozen out of the garbage
    collector first: Python's last full collection at exit would visit every one of them for
    nothing (~25 ms, a tenth of a no-change feed sync). Exit handlers and stream flushing still
    run. Tests call :func:`main`, which leaves the collector alone.
    """
    code = main()
    gc.freeze()
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context.from_args(args)
    try:
        handler = getattr(args, "handler", None)
        if handler is None:
            from zonereader.cli.app_cmd import run_app

            return run_app(args, ctx)
        return int(handler(args, ctx))
    except CommandError as exc:
        error(str(exc))
        return exc.code
    except ConfigError as exc:  # a config read or written by any command (demo, opml…)
        error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our stdout went away (``zonereader list | head``): stop quietly, as
        # other Unix tools do, and keep Python from complaining again while it flushes stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141
