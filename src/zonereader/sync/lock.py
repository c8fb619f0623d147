"""One sync at a time per cache: an advisory lock file beside the database.

The lock is ``fcntl.flock`` on ``<db>.lock`` (see :func:`zonereader.paths.lock_path`), taken
without waiting. The holder writes its PID into the file so a second sync can name it. The
operating system drops the lock when the holder's file is closed or the process dies (SIGKILL
included), so a lock is never stale: a leftover file with a dead PID in it locks nothing.
Readers (the TUI, ``sqlite3``) never take this lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

from zonereader.paths import ensure_parent, lock_path
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
