"""A cache written by the previous version opens, migrates and keeps everything.

The old cache is built with the old schema scripts only (versions 1 and 2), and rows written
as that version wrote them: body links as bare URLs, no images, runs without their sources.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from zonereader.models import Article, BodyImage, BodyLink, SourceResult, SourceState, SyncCounts
from zonereader.store import Store
from zonereader.store.schema import MIGRATIONS, SCHEMA_VERSION, _statements

#: The schema version of the cache before links kept their text and runs their sources.
PREVIOUS_VERSION = 2


def previous_cache(path: Path) -> None:
    """A cache as the previous version left it: one article, a bookmark, a finished run."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for version in range(PREVIOUS_VERSION):
        for statement in _statements(MIGRATIONS[version]):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {PREVIOUS_VERSION}")
    conn.execute("INSERT INTO zones (id, path) VALUES (2, '舟山')")
    conn.execute(
        "INSERT INTO articles (id, url, zone_id, source, title, first_seen, updated, sort_ts,"
        " read, content_hash) VALUES (1, 'http://p.test/1', 2, 's', '旧文章', 1.0, 1.0, 1, 1,"
        " 'h')"
    )
    conn.execute(
        "INSERT INTO bodies (article_id, paragraphs, links) VALUES (1, ?, ?)",
        (json.dumps(["第一段。"]), json.dumps(["http://p.test/a.pdf"])),
    )
    conn.execute("INSERT INTO zone_members VALUES (1, 1, 1, 1), (2, 1, 1, 1)")
    conn.execute(
        "INSERT INTO user_state (url, read, bookmarked_at) VALUES ('http://p.test/1', 1, 5.0)"
    )
    conn.execute(
        "INSERT INTO runs (started, finished, sources, counts) VALUES (1.0, 2.0, ?, ?)",
        (json.dumps(["s"]), json.dumps(SyncCounts(new=1, errors=["s: boom"]).as_dict())),
    )
    conn.close()


def test_a_previous_version_cache_migrates_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    previous_cache(path)
    with Store.open(path) as store:
        stored = store.article(1)
        assert stored is not None
        assert stored.article.title == "旧文章" and stored.article.paragraphs == ["第一段。"]
        assert stored.article.links == [BodyLink("http://p.test/a.pdf")]
        assert stored.article.images == []
        assert stored.read and stored.bookmarked
        (run,) = store.recent_runs()
        assert run.results == () and run.counts.errors == ["s: boom"]
        # the migrated cache takes what the new version writes
        article = Article(
            url="http://p.test/2",
            title="新文章",
            zone="舟山",
            source="s",
            paragraphs=["一", "二"],
            links=[BodyLink("http://p.test/b", "附件")],
            images=[BodyImage("http://p.test/p.png", "园区", 1)],
        )
        new_id, _ = store.upsert_article(article)
        assert store.article(new_id).article == article  # type: ignore[union-attr]
        run_id = store.start_run(["s"])
        store.finish_run(run_id, SyncCounts(), [SourceResult("s", "feed", SourceState.OK)])
        assert store.recent_runs()[0].results[0].state is SourceState.OK
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
