"""One sync at a time per cache: an advisory lock file beside the database.

The lock is ``fcntl.flock`` on ``<db>.lock`` (see :func:`zonereader.paths.lock_path`), taken
without waiting. The holder writes its PID into the file so a second sync can name it. The
operating system drops the lock when the holder's file is closed or the process dies (SIGKILL
included), so a lock is never stale: a leftover file with a dead PID in it locks nothing.
Readers (the TUI, ``sqlite3``) never take this lock.

The reader app announces itself with a *shared* lock on ``<db>.app.lock``
(:class:`AppPresence`), which it holds while it runs; :func:`no_app_open` takes the exclusive
side without waiting, so that ``zonereader prune --vacuum`` (a rewrite of the whole file that
would keep the app's writes waiting) refuses to run under an open app, and an app started
during the vacuum waits for it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from zonereader.paths import app_lock_path, ensure_parent, lock_path
from zonereader.store.errors import CacheReadOnly


class LockHeld(Exception):
    """Another sync holds the lock on this cache.

    ``pid`` is the holder's process id when it could be read, else None; ``str()`` is one line.
    """

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(path, pid)
        self.path = path
        self.pid = pid

    def __str__(self) -> str:
        holder = f"process {self.pid}" if self.pid is not None else "another process"
        return f"another sync ({holder}) is running on this cache (lock {self.path})"


class SyncLock:
    """The sync lock of one cache; use as a context manager or call acquire/release.

    Args:
        database: the cache database path; the lock file sits beside it.
    """

    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock at once or raise.

        Raises:
            LockHeld: another process (or another SyncLock in this one) holds it.
            CacheReadOnly: the lock file cannot be created (the directory is not writable).
        """
        if self._fd is not None:
            return
        try:
            ensure_parent(self.path)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise CacheReadOnly(
                f"{self.path.parent}: cannot write in the cache's directory "
                f"({exc.strerror or exc}): a sync writes the cache and its lock file there; "
                "choose another place with --db or ZONEREADER_DB, or fix the permissions"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise LockHeld(self.path, pid) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Release the lock (the file stays; an unlocked file means nothing)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def holder_pid(database: Path) -> int | None:
    """Return the PID of the process syncing ``database`` now, or None if nobody seems to be.

    For display only (the TUI's "sync running"): it never touches the lock, so it can never make
    a starting sync fail. It reads the PID in the lock file and checks that the process lives;
    a PID left by a killed sync names a dead process and reads as None.
    """
    try:
        text = lock_path(database).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    if not text.isdigit():
        return None
    pid = int(text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


class AppPresence:
    """A shared lock that says "a reader app has this cache open"; several apps may hold it.

    Args:
        database: the cache database path; the lock file sits beside it.
    """

    def __init__(self, database: Path) -> None:
        self.path = app_lock_path(database)
        self._fd: int | None = None

    def acquire(self, *, wait: bool = True) -> bool:
        """Take the shared lock; return False when ``wait`` is off and a vacuum holds it.

        Waits only while a vacuum holds the lock exclusively. An unwritable directory is not
        an error: the app then simply does not announce itself (and True is returned).
        """
        if self._fd is not None:
            return True
        try:
            ensure_parent(self.path)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Drop the lock."""
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> AppPresence:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def no_app_open(database: Path) -> Iterator[None]:
    """Hold off reader apps on ``database`` for the duration, or raise if one is open.

    Takes the exclusive side of :class:`AppPresence`'s lock without waiting; an app started
    meanwhile waits for it at start-up.

    Raises:
        AppOpen: a reader app has the cache open.
    """
    path = app_lock_path(database)
    ensure_parent(path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AppOpen(database) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class AppOpen(Exception):
    """The reader app has the cache open; ``str()`` is one line."""

    def __init__(self, database: Path) -> None:
        super().__init__(database)
        self.database = database

    def __str__(self) -> str:
        return f"the reader app has {self.database} open: quit it first"
