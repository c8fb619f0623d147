"""Allow ``python -m zonereader``."""

from zonereader.cli import entry

entry()
