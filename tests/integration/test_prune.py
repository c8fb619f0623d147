"""Retention for real: prune and stats from the command line, retention after a sync against the
sample portal (a pruned article is not fetched again), and a prune killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from support.cache import portal_source
from support.portal import PortalFactory
from zonereader.cli import main
from zonereader.config import Config, RetentionSettings, SourceConfig
from zonereader.demo.faults import FaultPlan
from zonereader.demo.feeds import FeedServer, FeedSet
from zonereader.models import CST, Article, ListQuery, SourceKind
from zonereader.store import Store
from zonereader.sync.engine import run_sync
from zonereader.sync.lock import AppPresence, SyncLock


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cache(
    synced_cache: tuple[Path, Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, dict[str, Any]]:
    db_path, config_path, manifest = synced_cache
    monkeypatch.setenv("ZONEREADER_DB", str(db_path))
    monkeypatch.setenv("ZONEREADER_CONFIG", str(config_path))
    return db_path, config_path, manifest


def _bookmark(db_path: Path, urls: list[str]) -> None:
    with Store.open(db_path) as store:
        for url in urls:
            stored = store.article_by_url(url)
            assert stored is not None
            store.set_bookmark(stored.id, True)


# --------------------------------------------------------------------------- the commands


def test_prune_dry_run_then_prune_of_one_zone(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    db_path, _config, manifest = cache
    zone = "开发区新闻/浙江/舟山/图片新闻"
    in_zone = [a["url"] for a in manifest["articles"] if a["zone"] == zone]
    _bookmark(db_path, in_zone[:2])
    where = ("--zone", "舟山/图片新闻")
    code, out, err = run(capsys, "prune", "--older-than", "30", *where, "--dry-run")
    assert code == 0, err
    assert out.startswith(f"would remove {len(in_zone) - 2} articles dated before ")
    assert out.rstrip().endswith(f"in {zone}; 2 bookmarked stay")
    with Store.open(db_path) as store:
        assert store.count(ListQuery()) == len(manifest["articles"])  # a dry run changes nothing
    code, out, err = run(capsys, "prune", "--older-than", "30", *where, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["articles"] == len(in_zone) - 2 and summary["kept_bookmarked"] == 2
    assert summary["zone"] == zone and summary["dry_run"] is False
    with Store.open(db_path) as store:
        assert {r.url for r in store.page(ListQuery(zone=zone), 0, 100)} == set(in_zone[:2])
        assert store.count(ListQuery()) == len(manifest["articles"]) - len(in_zone) + 2
    code, out, _ = run(capsys, "stats", "--json")
    stats = json.loads(out)
    assert stats["tombstones"] == len(in_zone) - 2
    assert stats["bookmarks"] == 2
    assert stats["articles"] == len(manifest["articles"]) - len(in_zone) + 2
    assert {s["name"] for s in stats["sources"]} == {"sample"}
    assert stats["search_index_bytes"] > 0 and stats["file_bytes"] > stats["search_index_bytes"]
    assert stats["runs"] and stats["runs"][0]["counts"]["new"] == len(manifest["articles"])
    code, out, _ = run(capsys, "stats")
    assert "pruned" in out and "sample" in out and "last syncs:" in out


def test_prune_usage_and_lock_errors(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    db_path, config_path, manifest = cache
    code, _, err = run(capsys, "prune")
    assert code == 2 and "give --older-than DAYS (or set [retention] keep_days" in err
    code, _, err = run(capsys, "prune", "--older-than", "0")
    assert code == 2 and "must be at least 1 day" in err
    code, _, err = run(capsys, "prune", "--older-than", "9", "--zone", "文字新闻")
    assert code == 2 and "prune: --zone: zone:文字新闻 is ambiguous" in err
    with SyncLock(db_path):
        code, _, err = run(capsys, "prune", "--older-than", "9")
    assert code == 75 and "another sync" in err
    with AppPresence(db_path):
        code, _, err = run(capsys, "prune", "--older-than", "9", "--vacuum")
    assert code == 1
    assert "the reader app has" in err and "quit it first (nothing was removed)" in err
    with Store.open(db_path) as store:
        assert store.count(ListQuery()) == len(manifest["articles"])
    config_path.write_text(config_path.read_text("utf-8") + "\n[retention]\nkeep_days = 30\n")
    code, _out, err = run(capsys, "prune", "--vacuum")
    assert code == 0, err
    with Store.open(db_path) as store:
        assert store.count(ListQuery()) == 0  # the sample portal's articles are from 2020
        assert store.stats().auto_vacuum == "incremental"


# --------------------------------------------------------------------------- after a sync


def test_retention_after_a_sync_and_pruned_articles_are_not_fetched_again(
    portal_factory: PortalFactory, tmp_path: Path
) -> None:
    server = portal_factory(articles=60)
    source = portal_source(server)
    db_path = tmp_path / "cache.db"
    first = run_sync(Config(sources=(source,)), db_path)
    assert first.ok and first.counts.new == 60 and first.pruned == 0
    with Store.open(db_path) as store:
        urls = [row.url for row in store.page(ListQuery(), 0, 60)]
    _bookmark(db_path, urls[-3:])  # three of the oldest
    keep = Config(sources=(source,), retention=RetentionSettings(keep_days=30))
    server.reset_stats()
    second = run_sync(keep, db_path)
    assert second.ok and second.pruned == 57
    assert second.as_dict()["pruned"] == 57
    with Store.open(db_path) as store:
        assert {row.url for row in store.page(ListQuery(), 0, 60)} == set(urls[-3:])
        assert len(store.tombstones(urls)) == 57
    for full in (False, True):
        server.reset_stats()
        again = run_sync(keep, db_path, full=full)
        assert again.ok and again.counts.new == 0 and again.pruned == 0
        assert server.stats["article"] == (3 if full else 0)  # only the bookmarked, re-checked
        with Store.open(db_path) as store:
            assert store.count(ListQuery()) == 3


# --------------------------------------------------------------------------- SIGKILL


_ARTICLES = 6000


def _fill(db_path: Path) -> tuple[set[str], set[str]]:
    """A cache of old articles with bodies; returns (all URLs, bookmarked URLs)."""
    rng = random.Random(11)
    words = ["签约", "开工", "产业园", "半导体", "政策", "投资", "项目", "人才"]
    start = datetime(2021, 1, 1, tzinfo=CST)
    articles = [
        Article(
            url=f"http://kill.example/{index}.html",
            title=f"{rng.choice(words)}{index}",
            zone=f"开发区新闻/区{index % 7}",
            source="kill",
            published=start + timedelta(hours=index),
            paragraphs=["".join(rng.choice(words) for _ in range(150))],
        )
        for index in range(_ARTICLES)
    ]
    with Store.open(db_path) as store:
        for begin in range(0, _ARTICLES, 1000):
            store.upsert_articles(articles[begin : begin + 1000])
        marked = set()
        for row in store.page(ListQuery(), 0, _ARTICLES)[::251]:
            store.set_bookmark(row.id, True)
            store.set_read(row.id, True)
            marked.add(row.url)
    return {a.url for a in articles}, marked


def _tombstones(db_path: Path) -> int:
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM tombstones").fetchone()[0])
    finally:
        conn.close()


def _check_intact(db_path: Path, urls: set[str], marked: set[str]) -> tuple[int, int]:
    """The file is sound, every article is whole, every bookmark stands; (cached, pruned)."""
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
        cached = {row[0] for row in conn.execute("SELECT url FROM articles")}
        pruned = {row[0] for row in conn.execute("SELECT url FROM tombstones")}
        bodies = conn.execute("SELECT count(*) FROM bodies").fetchone()[0]
        members = conn.execute("SELECT count(*) FROM zone_members WHERE zone_id = 1").fetchone()[0]
        bookmarked = {
            row[0]
            for row in conn.execute(
                "SELECT url FROM user_state WHERE bookmarked_at IS NOT NULL AND read = 1"
            )
        }
    finally:
        conn.close()
    assert cached | pruned == urls and not cached & pruned  # each article whole, or pruned
    assert bodies == members == len(cached)
    assert marked <= cached and bookmarked == marked
    return len(cached), len(pruned)


def test_a_prune_killed_with_sigkill_leaves_a_sound_cache_and_the_next_one_completes(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "cache.db"
    urls, marked = _fill(db_path)
    env = {**os.environ, "ZONEREADER_DB": str(db_path), "ZONEREADER_CONFIG": str(tmp_path / "c")}
    command = [sys.executable, "-m", "zonereader", "prune", "--older-than", "30"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while _tombstones(db_path) == 0:  # wait for the first batch to commit
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the prune never started removing"
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    cached, pruned = _check_intact(db_path, urls, marked)
    assert 0 < pruned < _ARTICLES - len(marked), "the kill did not land mid-prune"
    assert cached == _ARTICLES - pruned

    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert _check_intact(db_path, urls, marked) == (len(marked), _ARTICLES - len(marked))


def test_pruned_feed_entries_are_not_stored_again_unless_they_change(tmp_path: Path) -> None:
    feeds = FeedSet(2, 10, seed=4)
    with FeedServer(feeds, faults=FaultPlan()) as server:
        sources = tuple(
            SourceConfig(name=f"f{n}", url=server.feed_url(n), kind=SourceKind.FEED)
            for n in range(2)
        )
        db_path = tmp_path / "cache.db"
        assert run_sync(Config(sources=sources), db_path).counts.new == 20
        with Store.open(db_path) as store:
            assert store.prune(time.time()).articles == 20  # every entry is older than now
        for full in (False, True):
            report = run_sync(Config(sources=sources), db_path, full=full)
            assert report.ok and report.counts.new == 0, report.as_dict()
            with Store.open(db_path) as store:
                assert store.count(ListQuery()) == 0
        feeds.retitle(0, 3, "舟山经开区项目签约更新")  # the site changes one entry
        report = run_sync(Config(sources=sources), db_path)
        assert report.counts.new == 1, report.as_dict()
        with Store.open(db_path) as store:
            (row,) = store.page(ListQuery(), 0, 10)
            assert row.title == "舟山经开区项目签约更新"
            assert store.tombstones([row.url]) == {}
