"""The cache: one SQLite file holding articles, HTTP validators, sync runs and user state.

Only this package imports :mod:`sqlite3`; everyone else talks to :class:`Store`. ``Store`` and
``StoreError`` are loaded on first use, so that importing :mod:`zonereader.store.rows` (as the
sync's parse helpers do) does not load SQLite and the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zonereader.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from zonereader.store import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
