"""What the store checks about the cache file before using it, and how it names what it finds.

Called from one place, :func:`zonereader.store.connection.open_connection`, before anything is
written into the file:

- **Ours?** A zonereader cache carries :data:`APPLICATION_ID` in its header (``PRAGMA
  application_id``). A file with another application's id, or with tables but not ours, is
  refused unchanged: zonereader never creates its tables in somebody else's database. A
  zonereader cache made before the id existed (id 0, our tables) is adopted: the id is set.
- **Damaged?** The file's identity, size and modification time are noted when a writing
  session closes it cleanly (a small ``.seen`` file beside it). When they differ at the next
  writing open (another program changed the file, or a session crashed), ``PRAGMA
  quick_check`` runs first, and a damaged file is reported instead of written into.
- **Errors** SQLite raises later are named by :func:`classify`: read-only, busy (locked by
  another program), full (or an I/O error), damaged.

Only the store imports :mod:`sqlite3`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from zonereader.paths import seen_path
from zonereader.store.errors import (
    CacheBusy,
    CacheDamaged,
    CacheForeign,
    CacheFull,
    CacheReadOnly,
    StoreError,
)

#: ``PRAGMA application_id`` of a zonereader cache: "ZRDR".
APPLICATION_ID = 0x5A524452
#: The first 16 bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables every zonereader cache has (the schema's first version).
OUR_TABLES = frozenset(
    {"zones", "articles", "bodies", "zone_members", "user_state", "validators", "runs", "meta"}
)
#: Free space under which a failed write is reported as a full disk.
LOW_SPACE_BYTES = 16 * 1024 * 1024
#: Problems of ``quick_check`` named in a message.
SHOWN_PROBLEMS = 1


@dataclass(frozen=True, slots=True)
class Header:
    """What the first 100 bytes of a database file say."""

    application_id: int
    user_version: int


def read_header(path: Path) -> Header | None:
    """The header of the database at ``path``; None when the file is missing or empty.

    Raises:
        CacheForeign: the file is not a SQLite database, or belongs to another application.
        CacheReadOnly: the file cannot be read.
    """
    try:
        with path.open("rb") as file:
            head = file.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheReadOnly(f"{path}: cannot read the cache: {exc.strerror or exc}") from None
    if not head:
        return None
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
        raise CacheForeign(
            f"{path}: not a zonereader cache (not a SQLite database); it was left unchanged: "
            "point --db or ZONEREADER_DB at a zonereader cache, or run 'zonereader doctor' if "
            "this was yours"
        )
    (user_version,) = struct.unpack(">i", head[60:64])
    (application_id,) = struct.unpack(">i", head[68:72])
    if application_id not in (0, APPLICATION_ID):
        raise CacheForeign(
            f"{path}: not a zonereader cache (a SQLite database of another application, id "
            f"{application_id:#010x}); it was left unchanged: point --db or ZONEREADER_DB at a "
            "zonereader cache"
        )
    return Header(application_id=application_id, user_version=user_version)


def check_schema(conn: sqlite3.Connection, path: Path) -> bool:
    """Whether the database holds tables (False: empty, a new cache to create).

    Raises:
        CacheForeign: it holds tables, and not ours.
    """
    names = {
        str(row[0])
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    }
    if not names:
        return False
    if not names >= OUR_TABLES:
        shown = ", ".join(sorted(names)[:4]) + (", …" if len(names) > 4 else "")
        raise CacheForeign(
            f"{path}: not a zonereader cache (a SQLite database with other tables: {shown}); "
            "it was left unchanged: point --db or ZONEREADER_DB at a zonereader cache"
        )
    return True


def mark_ours(conn: sqlite3.Connection) -> None:
    """Set the application id (a new cache, or one made before the id existed)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# ---------------------------------------------------------------------- damage


def fingerprint(path: Path) -> str:
    """The file's identity, size and modification time, as one line."""
    info = path.stat()
    return f"{info.st_ino} {info.st_size} {info.st_mtime_ns}"


def changed_outside(path: Path) -> bool:
    """Whether the file is not as the last writing session of zonereader left it."""
    try:
        noted = seen_path(path).read_text(encoding="ascii").strip()
        return noted != fingerprint(path)
    except (OSError, UnicodeDecodeError):
        return True


def note_clean_close(path: Path) -> None:
    """Note how a writing session leaves the file (best effort: never fails the close)."""
    target = seen_path(path)
    tmp = target.with_name(target.name + ".tmp")
    with contextlib.suppress(OSError):
        tmp.write_text(fingerprint(path) + "\n", encoding="ascii")
        tmp.replace(target)


def forget_clean_close(path: Path) -> None:
    """Forget the noted state, so the next writing open checks the file (after an error
    that may have left it damaged)."""
    with contextlib.suppress(OSError):
        seen_path(path).unlink()


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Run ``PRAGMA quick_check`` (reads every page once; about 0.2 s per 40 MB here).

    Raises:
        CacheDamaged: it found a problem, or SQLite could not even read the file.
    """
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None
    problems = [str(row[0]) for row in rows if str(row[0]).lower() != "ok"]
    if problems:
        detail = "; ".join(problems[:SHOWN_PROBLEMS])
        more = f" and {len(problems) - SHOWN_PROBLEMS} more" if len(problems) > 1 else ""
        raise damaged(path, f"quick_check: {detail}{more}")


def damaged(path: Path, detail: str) -> CacheDamaged:
    """The error for a damaged cache: what SQLite said, and what to do."""
    forget_clean_close(path)
    detail = " ".join(detail.split())[:160]
    return CacheDamaged(
        f"{path}: the cache is damaged ({detail}); nothing more was written to it: run "
        "'zonereader doctor' to check it and recover what is readable into a new file"
    )


# ---------------------------------------------------------------------- errors


def classify(exc: sqlite3.Error, path: Path, busy_seconds: float) -> StoreError:
    """Name a SQLite error for the user: read-only, busy, full, damaged, or other.

    Args:
        exc: what SQLite raised.
        path: the cache file.
        busy_seconds: how long a statement waited for a lock before this error.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return CacheBusy(
            f"{path}: the cache is locked by another program (it held a write lock for more "
            f"than {busy_seconds:g} s); nothing was written: try again when it is done"
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return read_only(path)
    if name in ("SQLITE_FULL",) or name.startswith("SQLITE_IOERR") or "disk is full" in text:
        return full(path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return damaged(path, text)
    return StoreError(f"{path}: {' '.join(text.split())}")


def read_only(path: Path) -> CacheReadOnly:
    """The error for a cache that cannot be written (reads still work)."""
    return CacheReadOnly(
        f"{path}: the cache is read-only (no write permission on the file or its directory): "
        "reading works, nothing can be saved; give yourself write permission, or use --db "
        "with a writable copy"
    )


def full(path: Path) -> CacheFull:
    """The error for a write that failed for lack of space (or an I/O error)."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None
    if free is not None and free < LOW_SPACE_BYTES:
        why = f"the disk is full ({free // 1024} KiB free)"
    else:
        why = "a write failed (a full disk, a file size limit, or a device error)"
    return CacheFull(
        f"{path}: cannot write the cache: {why}; everything saved before is intact: free some "
        "space and try again"
    )


def can_write(path: Path) -> bool:
    """Whether this process may write the cache file and create files beside it (WAL mode
    needs its ``-wal`` and ``-shm`` files in the same directory)."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(parent, os.W_OK | os.X_OK)
