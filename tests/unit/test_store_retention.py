"""Pruning at a realistic size: what goes, what stays, tombstones, search, and the space.

A cache of a few thousand articles with bodies, over several zones and a year of dates, some
read and some bookmarked, is pruned; every list, count and search afterwards must be exactly
what the articles that stay give, bookmarked articles and all user state must survive, and a
new cache must hand the space back.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from zonereader.models import CST, Article, ListQuery
from zonereader.store import Store, retention
from zonereader.store.rows import to_epoch

ZONES = ["开发区新闻/浙江/舟山/文字新闻", "开发区新闻/浙江/温州/文字新闻", "园区动态"]
WORDS = ["签约", "开工", "产业园", "半导体", "政策", "投资", "项目", "人才", "港口", "物流"]
ARTICLES = 3000
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=CST)
CUTOFF = (NOW - timedelta(days=120)).timestamp()


def _article(rng: random.Random, index: int) -> Article:
    body = ["".join(rng.choice(WORDS) + "，" for _ in range(60)) for _ in range(3)]
    return Article(
        url=f"http://r.example/{index}.html",
        title=f"{rng.choice(WORDS)}{rng.choice(WORDS)}新闻{index}",
        zone=ZONES[index % len(ZONES)],
        source="r",
        published=NOW - timedelta(hours=3 * index),
        paragraphs=body,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache every test starts from (copied, never written to)."""
    path = tmp_path_factory.mktemp("retention") / "cache.db"
    rng = random.Random(3)
    articles = [_article(rng, index) for index in range(ARTICLES)]
    with Store.open(path, clock=lambda: NOW.timestamp()) as opened:
        for start in range(0, ARTICLES, 500):
            opened.upsert_articles(articles[start : start + 500])
        rows = opened.page(ListQuery(), 0, ARTICLES)
        for row in rows[::4]:
            opened.set_read(row.id, True)
        for row in rows[::97]:
            opened.toggle_bookmark(row.id)
        retention.checkpoint(opened._db)  # one file to copy
    return path


@pytest.fixture
def store(tmp_path: Path, template: Path) -> Iterator[Store]:
    path = tmp_path / "cache.db"
    shutil.copyfile(template, path)
    with Store.open(path, clock=lambda: NOW.timestamp()) as opened:
        yield opened


def _snapshot(store: Store) -> dict[str, tuple[int, bool, bool]]:
    """``{url: (published epoch, read, bookmarked)}`` of every cached article."""
    rows = store.page(ListQuery(), 0, ARTICLES)
    return {row.url: (to_epoch(row.published)[0] or 0, row.read, row.bookmarked) for row in rows}


def test_prune_removes_old_unbookmarked_articles_and_nothing_else(store: Store) -> None:
    before = _snapshot(store)
    doomed = {u for u, (ts, _r, marked) in before.items() if ts < CUTOFF and not marked}
    kept_marked = {u for u, (ts, _r, marked) in before.items() if ts < CUTOFF and marked}
    assert len(doomed) > 1000 and kept_marked
    dry = store.prune_count(CUTOFF)
    assert (dry.articles, dry.kept_bookmarked) == (len(doomed), len(kept_marked))
    seen: list[tuple[int, int]] = []
    result = store.prune(CUTOFF, progress=lambda done, total: seen.append((done, total)))
    assert (result.articles, result.kept_bookmarked) == (len(doomed), len(kept_marked))
    assert len(seen) == -(-len(doomed) // retention.PRUNE_BATCH)
    assert seen[-1] == (len(doomed), len(doomed))

    after = _snapshot(store)
    assert set(after) == set(before) - doomed
    assert all(after[url] == before[url] for url in after)  # read flags and bookmarks as they were
    assert store.count(ListQuery(bookmarks=True)) == sum(1 for v in before.values() if v[2])
    assert set(store.tombstones(before)) == doomed
    stats = store.stats()
    assert stats.articles == len(after) and stats.tombstones == len(doomed)
    assert sum(z.total for z in store.zone_counts()) == len(after)
    assert store.unread_total() == sum(1 for v in after.values() if not v[1])
    assert store.prune(CUTOFF).articles == 0  # nothing left to do


def test_search_forgets_pruned_articles_exactly(store: Store) -> None:
    store.prune(CUTOFF)
    kept = {row.id for row in store.page(ListQuery(), 0, ARTICLES)}
    for word in WORDS:
        found = {row.id for row in store.page(ListQuery(search=word), 0, ARTICLES)}
        assert found <= kept, word
        assert found == {article_id for article_id in kept if word in _text(store, article_id)}, (
            word
        )
    conn = sqlite3.connect(store.path)
    try:
        conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            "SELECT count(*) FROM bodies WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        conn.close()


def _text(store: Store, article_id: int) -> str:
    stored = store.article(article_id)
    assert stored is not None
    return stored.article.title + "\n" + "\n".join(stored.article.paragraphs)


def test_prune_of_one_zone(store: Store) -> None:
    before = _snapshot(store)
    zone = "开发区新闻/浙江/温州"
    in_zone = {row.url for row in store.page(ListQuery(zone=zone), 0, ARTICLES)}
    result = store.prune(CUTOFF, zone)
    after = _snapshot(store)
    gone = set(before) - set(after)
    assert gone and gone <= in_zone
    assert len(gone) == result.articles
    assert store.prune(CUTOFF, "没有这个区").articles == 0


def test_a_bookmark_made_after_the_candidates_were_chosen_is_kept(store: Store) -> None:
    candidates = retention.candidates(store._db, 1, int(CUTOFF))
    saved = candidates[5]
    store.set_bookmark(saved, True)
    removed = store._prune_batch(candidates[:10], int(CUTOFF))
    assert removed == 9
    assert store.article(saved) is not None


def test_a_pruned_article_stored_again_keeps_its_read_flag_and_loses_its_tombstone(
    store: Store,
) -> None:
    old_read = next(
        row
        for row in store.page(ListQuery(), ARTICLES - 200, 200)
        if row.read and not row.bookmarked
    )
    store.prune(CUTOFF)
    assert store.article(old_read.id) is None
    assert old_read.url in store.tombstones([old_read.url])
    rng = random.Random(0)
    index = int(old_read.url.rsplit("/", 1)[1].split(".")[0])
    again = _article(rng, index)
    new_id, _outcome = store.upsert_article(again)
    restored = store.article(new_id)
    assert restored is not None and restored.read
    assert store.tombstones([old_read.url]) == {}


def test_space_is_given_back_in_steps(store: Store) -> None:
    path = store.path
    assert store.stats().auto_vacuum == "incremental"
    before = path.stat().st_size
    store.prune(CUTOFF)
    freed = store.give_back_space()
    assert freed > 0
    assert store.stats().free_bytes == 0
    assert path.stat().st_size < before * 0.8
    assert not path.with_name(path.name + "-wal").exists() or (
        path.with_name(path.name + "-wal").stat().st_size == 0
    )


def test_vacuum_converts_an_old_cache_to_incremental(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE placeholder (x)")  # made before the store: auto_vacuum stays NONE
    conn.execute("DROP TABLE placeholder")
    conn.close()
    with Store.open(path) as store:
        store.upsert_article(
            Article(url="http://v/1", title="标题", zone="z", source="s", paragraphs=["正文"])
        )
        assert store.stats().auto_vacuum == "none"
        assert store.give_back_space() == 0
        store.vacuum()
        assert store.stats().auto_vacuum == "incremental"
        assert store.count(ListQuery(search="正文")) == 1
