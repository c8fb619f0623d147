"""What every subcommand shares: exit codes, the invocation context, error reporting."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from zonereader import paths
from zonereader.config import Config, ConfigError, load_config
from zonereader.store.errors import (
    CacheBusy,
    CacheDamaged,
    CacheForeign,
    CacheFull,
    CacheMissing,
    CacheReadOnly,
    CacheTooNew,
    StoreError,
)
from zonereader.text.sanitize import clean_line

#: Every source synced (or the command did what it was asked).
EXIT_OK = 0
#: Some sources failed; the others were synced.
EXIT_PARTIAL = 1
#: Usage or configuration error.
EXIT_USAGE = 2
#: The cache is damaged (BSD's EX_DATAERR): nothing was written; ``zonereader doctor`` helps.
EXIT_DAMAGED = 65
#: Another program holds a write lock on the cache (BSD's EX_UNAVAILABLE: try again later).
EXIT_BUSY = 69
#: The cache or its directory cannot be written (BSD's EX_CANTCREAT).
EXIT_READ_ONLY = 73
#: A write failed: the disk is full, a size limit was hit, or an I/O error (BSD's EX_IOERR).
EXIT_DISK = 74
#: Another sync holds the lock on this cache (BSD's EX_TEMPFAIL: try again later).
EXIT_LOCKED = 75


class CommandError(Exception):
    """A failure to report as one line on stderr, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def cache_error(exc: StoreError) -> CommandError:
    """The one line and exit code for a cache that cannot be used as asked.

    A damaged cache exits 65, a busy one 69, a read-only one 73, a full disk 74; a file that is
    not a zonereader cache (or is missing, or is too new) is a usage error, 2; anything else 1.
    """
    codes: tuple[tuple[type[StoreError], int], ...] = (
        (CacheDamaged, EXIT_DAMAGED),
        (CacheBusy, EXIT_BUSY),
        (CacheReadOnly, EXIT_READ_ONLY),
        (CacheFull, EXIT_DISK),
        (CacheForeign, EXIT_USAGE),
        (CacheMissing, EXIT_USAGE),
        (CacheTooNew, EXIT_USAGE),
    )
    code = next((code for kind, code in codes if isinstance(exc, kind)), EXIT_PARTIAL)
    return CommandError(clean_line(str(exc)), code)


@dataclass(slots=True)
class Context:
    """Where this invocation's config and cache are, resolved from flags and environment."""

    config_path: Path
    db_path: Path

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Resolve ``--config`` / ``--db`` against the environment and platform defaults."""
        return cls(
            config_path=paths.config_path(getattr(args, "config", None)),
            db_path=paths.db_path(getattr(args, "db", None)),
        )

    def load_config(self) -> Config:
        """Load the config, printing its warnings to stderr.

        Raises:
            CommandError: the config is malformed (exit code 2).
        """
        try:
            config = load_config(self.config_path)
        except ConfigError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from exc
        for warning in config.warnings:
            warn(warning)
        return config


def warn(message: str) -> None:
    """Print a one-line warning to stderr."""
    print(f"zonereader: warning: {message}", file=sys.stderr)


def error(message: str) -> None:
    """Print a one-line error to stderr."""
    print(f"zonereader: error: {message}", file=sys.stderr)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--config`` and ``--db`` to ``parser`` (the top parser and every subcommand)."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="config file (default: $ZONEREADER_CONFIG or the user config dir)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="cache database (default: $ZONEREADER_DB or the user data dir)",
    )


#: What ``add_subparsers`` returns: each command module's ``register`` adds its parser to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_actions(parser: argparse.ArgumentParser, command: str, actions: str) -> Subparsers:
    """Give ``parser`` sub-actions (``source add``…); the bare command says which exist.

    Args:
        parser: the command's parser, e.g. the one of ``source``.
        command: the command's name, for the message.
        actions: how to name the choices in the message, e.g. ``"add, list or remove"``.

    Returns:
        The subparsers object to add each action's parser to.
    """

    def missing_action(args: argparse.Namespace, ctx: Context) -> int:
        parser.print_usage(sys.stderr)
        raise CommandError(f"{command}: choose an action: {actions}", EXIT_USAGE)

    parser.set_defaults(handler=missing_action)
    return parser.add_subparsers(
        title="actions", dest=f"{command}_action", metavar="ACTION", parser_class=type(parser)
    )
