"""The log file beside the cache, where warnings and internal errors go (never the terminal).

Imported only by the commands that can log (``sync`` and the app): building the command line
does not load :mod:`logging`.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from zonereader import paths

#: The log file beside the cache is kept to about this size (one older file is kept too).
LOG_BYTES = 1024 * 1024


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log beside the cache; a log that cannot be written is silently not written (it
    must never print on the terminal, or fail a command)."""

    def handleError(self, record: logging.LogRecord) -> None:
        """Drop the record: the data directory may be read-only, full or missing."""


def configure_logging(db_path: Path) -> None:
    """Send zonereader's log records (warnings, internal errors with their tracebacks) to the
    log file beside the cache (``zonereader.db.log``), never to the terminal: errors meant
    for the user are one line on stderr, and the app's screen must not be written over.
    """
    logger = logging.getLogger("zonereader")
    target = str(paths.log_path(db_path).absolute())
    for handler in list(logger.handlers):
        if isinstance(handler, _LogFile):
            if handler.baseFilename == target:
                return
            logger.removeHandler(handler)
            handler.close()
    handler = _LogFile(target, maxBytes=LOG_BYTES, backupCount=1, encoding="utf-8", delay=True)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    # Records still propagate: the command line configures no root handler (so nothing reaches
    # the terminal, and Python's last-resort printer is not used once a handler exists), and a
    # program that embeds zonereader keeps its own logging.
