"""The exceptions the store raises: one base class, and one subclass per state of the file that
a user must tell apart (read-only, busy, full, damaged, not ours, too new).

Every message is one line that says what the state means and what to do about it. None of
them advises deleting or moving the cache: it holds the user's bookmarks and read marks.
"""

from __future__ import annotations


class StoreError(Exception):
    """The cache cannot be opened or used; ``str()`` is one line."""


class CacheMissing(StoreError):
    """There is no cache at the path (and the command does not create one)."""


class CacheUnusable(StoreError):
    """The cache as a whole cannot take writes now: a sync stops at once (further writes
    would fail the same way), and the app keeps what it could not save for later."""


class CacheReadOnly(CacheUnusable):
    """The cache, or the directory it lives in, cannot be written: reading still works."""


class CacheBusy(CacheUnusable):
    """Another program held a write lock on the cache for longer than we wait."""


class CacheFull(CacheUnusable):
    """A write failed for lack of space (a full disk, a size limit) or an I/O error.

    What was committed before stays; the write that failed left nothing behind.
    """


class CacheDamaged(CacheUnusable):
    """The file is damaged (SQLite says so, or ``PRAGMA quick_check`` found problems)."""


class CacheForeign(StoreError):
    """The file is not a zonereader cache: another application's database, or not SQLite."""


class CacheTooNew(StoreError):
    """The cache was written by a newer zonereader than this one."""
