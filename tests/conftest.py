"""Shared test setup: every test runs with its own config, cache and home directories.

Fixtures used across tiers live in ``tests/support/`` and are imported here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.cache import *  # noqa: F403
from support.hostile import *  # noqa: F403
from support.portal import *  # noqa: F403


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every location zonereader uses at a private temporary directory.

    No test touches the real home directory: XDG dirs, HOME, config and cache overrides all
    land under ``tmp_path/home``.
    """
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("ZONEREADER_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("ZONEREADER_DB", str(home / "zonereader.db"))
    monkeypatch.setenv("ZONEREADER_DEMO_DIR", str(home / "demo"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield home
