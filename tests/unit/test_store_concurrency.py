"""Several threads and processes on one cache: no "locked" errors, no half-stored article."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from zonereader.models import Article, ListQuery
from zonereader.store import Store, StoreError


def article(n: int) -> Article:
    return Article(
        url=f"http://c.example/{n}",
        title=f"并发测试文章{n}",
        zone=f"开发区新闻/区{n % 5}/文字新闻",
        source="s",
        paragraphs=["开发区新闻正文" * 40] * 3,
    )


def test_reader_thread_polls_while_another_connection_writes(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    Store.open(path).close()
    errors: list[BaseException] = []
    done = threading.Event()
    reads = 0

    def reader() -> None:
        nonlocal reads
        with Store.open(path) as store:
            while not done.is_set():
                try:
                    store.count(ListQuery(zone="开发区新闻"))
                    store.page(ListQuery(unread_only=True), 0, 50)
                    store.zone_counts()
                    store.count(ListQuery(search="并发"))
                    reads += 1
                except StoreError as exc:  # pragma: no cover - the failure we test against
                    errors.append(exc)
                time.sleep(0.001)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with Store.open(path) as writer:
            for n in range(150):
                writer.upsert_article(article(n))
                if n % 10 == 0:
                    writer.set_read(1, n % 20 == 0)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert reads > 0


def test_one_store_shared_by_threads(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    with Store.open(tmp_path / "c.db") as store:

        def work(offset: int) -> None:
            try:
                for n in range(offset, offset + 40):
                    article_id, _ = store.upsert_article(article(n))
                    store.page(ListQuery(), 0, 20)
                    store.toggle_bookmark(article_id)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i * 100,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert store.count(ListQuery()) == 160
        assert len(store.bookmarks()) == 160


_WRITER = textwrap.dedent(
    """
    import sys
    from zonereader.models import Article
    from zonereader.store import Store
    store = Store.open(sys.argv[1])
    n = 0
    while True:
        store.upsert_article(Article(
            url=f"http://k.example/{n}", title=f"被杀的写入者{n}", zone="开发区新闻/舟山/文字新闻",
            source="s", paragraphs=["正文段落" * 200] * 5,
        ))
        if n == 20:
            print("ready", flush=True)
        n += 1
    """
)


def test_sigkilled_writer_leaves_an_intact_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        first_id, _ = store.upsert_article(article(0))
        store.set_read(first_id, True)
        store.toggle_bookmark(first_id)
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    # Kill it while it writes: once a few more articles than at "ready" are in.
    deadline = time.monotonic() + 30
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        while reader.execute("SELECT count(*) FROM articles").fetchone()[0] < 26:
            assert time.monotonic() < deadline, "the writer stopped writing"
            time.sleep(0.005)
    finally:
        reader.close()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Every stored article is whole: a body, a row in every zone of its path, search rows.
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert articles > 20
    assert conn.execute("SELECT count(*) FROM bodies").fetchone()[0] == articles
    assert conn.execute("SELECT count(*) FROM zone_members WHERE zone_id = 1").fetchone()[0] == (
        articles
    )
    assert (
        conn.execute(
            "SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM zone_members m "
            "WHERE m.article_id = a.id) != 4"
        ).fetchone()[0]
        == 0
    )
    conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    conn.close()
    with Store.open(path) as store:
        assert store.count(ListQuery(search="被杀")) == articles - 1
        assert store.bookmarks()[0].id == first_id
        assert store.unread_total() == articles - 1
