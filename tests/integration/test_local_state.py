"""Broken local state: one clear line, a documented exit code, and nothing lost.

Each test breaks the cache the way a machine does (a directory or a copy made read-only, a
disk that fills up, another program holding the write lock, bytes of garbage in the middle of
the file, somebody else's SQLite file behind ``--db``) and runs the real command in a child
process. Read-only cases are real even as root (the suite runs as root in CI): the child then
runs without the capabilities that let root ignore file permissions (``setpriv``; see
``support.hostile.UNPRIVILEGED``). A disk that fills up is the child's RLIMIT_FSIZE.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.hostile import Measured, run_measured
from zonereader.config import Config, SourceConfig, add_sources
from zonereader.demo import PortalServer, SamplePortal
from zonereader.models import ListQuery
from zonereader.store import Store
from zonereader.store.integrity import APPLICATION_ID

#: Bookmarks made before each test breaks the cache: they must all survive.
BOOKMARKS = 12


@pytest.fixture
def cache(synced_cache: tuple[Path, Path, dict[str, Any]]) -> Iterator[tuple[Path, Path]]:
    """A synced cache with :data:`BOOKMARKS` bookmarks and as many read marks, checkpointed
    into one file; yields (db, config)."""
    db, config, _manifest = synced_cache
    with Store.open(db) as store:
        rows = store.page(ListQuery(), 0, BOOKMARKS)
        for row in rows:
            store.toggle_bookmark(row.id)
            store.set_read(row.id, True)
    checkpoint(db)
    yield db, config
    for path in (db.parent, db):  # let pytest clean up what a test made read-only
        if path.exists():
            path.chmod(path.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)


def checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bookmark_count(db: Path) -> int:
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return int(
            conn.execute(
                "SELECT count(*) FROM user_state WHERE bookmarked_at IS NOT NULL"
            ).fetchone()[0]
        )
    finally:
        conn.close()


def bookmarked_urls(db: Path) -> set[str]:
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT url FROM user_state WHERE bookmarked_at IS NOT NULL AND read = 1"
        ).fetchall()
        return {str(row[0]) for row in rows}
    finally:
        conn.close()


def zr(*args: str, **options: Any) -> Measured:
    return run_measured(*args, timeout=90, **options)


def only_line(done: Measured) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    assert len(done.error_lines) == 1, done.stderr
    return done.error_lines[0]


def serve_more(articles: int) -> PortalServer:
    """A portal whose articles the cache does not hold yet (a sync has writing to do)."""
    return PortalServer(SamplePortal(articles=articles, seed=2)).start()


def config_for(tmp_path: Path, server: PortalServer, settings: str = "") -> Path:
    path = tmp_path / "sync-config.toml"
    if settings:
        path.write_text(f"[sync]\n{settings}\n", encoding="utf-8")
    add_sources(path, [SourceConfig(name="more", url=server.url)])
    return path


# ---------------------------------------------------------------------- read-only


def test_an_unwritable_data_directory_is_one_line_exit_73(
    tmp_path: Path, cache: tuple[Path, Path]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    db = data / "sub" / "zonereader.db"
    done = zr("sync", "--config", str(cache[1]), "--db", str(db), unprivileged=True)
    assert done.returncode == 73
    line = only_line(done)
    assert "cannot write in the cache's directory" in line
    assert "Permission denied" in line
    assert not db.parent.exists()


def test_a_read_only_cache_still_reads_and_says_it_is_read_only(
    tmp_path: Path, cache: tuple[Path, Path]
) -> None:
    db, config = cache
    before = digest(db)
    db.chmod(0o444)
    db.parent.chmod(0o555)
    listed = zr("list", "--db", str(db), "--limit", "5", unprivileged=True)
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    assert len(listed.stdout.splitlines()) >= 5
    marks = zr("bookmarks", "--db", str(db), "--json", unprivileged=True)
    assert marks.returncode == 0 and marks.stdout.count('"url"') == BOOKMARKS

    article = zr("read", "1", "--mark-read", "--db", str(db), unprivileged=True)
    assert article.returncode == 73
    assert article.stdout  # the article was shown all the same
    line = only_line(article)
    assert "the cache is read-only" in line and "reading works" in line
    assert "move" not in line and "delete" not in line

    synced = zr("sync", "--config", str(config), "--db", str(db), unprivileged=True)
    assert synced.returncode == 73
    assert "the cache is read-only" in only_line(synced) or "cannot write" in synced.stderr
    db.parent.chmod(0o755)
    assert digest(db) == before


# ---------------------------------------------------------------------- full disk


def test_a_full_disk_stops_the_sync_in_one_line_and_loses_nothing(
    tmp_path: Path, cache: tuple[Path, Path]
) -> None:
    db, _config = cache
    with Store.open(db) as store:
        cached = store.count(ListQuery())
    checkpoint(db)
    server = serve_more(400)
    try:
        config = config_for(tmp_path, server)
        # Writes may grow no file past 64 KiB beyond the cache's size: the WAL fills up.
        limit = db.stat().st_size + 64 * 1024
        done = zr("sync", "--config", str(config), "--db", str(db), file_size_limit=limit)
    finally:
        server.stop()
    assert done.returncode == 74, done.stderr
    line = only_line(done)
    assert "cannot write the cache" in line
    assert "everything saved before is intact" in line
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert bookmark_count(db) == BOOKMARKS
    with Store.open(db) as store:
        assert store.count(ListQuery()) >= cached


# ---------------------------------------------------------------------- locked


def test_a_cache_locked_by_another_program_makes_sync_wait_then_exit_69(
    tmp_path: Path, cache: tuple[Path, Path]
) -> None:
    db, _config = cache
    server = serve_more(20)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        config = config_for(tmp_path, server, settings="busy_timeout = 1")
        done = zr("sync", "--config", str(config), "--db", str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        server.stop()
    assert done.returncode == 69
    line = only_line(done)
    assert "locked by another program" in line and "more than 1 s" in line
    assert bookmark_count(db) == BOOKMARKS


# ---------------------------------------------------------------------- damaged


def damage(db: Path) -> None:
    """16 KiB of garbage written over pages in use near the middle of the file.

    Garbage over free pages would harm nothing (and no check could see it): the pages are
    those around the article title stored nearest to the middle.
    """
    data = db.read_bytes()
    page = int.from_bytes(data[16:18], "big") or 65536
    with Store.open(db, read_only=True) as store:
        titles = [row.title.encode() for row in store.page(ListQuery(), 0, 1000)]
    found = [at for title in titles if (at := data.find(title)) >= 0]
    middle = min(found, key=lambda at: abs(at - len(data) // 2))
    with db.open("r+b") as file:
        file.seek(middle // page * page)
        file.write(os.urandom(16 * 1024))


def test_a_damaged_cache_is_reported_never_written_and_doctor_recovers_it(
    tmp_path: Path, cache: tuple[Path, Path]
) -> None:
    db, config = cache
    marked = bookmarked_urls(db)
    assert len(marked) == BOOKMARKS
    damage(db)
    before = digest(db)
    for command in (["list"], ["bookmarks"], ["sync", "--config", str(config)]):
        done = zr(*command, "--db", str(db))
        assert done.returncode == 65, (command, done.stderr)
        line = only_line(done)
        assert "the cache is damaged" in line and "zonereader doctor" in line
        assert "move" not in line and "delete" not in line
        assert digest(db) == before

    target = tmp_path / "recovered.db"
    doctor = zr("doctor", "--db", str(db), "--to", str(target))
    assert doctor.returncode == 65
    assert "Traceback" not in doctor.stderr
    assert f"{BOOKMARKS} bookmarks and {BOOKMARKS} read marks" in doctor.stdout
    assert str(db) + " was not changed" in doctor.stdout
    assert digest(db) == before
    # Every bookmark and read mark came back, under its article's URL: an article lost with
    # the damaged pages takes its bookmark back when the next sync stores it again.
    assert bookmarked_urls(target) == marked
    healthy = zr("doctor", "--db", str(target))
    assert healthy.returncode == 0 and "healthy" in healthy.stdout
    recovered = int(healthy.stdout.split("MB, ")[1].split(" articles")[0])
    assert recovered > 0
    listed = zr("bookmarks", "--db", str(target), "--json")
    assert listed.returncode == 0


def test_doctor_says_a_healthy_cache_is_healthy(cache: tuple[Path, Path]) -> None:
    db, _config = cache
    before = digest(db)
    done = zr("doctor", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert f"{BOOKMARKS} bookmarks" in done.stdout and "healthy" in done.stdout
    assert digest(db) == before


# ---------------------------------------------------------------------- not ours


def test_another_applications_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = digest(other)
    config = tmp_path / "config.toml"
    add_sources(config, [SourceConfig(name="x", url="http://127.0.0.1:9/")])
    for command in (["list"], ["bookmarks"], ["doctor"], ["sync", "--config", str(config)]):
        done = zr(*command, "--db", str(other))
        assert done.returncode == 2, (command, done.stderr)
        line = only_line(done)
        assert "not a zonereader cache" in line and "left unchanged" in line
    assert digest(other) == before
    assert not Path(str(other) + "-wal").exists()


def test_a_cache_from_before_the_application_id_is_adopted(
    cache: tuple[Path, Path],
) -> None:
    db, _config = cache
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    done = zr("bookmarks", "--db", str(db), "--json")
    assert done.returncode == 0 and done.stdout.count('"url"') == BOOKMARKS
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


# ---------------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("[sync]\ntimeout = inf\n", "sync.timeout: must be a finite number"),
        ("[sync]\nretries = 9223372036854775807\n", "sync.retries: must be at most 10"),
        ('[[sources]]\nurl = "http://a.example/"\ndelay = inf\n', "sources[0].delay: must be"),
        ("[sync]\nmax_run_seconds = nan\n", "sync.max_run_seconds: must be a finite"),
    ],
)
def test_absurd_config_numbers_are_refused_with_file_line_and_key(
    tmp_path: Path, line: str, key: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(line, encoding="utf-8")
    done = zr("sync", "--config", str(config), "--db", str(tmp_path / "z.db"))
    assert done.returncode == 2
    error = only_line(done)
    assert f"{config}:" in error and key in error
    assert not (tmp_path / "z.db").exists()


def test_the_sync_settings_these_tests_rely_on_have_their_documented_defaults() -> None:
    settings = Config().sync
    assert settings.max_run_seconds == 3600
    assert settings.busy_timeout == 30
    assert settings.parse_timeout == 30
