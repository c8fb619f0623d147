"""Every location zonereader uses, in one place.

Getters compute paths and never touch the disk; :func:`ensure_parent` is the only function
that creates directories. Environment overrides: ``ZONEREADER_CONFIG`` for the config file,
``ZONEREADER_DB`` for the cache database. Command-line flags win over both.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "zonereader"
CONFIG_ENV = "ZONEREADER_CONFIG"
DB_ENV = "ZONEREADER_DB"


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the config file path: the override, ``$ZONEREADER_CONFIG``, or the user config dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the cache database path: the override, ``$ZONEREADER_DB``, or the user data dir.

    The cache lives in the *data* dir, not the cache dir: it holds bookmarks and read state,
    which are not disposable.
    """
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "zonereader.db"


def lock_path(database: Path) -> Path:
    """Return the sync lock file that sits beside ``database``."""
    return database.with_name(database.name + ".lock")


def seen_path(database: Path) -> Path:
    """Return the small file beside ``database`` that notes how zonereader last left it."""
    return database.with_name(database.name + ".seen")


def log_path(database: Path) -> Path:
    """Return the log file that sits beside ``database`` (warnings, internal errors)."""
    return database.with_name(database.name + ".log")


def demo_dir() -> Path:
    """Return the private directory of ``zonereader demo`` (its own cache and config)."""
    env = os.environ.get("ZONEREADER_DEMO_DIR")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "demo"


def ensure_parent(path: Path) -> Path:
    """Create the directory that will hold ``path`` if it is missing; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
