"""Crash safety and the one-sync-per-cache lock, with real ``zonereader sync`` processes.

A sync killed with SIGKILL at any moment leaves an intact database holding only whole
articles, keeps user state, and the next sync completes the set — on a cold cache and in the
middle of an incremental sync after growth. A second sync on a locked cache exits 75 at once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.cache import assert_cache_matches, run_cli
from zonereader.config import SourceConfig, add_sources
from zonereader.demo import PortalServer, SamplePortal
from zonereader.models import ListQuery
from zonereader.store import Store
from zonereader.sync.lock import holder_pid

#: Politeness delay that makes a sync slow enough to be killed half-way (not a timing assert).
SLOW = 0.004


@pytest.fixture
def server() -> Iterator[PortalServer]:
    with PortalServer(SamplePortal(articles=500, seed=3)) as running:
        yield running


def write_config(path: Path, server: PortalServer, delay: float = SLOW) -> Path:
    add_sources(
        path,
        [SourceConfig(name="slow", url=server.url, extra_urls=(server.other_url,), delay=delay)],
    )
    return path


def start_sync(config: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "zonereader", "sync", "--config", str(config), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stored_count(db: Path) -> int:
    """Articles committed so far, read beside the running sync (WAL lets us)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.DatabaseError:  # the sync is still creating the file or its schema
        return 0


def kill_when(proc: subprocess.Popen[str], db: Path, at_least: int) -> int:
    """SIGKILL ``proc`` once ``at_least`` articles are stored; return the count then."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        count = stored_count(db)
        if count >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return count
        if proc.poll() is not None:
            pytest.fail(f"sync ended before it could be killed: {proc.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.02)
    proc.kill()
    pytest.fail("sync made no progress")


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_sigkill_at_any_moment_then_sync_completes(server: PortalServer, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", server)
    db = tmp_path / "z.db"

    # 1. Killed during the first (cold) sync.
    proc = start_sync(config, db)
    killed_at = kill_when(proc, db, 60)
    assert proc.returncode == -signal.SIGKILL
    assert integrity(db) == "ok"
    assert killed_at < 500
    assert_cache_matches(db, server.manifest(), subset=True)  # only whole articles

    # User state on what is there.
    with Store.open(db) as store:
        rows = store.page(ListQuery(), 0, 3)
        store.set_read(rows[0].id, True)
        store.toggle_bookmark(rows[1].id)
        read_url, bookmarked_url = rows[0].url, rows[1].url

    # The lock died with the process: the next sync runs and completes the set.
    assert holder_pid(db) is None
    done = run_cli("sync", "--config", str(config), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert_cache_matches(db, server.manifest())

    # 2. The site grows; killed in the middle of the incremental sync.
    server.set_articles(800)
    proc = start_sync(config, db)
    kill_when(proc, db, 560)
    assert integrity(db) == "ok"
    assert_cache_matches(db, server.manifest(), subset=True)
    done = run_cli("sync", "--config", str(config), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert_cache_matches(db, server.manifest())  # pages behind the first ones were not skipped

    with Store.open(db) as store:
        read = store.article_by_url(read_url)
        bookmarked = store.article_by_url(bookmarked_url)
        assert read is not None and read.read
        assert bookmarked is not None and bookmarked.bookmarked
    assert integrity(db) == "ok"


def test_two_concurrent_syncs_one_exits_75(server: PortalServer, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", server)
    db = tmp_path / "z.db"
    first = start_sync(config, db)
    try:
        deadline = time.monotonic() + 30
        while holder_pid(db) != first.pid:
            assert time.monotonic() < deadline, "the first sync never took the lock"
            assert first.poll() is None, first.stderr.read()  # type: ignore[union-attr]
            time.sleep(0.01)
        second = run_cli("sync", "--config", str(config), "--db", str(db), timeout=30)
        assert second.returncode == 75
        assert second.stdout == ""
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1
        assert str(first.pid) in lines[0] and "another sync" in lines[0]
    finally:
        first.wait(timeout=120)
    assert first.returncode == 0, first.stderr.read()  # type: ignore[union-attr]
    assert os.path.exists(db)
