"""Fixtures for the app's tests (helpers live in ``ui_helpers``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import UICache


@pytest.fixture
def ui_cache(synced_cache: tuple[Path, Path, dict[str, Any]]) -> Iterator[UICache]:
    """The synced sample-portal cache, ready to open in the app."""
    db_path, config_path, manifest = synced_cache
    cache = UICache(db_path, config_path, manifest)
    yield cache
    cache.close()
