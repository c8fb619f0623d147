"""Feed sources synced for real: a loopback feed server, the engine, a real SQLite cache."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from zonereader.config import SourceConfig, add_sources, load_config
from zonereader.demo.faults import FaultPlan
from zonereader.demo.feeds import FeedServer, FeedSet, Route, iter_manifest, mixed_options
from zonereader.models import ListQuery, SourceKind
from zonereader.store import Store
from zonereader.sync.engine import run_sync
from zonereader.sync.feed_walk import GONE_META

FEEDS = 7
ITEMS = 15


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """Seven feeds covering every format and charset case, 15 items each."""
    server = FeedServer(FeedSet(FEEDS, ITEMS, seed=2, options=mixed_options), faults=FaultPlan())
    with server:
        yield server


def configure(config_path: Path, server: FeedServer, feeds: range | list[int]) -> None:
    add_sources(
        config_path,
        [
            SourceConfig(
                name=f"feed{n}", url=server.feed_url(n), kind=SourceKind.FEED, zone=f"订阅/源{n}"
            )
            for n in feeds
        ],
    )


def sync(config_path: Path, db_path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return run_sync(load_config(config_path), db_path, **kwargs)


def test_cold_sync_stores_every_entry_of_every_format_and_charset(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, range(FEEDS))
    report = sync(config, db)
    assert report.ok, report.as_dict()
    assert report.counts.new == FEEDS * ITEMS
    assert report.counts.requests == FEEDS
    items = iter_manifest(feed_server.feed_set, feed_server.base_url)
    truth = {item["url"]: item for item in items}
    with Store.open(db) as store:
        assert store.count(ListQuery(zone="订阅")) == FEEDS * ITEMS
        for url, item in truth.items():
            stored = store.article_by_url(url)
            assert stored is not None, url
            assert stored.article.title == item["title"]  # GBK feeds too: no mojibake
            assert stored.article.published == item["published"]
            assert stored.article.zone == f"订阅/源{item['feed']}"
            assert stored.article.paragraphs[:2] == item["paragraphs"]


def test_second_sync_is_all_304_and_growth_fetches_exactly_the_new_entries(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, range(FEEDS))
    sync(config, db)
    feed_server.reset_stats()
    again = sync(config, db)
    assert again.counts.new == 0
    assert again.counts.not_modified == FEEDS
    assert feed_server.stats["not_modified"] == FEEDS
    feed_server.feed_set.set_items(ITEMS + 4)
    grown = sync(config, db)
    assert grown.counts.new == FEEDS * 4
    assert grown.counts.updated == 0
    assert grown.counts.unchanged == FEEDS * ITEMS  # recognised without rewriting them


def test_changed_entry_updates_the_article_and_keeps_user_state(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, [0])
    sync(config, db)
    url = feed_server.base_url + feed_server.feed_set.item(0, 3)["path"]
    with Store.open(db) as store:
        stored = store.article_by_url(url)
        assert stored is not None
        store.set_read(stored.id, True)
        store.toggle_bookmark(stored.id)
    feed_server.feed_set.retitle(0, 3, "更正:标题已修改")
    report = sync(config, db)
    assert report.counts.updated == 1
    assert report.counts.new == 0
    with Store.open(db) as store:
        after = store.article_by_url(url)
        assert after is not None
        assert after.id == stored.id
        assert after.article.title == "更正:标题已修改"
        assert after.read and after.bookmarked


def test_full_resync_rewrites_nothing_but_fetches_everything(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, [1, 2])
    sync(config, db)
    report = sync(config, db, full=True)
    assert report.counts.not_modified == 0
    assert report.counts.new == 0 and report.counts.updated == 0
    assert report.counts.unchanged == 2 * ITEMS


def test_permanent_redirect_updates_the_configured_url(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    old = feed_server.base_url + "/old/feed.xml"
    add_sources(config, [SourceConfig(name="moved", url=old, kind=SourceKind.FEED, zone="搬家")])
    feed_server.routes["/old/feed.xml"] = Route(status=301, location=feed_server.feed_set.path(0))
    report = sync(config, db)
    assert report.ok
    assert report.counts.new == ITEMS
    assert any("moved permanently" in note for note in report.sources["moved"].notes)
    source = load_config(config).source("moved")
    assert source is not None and source.url == feed_server.feed_url(0)
    # Next time the new URL is asked directly, conditionally.
    feed_server.reset_stats()
    again = sync(config, db)
    assert again.counts.not_modified == 1
    assert feed_server.stats["total"] == 1


def test_temporary_redirect_keeps_the_configured_url(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    old = feed_server.base_url + "/tmp/feed.xml"
    add_sources(config, [SourceConfig(name="tmp", url=old, kind=SourceKind.FEED, zone="临时")])
    feed_server.routes["/tmp/feed.xml"] = Route(status=302, location=feed_server.feed_set.path(0))
    assert sync(config, db).counts.new == ITEMS
    source = load_config(config).source("tmp")
    assert source is not None and source.url == old


def test_gone_feed_is_marked_and_reported_then_cleared(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, [0, 1])
    feed_server.routes[feed_server.feed_set.path(1)] = Route(status=410, times=1)
    report = sync(config, db)
    assert not report.ok
    assert report.sources["feed0"].ok
    status = report.sources["feed1"]
    assert status.state == "failed"
    assert any("gone (HTTP 410)" in error for error in status.errors)
    with Store.open(db) as store:
        assert store.get_meta(GONE_META.format(name="feed1"))
    assert sync(config, db).ok  # the feed is back: the mark goes
    with Store.open(db) as store:
        assert store.get_meta(GONE_META.format(name="feed1")) is None


def test_transient_errors_are_retried(feed_server: FeedServer, isolated_dirs: Path) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, [0, 1])
    assert feed_server.faults is not None
    feed_server.faults.status(feed_server.feed_set.path(0), 503, times=1)
    feed_server.faults.reset(feed_server.feed_set.path(1), times=1)
    report = sync(config, db)
    assert report.ok, report.as_dict()
    assert report.counts.new == 2 * ITEMS


@pytest.mark.parametrize("fault", ["garbage", "truncate", "status"])
def test_bad_feed_fails_its_source_stores_nothing_and_spares_the_others(
    feed_server: FeedServer, isolated_dirs: Path, fault: str
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, [0, 1])
    plan = feed_server.faults
    assert plan is not None
    path = feed_server.feed_set.path(1)
    if fault == "status":
        plan.status(path, 404)
    else:
        getattr(plan, fault)(path)
    report = sync(config, db)
    assert report.sources["feed0"].ok
    assert report.sources["feed1"].state == "failed"
    assert report.counts.new == ITEMS
    with Store.open(db) as store:
        assert store.count(ListQuery(zone="订阅/源1")) == 0
        assert store.validators(feed_server.feed_url(1)).etag is None
    plan.clear()
    assert sync(config, db).counts.new == ITEMS  # nothing was hidden by saved validators


def _child_pids() -> set[int]:
    """Process ids of this process's children (Linux /proc)."""
    children: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        text = (task / "children").read_text(encoding="ascii")
        children.update(int(pid) for pid in text.split())
    return children


