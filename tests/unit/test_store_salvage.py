"""``zonereader doctor``'s recovery of a cache written by this version: pictures and the
tombstones of pruned articles come across with the articles and their user state, and the
bookmarks and read marks come back even when the tables' own b-tree pages above them are
damaged (from the indexes, which hold them too)."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from zonereader.models import CST, Article, BodyImage, ListQuery
from zonereader.store import Store, retention, salvage
from zonereader.store.salvage import recover

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=CST)


def _article(index: int, *, days_old: int) -> Article:
    return Article(
        url=f"http://s.example/{index}.html",
        title=f"新闻{index}",
        zone="园区动态",
        source="s",
        published=NOW - timedelta(days=days_old),
        paragraphs=["第一段", "第二段"],
        images=[BodyImage(f"http://s.example/{index}.jpg", "图", 1)],
    )


def test_recovery_keeps_pictures_and_tombstones(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    with Store.open(path, clock=lambda: NOW.timestamp()) as store:
        store.upsert_articles([_article(n, days_old=n * 30) for n in range(6)])
        old = store.page(ListQuery(), 0, 10)[-1]
        store.toggle_bookmark(old.id)  # the oldest stays: bookmarked
        pruned = store.prune((NOW - timedelta(days=75)).timestamp())
        assert (pruned.articles, pruned.kept_bookmarked) == (2, 1)  # 90, 120 days; 150 kept
        retention.checkpoint(store._db)

    target = tmp_path / "recovered.db"
    done = recover(path, target)
    assert done.articles == 4 and done.bookmarks == 1 and done.tombstones == 2
    with Store.open(target) as store:
        first = store.article_by_url("http://s.example/0.html")
        assert first is not None
        assert first.article.images == [BodyImage("http://s.example/0.jpg", "图", 1)]
        gone = store.tombstones([f"http://s.example/{n}.html" for n in range(6)])
        assert set(gone) == {"http://s.example/3.html", "http://s.example/4.html"}


def _user_state(path: Path) -> dict[str, tuple[int, float | None]]:
    """``{url: (read, bookmarked_at)}`` of every row of a healthy cache's ``user_state``."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        found = conn.execute("SELECT url, read, bookmarked_at FROM user_state").fetchall()
        return {str(url): (int(read), when) for url, read, when in found}
    finally:
        conn.close()


def _damage_table_roots(path: Path, tables: tuple[str, ...]) -> None:
    """Write garbage over the root page of each of ``tables``: an interior b-tree page above
    every row of the table, so a read of the table by rowid reaches none of them."""
    conn = sqlite3.connect(path)
    try:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        roots = {
            name: (int(page), kind)
            for name, page, kind in conn.execute(
                "SELECT name, pageno, pagetype FROM dbstat WHERE path = '/' AND name IN "
                f"({', '.join('?' * len(tables))})",
                tables,
            )
        }
    finally:
        conn.close()
    assert {name: kind for name, (_page, kind) in roots.items()} == dict.fromkeys(
        tables, "internal"
    )
    with path.open("r+b") as file:
        for page, _kind in roots.values():
            file.seek((page - 1) * page_size)
            file.write(os.urandom(page_size))


def test_bookmarks_and_read_marks_under_damaged_interior_pages_come_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.db"
    with Store.open(path, clock=lambda: NOW.timestamp()) as store:
        store.upsert_articles([_article(n, days_old=n % 60) for n in range(600)])
        stored = store.page(ListQuery(), 0, 1000)
        for row in stored[::3]:
            store.toggle_bookmark(row.id)
        for row in stored[::2]:
            store.set_read(row.id, True)
        retention.checkpoint(store._db)
    expected = _user_state(path)
    assert sum(1 for _read, when in expected.values() if when) == 200
    assert sum(read for read, _when in expected.values()) == 300
    _damage_table_roots(path, ("user_state", "articles"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    target = tmp_path / "recovered.db"
    done = recover(path, target)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    # The tables gave nothing (a damaged root is above every row): all of it came from the
    # indexes, bookmark times included; read times are lost with the rows.
    assert done.articles == 0 and done.skipped_ranges >= 2
    assert (done.bookmarks, done.read_marks) == (200, 300)
    assert done.from_indexes == len(expected)
    assert _user_state(target) == expected


#: Rows of about 310 bytes: enough for a table of three levels (a few interior pages under the
#: root, each above some 500 leaves).
ROWS = 30_000


def test_a_stretch_stepped_over_is_read_again_from_its_other_end(tmp_path: Path) -> None:
    """One interior page (not the root) of a three-level table garbled: the upward scan steps
    over the rows it hid, and reading those stretches downwards gets some of them back."""
    path = tmp_path / "deep.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE items (name TEXT NOT NULL)")
    conn.executemany(
        "INSERT INTO items (rowid, name) VALUES (?, ?)",
        ((n, f"{n:08d}" + "x" * 300) for n in range(1, ROWS + 1)),
    )
    conn.commit()
    interior = [
        int(page)
        for (page,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'items' AND pagetype = 'internal' "
            "AND path != '/' ORDER BY path"
        )
    ]
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    assert len(interior) >= 3  # interior pages under the root: the table has three levels
    garbage = random.Random(10).randbytes(page_size)  # the same damage on every run
    with path.open("r+b") as file:
        file.seek((interior[len(interior) // 2] - 1) * page_size)
        file.write(garbage)

    source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        report = salvage.Recovery(target=tmp_path / "unused.db")
        names = [str(row[0]) for row in salvage._scan(source, "items", "name", report)]
        upwards = sum(1 for _ in _upward_only(source))
    finally:
        source.close()
    assert report.skipped_ranges >= 1
    assert len(set(names)) == len(names)  # no row twice
    assert all(name.endswith("x" * 300) and 1 <= int(name[:8]) <= ROWS for name in names)
    assert upwards < len(names) < ROWS


def _upward_only(conn: sqlite3.Connection) -> Iterator[int]:
    """The rowids an upward scan alone reads (the scan before it read stretches downwards)."""
    last = 0
    while True:
        try:
            found = conn.execute(
                "SELECT rowid FROM items NOT INDEXED WHERE rowid > ? ORDER BY rowid LIMIT 200",
                (last,),
            ).fetchall()
        except sqlite3.DatabaseError:
            last = salvage._next_readable(conn, "items", last)
            continue
        if not found:
            return
        yield from (int(row[0]) for row in found)
        last = int(found[-1][0])
