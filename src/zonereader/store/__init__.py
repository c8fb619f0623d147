"""The cache: one SQLite file holding articles, HTTP validators, sync runs and user state.

Only this package imports :mod:`sqlite3`; everyone else talks to :class:`Store`.
"""

from zonereader.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]
