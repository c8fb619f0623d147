"""Every fault mode of the sample portal: retried where sensible, reported, never half-stored.

Each test serves the portal with a fault plan on loopback and syncs it with the real engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.cache import assert_cache_matches, run_cli
from zonereader.config import Config, SourceConfig, SyncSettings, add_sources
from zonereader.demo import FaultPlan, PortalServer, SamplePortal
from zonereader.store import Store
from zonereader.sync.engine import run_sync

#: Short deadlines and one retry keep the failing cases quick (and the run bounded).
SETTINGS = SyncSettings(timeout=1.5, connect_timeout=1.0, retries=1, max_body_bytes=1_000_000)


@pytest.fixture
def faulty() -> Iterator[Any]:
    """``faulty(articles)`` -> (server, plan): a portal whose fault plan a test fills in."""
    servers: list[PortalServer] = []

    def start(articles: int = 300) -> tuple[PortalServer, FaultPlan]:
        plan = FaultPlan()
        server = PortalServer(SamplePortal(articles=articles, seed=5), faults=plan).start()
        servers.append(server)
        return server, plan

    yield start
    for server in servers:
        server.stop()


def config_for(server: PortalServer) -> Config:
    source = SourceConfig(name="faulty", url=server.url, extra_urls=(server.other_url,))
    return Config(sources=(source,), sync=SETTINGS)


def biggest_channel(server: PortalServer) -> str:
    portal = server.portal
    return max((c.zone for c in portal.channels()), key=portal.page_count)


def article_paths(server: PortalServer, count: int) -> list[str]:
    """Paths of ``count`` articles from different places of the biggest channel."""
    portal = server.portal
    numbers = portal.numbers(biggest_channel(server))
    step = max(1, len(numbers) // count)
    return [portal.article_path(n) for n in numbers[::step][:count]]


def cached(db: Path, url: str) -> bool:
    with Store.open(db) as store:
        return store.article_by_url(url) is not None


def test_transient_faults_are_retried_and_leave_no_trace(faulty: Any, tmp_path: Path) -> None:
    server, plan = faulty()
    zone = biggest_channel(server)
    a503, areset, atrunc, a429 = article_paths(server, 4)
    plan.status(a503, 503, times=1)
    plan.reset(areset, times=1)
    plan.truncate(atrunc, times=1)
    plan.retry_after(a429, 1, times=1)
    plan.status(server.portal.list_path(zone, 2), 500, times=1)
    db = tmp_path / "z.db"
    report = run_sync(config_for(server), db)
    assert report.ok, report.counts.errors
    assert report.counts.failed == 0
    for path in (a503, areset, atrunc, a429):
        assert server.requests_for(path) == 2
    assert_cache_matches(db, server.manifest())


def test_persistent_article_faults_are_reported_and_retried_next_time(
    faulty: Any, tmp_path: Path
) -> None:
    server, plan = faulty()
    paths = article_paths(server, 7)
    e500, ereset, etrunc, egarbage, ebig, e404, estall = paths
    plan.status(e500, 500)
    plan.reset(ereset)
    plan.truncate(etrunc)
    plan.garbage(egarbage)
    plan.oversize(ebig, size=5_000_000)
    plan.status(e404, 404)
    plan.stall(estall, 0.3)
    db = tmp_path / "z.db"
    report = run_sync(config_for(server), db)

    status = report.sources["faulty"]
    assert status.state == "partial"
    assert report.counts.failed == 7
    assert len(report.counts.errors) == 7
    expected_reasons = {
        e500: "HTTP 500",
        ereset: "connection",
        etrunc: "truncated",
        egarbage: "",
        ebig: "cap",
        e404: "HTTP 404",
        estall: "body incomplete after 1.5 s: only",
    }
    for path, reason in expected_reasons.items():
        url = server.url_for(path)
        lines = [e for e in report.counts.errors if url in e]
        assert len(lines) == 1, (path, report.counts.errors)
        assert reason in lines[0]
        assert "\n" not in lines[0]
        assert not cached(db, url)  # never half-stored
    for error in report.counts.errors:
        assert error.startswith("faulty: ")
    manifest = server.manifest()
    good = [a for a in manifest["articles"] if a["url"] not in {server.url_for(p) for p in paths}]
    assert_cache_matches(db, {"articles": good}, subset=True)
    with Store.open(db) as store:
        assert len(store.known_urls(a["url"] for a in good)) == len(good)

    assert "skipped from now on" in next(e for e in report.counts.errors if "HTTP 404" in e)

    # The site heals: the next sync fetches exactly the six that failed; the one that was
    # 404 is remembered as gone and not asked again (no error every run for a dead link).
    plan.clear()
    server.reset_stats()
    again = run_sync(config_for(server), db)
    assert again.ok, again.counts.errors
    assert again.counts.new == 6
    assert server.stats["article"] == 6
    assert server.requests_for(e404) == 0
    assert not cached(db, server.url_for(e404))

    # --full asks for it again.
    full = run_sync(config_for(server), db, full=True)
    assert full.ok, full.counts.errors
    assert full.counts.new == 1
    assert_cache_matches(db, manifest)


def test_lying_charset_is_decoded_right(faulty: Any, tmp_path: Path) -> None:
    server, plan = faulty(60)
    path = article_paths(server, 1)[0]
    plan.lying_charset(path)
    plan.lying_charset(server.portal.list_path(biggest_channel(server), 1))
    db = tmp_path / "z.db"
    report = run_sync(config_for(server), db)
    assert report.ok, report.counts.errors
    assert_cache_matches(db, server.manifest())


def test_redirect_loop_is_reported_and_other_channels_sync(faulty: Any, tmp_path: Path) -> None:
    server, plan = faulty(200)
    zone = biggest_channel(server)
    first_page = server.portal.list_path(zone, 1)
    plan.redirect_loop(first_page)
    db = tmp_path / "z.db"
    report = run_sync(config_for(server), db)
    assert report.sources["faulty"].state == "partial"
    assert len(report.counts.errors) == 1
    assert "redirect loop" in report.counts.errors[0]
    others = [a for a in server.manifest()["articles"] if a["zone"] != zone]
    assert_cache_matches(db, {"articles": others})


def test_pagination_loop_is_detected_and_ends(faulty: Any, tmp_path: Path) -> None:
    server, plan = faulty(500)
    zone = biggest_channel(server)
    portal = server.portal
    assert portal.page_count(zone) >= 3
    plan.pagination_loop(portal.list_path(zone, 2))
    db = tmp_path / "z.db"
    report = run_sync(config_for(server), db)
    assert [e for e in report.counts.errors if "pagination loop" in e]
    assert report.counts.failed == 0
    size = portal.page_size
    reached = {server.url_for(portal.article_path(n)) for n in portal.numbers(zone)[: 2 * size]}
    with Store.open(db) as store:
        assert store.known_urls(reached) == reached
    assert server.requests_for(portal.list_path(zone, 1)) == 1  # not walked round again


def test_max_pages_caps_a_channel(faulty: Any, tmp_path: Path) -> None:
    server, _plan = faulty(500)
    settings = SyncSettings(max_pages=2, retries=0)
    config = Config(sources=(SourceConfig(name="faulty", url=server.url),), sync=settings)
    report = run_sync(config, tmp_path / "z.db")
    assert any("stopped after 2 list pages" in e for e in report.counts.errors)


def test_index_down_fails_the_source_exit_1(faulty: Any, tmp_path: Path) -> None:
    server, plan = faulty(40)
    plan.status("/kfq/index.html", 503)
    config = tmp_path / "config.toml"
    add_sources(config, [SourceConfig(name="down", url=server.url)])
    with config.open("a", encoding="utf-8") as handle:
        handle.write("\n[sync]\nretries = 1\n")
    done = run_cli("sync", "--json", "--config", str(config), "--db", str(tmp_path / "z.db"))
    assert done.returncode == 1
    assert "HTTP 503" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert '"status": "failed"' in done.stdout
