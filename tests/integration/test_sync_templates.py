"""``sync`` of the template sites (real-world portal patterns) from a real loopback server.

Each site (a TRS-style government site, a news portal with a comment-wrapped list and a jQuery
pager, an old table-layout site, an e-paper, a 大汉 site whose lists are script datastores paged
through a data proxy) is synced into a real cache; the stored set must be
the site's manifest exactly: the count, and per article its title, date (and time where the page
shows one), zone and body (the pages of a multi-page article joined in order). Then a second sync
fetches no article, growth fetches exactly the new ones, and ``--full`` changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zonereader.config import Config, SourceConfig
from zonereader.demo.sites import SitesServer
from zonereader.models import ListQuery, StoredArticle
from zonereader.store import Store
from zonereader.sync.engine import run_sync

SITES = ("trs", "news", "tables", "epaper", "hanweb")
#: The zone the e-paper's articles take (its pages carry no breadcrumb): the source's.
EPAPER_ZONE = "开发区报"

#: Fields the article extractor still reads wrong on a template, with the pattern it misses.
#: The test fails when one of these starts to pass, so that the entry is removed here.
KNOWN_MISSES: dict[str, dict[str, str]] = {}


@pytest.fixture
def sites() -> Iterator[SitesServer]:
    with SitesServer(seed=3) as server:
        yield server


def source_for(server: SitesServer, name: str) -> SourceConfig:
    first, *rest = server.start_urls(name)
    zone = EPAPER_ZONE if name == "epaper" else ""
    return SourceConfig(name=name, url=first, extra_urls=tuple(rest), zone=zone)


def stored(db: Path) -> dict[str, StoredArticle]:
    with Store.open(db) as store:
        out: dict[str, StoredArticle] = {}
        for row in store.page(ListQuery(), 0, 100_000):
            article = store.article(row.id)
            assert article is not None
            out[article.article.url] = article
        return out


def mismatches(found: dict[str, StoredArticle], manifest: dict[str, Any]) -> dict[str, list[str]]:
    """Fields (title, published, zone, paragraphs) stored wrong, with the URLs they are wrong on."""
    wrong: dict[str, list[str]] = {}
    for entry in manifest["articles"]:
        article = found[entry["url"]].article
        zone = EPAPER_ZONE if manifest["site"] == "epaper" else entry["zone"]
        published = article.published
        if entry["has_time"]:
            date_ok = article.has_time and published is not None
            date_ok = date_ok and published.isoformat() == entry["datetime"]
        else:
            date_ok = published is not None and published.date().isoformat() == entry["published"]
        checks = {
            "title": article.title == entry["title"],
            "published": date_ok,
            "zone": article.zone == zone,
            "paragraphs": article.paragraphs == entry["paragraphs"],
        }
        for field, ok in checks.items():
            if not ok:
                wrong.setdefault(field, []).append(entry["url"])
    return wrong


@pytest.mark.parametrize("name", SITES)
def test_sync_stores_exactly_the_site(sites: SitesServer, tmp_path: Path, name: str) -> None:
    db = tmp_path / "z.db"
    config = Config(sources=(source_for(sites, name),))
    manifest = sites.manifest(name)
    report = run_sync(config, db)
    assert report.ok, report.as_dict()
    found = stored(db)
    assert sorted(found) == sorted(entry["url"] for entry in manifest["articles"])
    assert report.counts.new == len(manifest["articles"])
    wrong = mismatches(found, manifest)
    known = set(KNOWN_MISSES.get(name, {}))
    assert not set(wrong) - known, {k: v[:3] for k, v in wrong.items() if k not in known}
    assert not known - set(wrong), f"now read right, remove from KNOWN_MISSES: {known - set(wrong)}"
    # every page of every multi-page article was fetched once
    multi = [entry for entry in manifest["articles"] if entry["pages"] > 1]
    if name in ("trs", "news"):
        assert multi, "the template splits some articles over pages"
    site = sites.site(name)
    for entry in multi:
        article = next(a for a in site.all_articles() if sites.url_for(a.path) == entry["url"])
        for index in range(1, entry["pages"]):
            assert sites.requests_for(article.page_path(index)) == 1


@pytest.mark.parametrize("name", SITES)
def test_resync_growth_and_full(sites: SitesServer, tmp_path: Path, name: str) -> None:
    db = tmp_path / "z.db"
    config = Config(sources=(source_for(sites, name),))
    site = sites.site(name)
    first = run_sync(config, db)
    assert first.ok, first.as_dict()
    before = len(stored(db))

    # nothing changed: no article is fetched again
    sites.reset_stats()
    again = run_sync(config, db)
    assert again.ok and again.counts.new == 0 and again.counts.updated == 0
    assert sites.stats["article"] == 0

    # --full walks everything again, conditionally: every article page answers 304
    sites.reset_stats()
    full = run_sync(config, db, full=True)
    assert full.ok, full.as_dict()
    assert full.counts.new == 0 and full.counts.updated == 0
    assert sites.stats["not_modified"] >= before
    assert stored(db).keys() == {entry["url"] for entry in sites.manifest(name)["articles"]}

    # the site grows: exactly the new articles (and their later pages) are fetched
    old = {entry["url"] for entry in sites.manifest(name)["articles"]}
    site.set_articles(site.articles_per_channel + 1)
    added = [a for a in site.all_articles() if sites.url_for(a.path) not in old]
    assert added
    sites.reset_stats()
    grown = run_sync(config, db)
    assert grown.ok, grown.as_dict()
    assert grown.counts.new == len(added)
    assert sites.stats["article"] == sum(len(a.pages) for a in added)
    assert len(stored(db)) == before + len(added)


def test_datastore_columns_are_paged_through_the_data_proxy(
    sites: SitesServer, tmp_path: Path
) -> None:
    from zonereader.demo.sites.hanweb import GROUP, PROXY

    site = sites.site("hanweb")
    groups = -(-site.articles_per_channel // GROUP)
    assert groups >= 3, "the column page's group and at least two from the proxy"
    report = run_sync(Config(sources=(source_for(sites, "hanweb"),)), tmp_path / "z.db")
    assert report.ok, report.as_dict()
    # every column: its page, then each later group once from the proxy, and no page past them
    assert sites.requests_for(site.prefix + PROXY) == len(site.channels) * (groups - 1)
    assert sites.stats["list"] == len(site.channels) * groups


def test_a_failing_later_page_fails_the_whole_article(sites: SitesServer, tmp_path: Path) -> None:
    from zonereader.demo.faults import FaultPlan

    site = sites.site("trs")
    split = next(a for a in site.all_articles() if len(a.pages) > 1)
    sites.faults = FaultPlan().status(split.page_path(1), 503, times=10)
    db = tmp_path / "z.db"
    config = Config(sources=(source_for(sites, "trs"),))
    report = run_sync(config, db)
    url = sites.url_for(split.path)
    assert report.counts.failed == 1
    assert url not in stored(db)  # never half an article
    assert any(url in line and split.page_path(1) in line for line in report.counts.errors)

    sites.faults = None
    retry = run_sync(config, db)
    assert retry.ok, retry.as_dict()
    article = stored(db)[url].article
    assert article.paragraphs == split.paragraphs
