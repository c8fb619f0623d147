"""``zonereader sync`` against the sample portal on loopback: completeness and incrementality.

The synced cache must equal the portal's manifest; a second sync must fetch no article page and
only the first list page of each channel; growth must fetch exactly the new articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from support.cache import assert_cache_matches, run_cli
from zonereader.config import Config, SourceConfig, add_sources
from zonereader.demo import OTHER_ZONE, PortalServer, SamplePortal
from zonereader.models import ListQuery
from zonereader.store import Store
from zonereader.sync.engine import fetch_article, run_sync


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start sample portals on loopback for one test: ``serve(articles, seed=1, faults=None)``."""
    with ExitStack() as stack:

        def start(articles: int, seed: int = 1, faults: Any = None) -> PortalServer:
            server = PortalServer(SamplePortal(articles=articles, seed=seed), faults=faults)
            return stack.enter_context(server)

        yield start


def source_for(server: PortalServer, name: str = "sample", **options: Any) -> SourceConfig:
    """The sample portal as one source: the section index plus the second template's list."""
    return SourceConfig(name=name, url=server.url, extra_urls=(server.other_url,), **options)


def test_sync_cli_mirrors_the_whole_portal(serve: Any, tmp_path: Path) -> None:
    server = serve(160)
    config = tmp_path / "config.toml"
    db = tmp_path / "cache" / "z.db"
    add_sources(config, [source_for(server)])
    done = run_cli("sync", "--config", str(config), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""  # silent on success when not a terminal
    manifest = server.manifest()
    assert_cache_matches(db, manifest)
    with Store.open(db) as store:
        zones = {z.path for z in store.zone_counts()}
        assert OTHER_ZONE in zones  # the second template's channel
        run = store.last_run()
        assert run is not None

    # A second sync: no article page, one index page, and only the first list page per channel.
    server.reset_stats()
    again = run_cli("sync", "--json", "--config", str(config), "--db", str(db))
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    stats = server.stats
    channels = len(manifest["zones"])  # every channel, empty ones included
    assert stats["article"] == 0
    assert stats["index"] == 1
    assert stats["list"] == channels
    # Connections are kept alive across 304s: at most one per allowed connection to the host.
    assert stats["connections"] <= 4 < stats["total"]
    assert summary["new"] == 0 and summary["failed"] == 0 and summary["errors"] == []
    assert summary["requests"] == stats["total"]
    assert set(summary) >= {"new", "updated", "unchanged", "failed", "requests", "errors"}
    assert summary["sources"]["sample"]["status"] == "ok"


def test_growth_fetches_exactly_the_new_articles(serve: Any, tmp_path: Path) -> None:
    server = serve(200)
    db = tmp_path / "z.db"
    config = Config(sources=(source_for(server),))
    first = run_sync(config, db)
    assert first.ok and first.counts.new == 200
    before = {a["url"] for a in server.manifest(bodies=False)["articles"]}

    server.set_articles(260)
    server.reset_stats()
    report = run_sync(config, db)
    manifest = server.manifest()
    new_urls = {a["url"] for a in manifest["articles"]} - before
    assert report.ok, report.counts.errors
    assert report.counts.new == len(new_urls) == 60
    assert server.stats["article"] == 60
    for url in new_urls:
        assert server.requests_for(url) == 1
    assert_cache_matches(db, manifest)


def test_same_day_articles_keep_the_sites_order(serve: Any, tmp_path: Path) -> None:
    server = serve(200)
    db = tmp_path / "z.db"
    run_sync(Config(sources=(source_for(server),)), db)
    portal = server.portal
    zone = portal.channels()[0].zone
    expected = [server.url_for(portal.article_path(n)) for n in portal.numbers(zone)]
    with Store.open(db) as store:
        listed = [row.url for row in store.page(ListQuery(zone=zone), 0, 1000)]
    assert listed == expected


def test_full_resync_rechecks_everything_and_finds_it_unchanged(serve: Any, tmp_path: Path) -> None:
    server = serve(80)
    db = tmp_path / "z.db"
    config = Config(sources=(source_for(server),))
    run_sync(config, db)
    server.reset_stats()
    report = run_sync(config, db, full=True)
    stats = server.stats
    assert report.ok
    assert report.counts.new == 0 and report.counts.updated == 0
    assert report.counts.unchanged == 80
    assert stats["article"] == 80  # every article asked again (conditionally)
    assert stats["list"] >= len(server.portal.channels())


def test_user_state_survives_resyncs(synced_cache: tuple[Path, Path, dict[str, Any]]) -> None:
    db, _config, manifest = synced_cache
    url = manifest["articles"][5]["url"]
    with Store.open(db) as store:
        stored = store.article_by_url(url)
        assert stored is not None
        store.set_read(stored.id, True)
        store.toggle_bookmark(stored.id)
    with Store.open(db) as store:
        again = store.article_by_url(url)
        assert again is not None and again.read and again.bookmarked


def test_start_url_that_is_one_channel_in_another_template(serve: Any, tmp_path: Path) -> None:
    server = serve(150)
    db = tmp_path / "z.db"
    report = run_sync(Config(sources=(SourceConfig(name="park", url=server.other_url),)), db)
    expected = [a for a in server.manifest()["articles"] if a["zone"] == OTHER_ZONE]
    assert report.ok and report.counts.new == len(expected) > 0
    assert_cache_matches(db, {"articles": expected})


def test_zone_prefix_is_put_before_the_breadcrumb(serve: Any, tmp_path: Path) -> None:
    server = serve(40)
    db = tmp_path / "z.db"
    run_sync(Config(sources=(SourceConfig(name="p", url=server.other_url, zone="苏州"),)), db)
    with Store.open(db) as store:
        assert {z.path for z in store.zone_counts()} == {f"苏州/{OTHER_ZONE}"}


def test_fetch_article_follows_a_link_that_is_not_cached(serve: Any, tmp_path: Path) -> None:
    server = serve(60)
    db = tmp_path / "z.db"
    config = Config(sources=(source_for(server),))
    url = server.manifest(bodies=False)["articles"][3]["url"]
    article_id = fetch_article(config, db, url)
    assert article_id is not None
    with Store.open(db) as store:
        stored = store.article(article_id)
        assert stored is not None and stored.article.url == url
    assert fetch_article(config, db, url) == article_id  # cached now: no second fetch
    assert server.requests_for(url) == 1
    errors: list[str] = []
    assert fetch_article(config, db, "http://elsewhere.test/a.html", errors=errors) is None
    assert errors and "not on the host" in errors[0]
    missing = server.url_for("/kfq/zj/zhoushan/wzxw/209901/t20990101_999999.html")
    errors.clear()
    assert fetch_article(config, db, missing, errors=errors) is None
    assert "404" in errors[0]


def test_cli_without_sources_says_how_to_add_one(tmp_path: Path) -> None:
    done = run_cli("sync", "--config", str(tmp_path / "none.toml"), "--db", str(tmp_path / "d"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "zonereader source add" in done.stderr
    assert not (tmp_path / "d").exists()


def test_cli_unknown_source_is_a_usage_error(serve: Any, tmp_path: Path) -> None:
    server = serve(10)
    config = tmp_path / "config.toml"
    add_sources(config, [source_for(server)])
    done = run_cli("sync", "--source", "nope", "--config", str(config), "--db", str(tmp_path / "d"))
    assert done.returncode == 2
    assert "unknown source nope" in done.stderr


def test_cli_json_and_exit_1_when_a_source_fails(serve: Any, tmp_path: Path) -> None:
    server = serve(30)
    config = tmp_path / "config.toml"
    dead = "http://127.0.0.1:9/kfq/index.html"  # discard port: nothing listens
    add_sources(config, [source_for(server), SourceConfig(name="dead", url=dead)])
    with config.open("a", encoding="utf-8") as handle:
        handle.write("\n[sync]\nretries = 0\n")
    done = run_cli("sync", "--json", "--config", str(config), "--db", str(tmp_path / "z.db"))
    assert done.returncode == 1
    summary = json.loads(done.stdout)
    assert summary["new"] == 30
    assert summary["sources"]["sample"]["status"] == "ok"
    assert summary["sources"]["dead"]["status"] == "failed"
    assert summary["failed_sources"] == 1 and summary["partial_sources"] == 0
    lines = done.stderr.strip().splitlines()
    assert lines and all(line.startswith("zonereader: error: dead: ") for line in lines)
