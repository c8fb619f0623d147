"""The sync lock: one holder per cache, named by PID, released by the OS when a holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zonereader.paths import lock_path
from zonereader.sync.lock import LockHeld, SyncLock, holder_pid


def test_second_lock_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "cache" / "z.db"
    with SyncLock(db) as first:
        assert first.held
        assert holder_pid(db) == os.getpid()
        with pytest.raises(LockHeld) as info:
            SyncLock(db).acquire()
        assert info.value.pid == os.getpid()
        assert str(info.value).count("\n") == 0
        assert f"process {os.getpid()}" in str(info.value)
    assert holder_pid(db) is None
    with SyncLock(db):  # free again
        pass


def test_lock_of_a_killed_process_is_free(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from zonereader.sync.lock import SyncLock
        lock = SyncLock(Path({str(db)!r}))
        lock.acquire()
        print("held", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as info:
            SyncLock(db).acquire()
        assert info.value.pid == child.pid
        assert holder_pid(db) == child.pid
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    # The file still names the dead process, but nothing holds the lock.
    assert lock_path(db).read_text().strip() == str(child.pid)
    assert holder_pid(db) is None
    with SyncLock(db) as lock:
        assert lock.held
        assert lock_path(db).read_text().strip() == str(os.getpid())