def test_big_feed_is_parsed_in_a_helper_process(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed over FEED_HELPER_BYTES goes to a parse helper, comes out the same, and no helper
    process outlives the run."""
    from zonereader.sync import parsing

    monkeypatch.setenv("ZONEREADER_PARSE_WORKERS", "1")
    started: list[int] = []
    original = parsing._Helper.__init__

    def spy(self: parsing._Helper, process: object) -> None:
        started.append(process.pid)  # type: ignore[attr-defined]
        original(self, process)  # type: ignore[arg-type]

    monkeypatch.setattr(parsing._Helper, "__init__", spy)
    feeds = FeedSet(1, 600, seed=4)
    with FeedServer(feeds) as server:
        assert len(feeds.render(0, server.base_url).body) >= parsing.FEED_HELPER_BYTES
        config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
        configure(config, server, [0])
        before = _child_pids()
        report = sync(config, db)
        assert report.ok and report.counts.new == 600
        assert started, "the big feed was not sent to a helper process"
        assert _child_pids() - before == set()
        feeds.set_items(610)
        grown = sync(config, db)
        assert (grown.counts.new, grown.counts.unchanged, grown.counts.updated) == (10, 600, 0)
        assert _child_pids() - before == set()


def test_an_article_deleted_from_the_cache_comes_back(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, [0])
    sync(config, db)
    url = feed_server.base_url + feed_server.feed_set.item(0, 5)["path"]
    with Store.open(db) as store:
        assert store.delete_article(url)
    feed_server.feed_set.set_items(ITEMS + 1)  # the feed changes, so it is not a 304
    report = sync(config, db)
    assert report.counts.new == 2
    with Store.open(db) as store:
        assert store.article_by_url(url) is not None


def test_sigkill_mid_sync_then_sync_gives_the_full_set(isolated_dirs: Path) -> None:
    """Killed while storing feeds, the cache stays intact and the next sync completes it."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    feeds = FeedSet(12, 400, seed=6)
    with FeedServer(feeds) as server:
        config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
        configure(config, server, range(12))
        Store.open(db).close()  # the schema exists before the sync starts writing
        proc = subprocess.Popen(
            [sys.executable, "-m", "zonereader", "sync"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            stored = 0
            deadline = time.monotonic() + 60
            while stored == 0 and time.monotonic() < deadline:
                if proc.poll() is not None:
                    pytest.fail(f"the sync ended (exit {proc.returncode}) before it was killed")
                time.sleep(0.02)
                with sqlite3.connect(db) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            assert stored > 0, "the sync stored nothing within 60 s"
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL  # it died by the kill, not by finishing
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            partial = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert 0 < partial < 12 * 400  # the kill left a partial set
        report = sync(config, db)
        assert report.ok
        with Store.open(db) as store:
            assert store.count(ListQuery(zone="订阅")) == 12 * 400


def test_an_entry_the_cache_refuses_is_stored_by_the_next_sync(
    feed_server: FeedServer, isolated_dirs: Path
) -> None:
    """One entry fails to store (a real SQLite error, raised by a trigger): the rest of the feed
    is stored, the failure is reported, and the feed's validators are not kept, so the next
    sync fetches it whole instead of getting a 304 and stores the entry after all."""
    import sqlite3

    config, db = isolated_dirs / "config.toml", isolated_dirs / "zonereader.db"
    configure(config, feed_server, [0])
    items = iter_manifest(feed_server.feed_set, feed_server.base_url)
    refused = [item["url"] for item in items if item["feed"] == 0][3]
    Store.open(db).close()  # create the cache, then make it refuse one URL
    quoted = "'" + refused.replace("'", "''") + "'"
    with sqlite3.connect(db) as conn:
        conn.execute(
            f"CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.url = {quoted} "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )

    first = sync(config, db)
    assert not first.ok
    assert first.counts.failed == 1 and first.counts.new == ITEMS - 1
    assert any("cannot store" in error for error in first.counts.errors)

    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER refuse")
    second = sync(config, db)
    assert second.ok, second.as_dict()
    assert second.counts.not_modified == 0  # fetched whole, not a 304
    assert second.counts.new == 1
    with Store.open(db) as store:
        assert store.article_by_url(refused) is not None


def test_control_endpoints_grow_feeds_and_report_what_was_fetched() -> None:
    """The benchmark's handles on the feed server: item counts, and per-pass request counts."""
    with FeedServer(FeedSet(2, 3, seed=2), control=True) as server:
        feed = server.feed_url(0)
        with urllib.request.urlopen(feed, timeout=5) as response:
            etag = response.headers["ETag"]
        conditional = urllib.request.Request(feed, headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as answered:
            urllib.request.urlopen(conditional, timeout=5)
        assert answered.value.code == 304
        stats_url = f"{server.base_url}/_control/stats"
        requests = ("feed", "other", "not_modified", "total")
        with urllib.request.urlopen(stats_url, timeout=5) as response:
            counts = json.loads(response.read())
        assert {key: counts[key] for key in requests} == {
            "feed": 2,
            "other": 0,
            "not_modified": 1,
            "total": 2,
        }
        with urllib.request.urlopen(stats_url, timeout=5) as response:
            counts = json.loads(response.read())
        assert {key: counts[key] for key in requests} == dict.fromkeys(requests, 0)  # since last
        grow = urllib.request.Request(f"{server.base_url}/_control/items/5", method="POST")
        urllib.request.urlopen(grow, timeout=5).close()
        assert [server.feed_set.items(n) for n in range(2)] == [5, 5]
