"""Fixtures around caches filled by a real sync of the sample portal.

``synced_cache_template`` (session scope) serves a 300-article sample portal on loopback once,
syncs it (both templates) into a template cache with the real engine, and stops the server.
``synced_cache`` (function scope) copies that cache into the test's own directory and yields
``(db_path, config_path, manifest)``: a private, fully synced cache and a config naming its
source, for tests that need realistic data without paying for a sync each time. The portal is
no longer served then; tests that sync must start their own (``portal_factory``).

Everything here is in ``__all__`` because ``tests/conftest.py`` star-imports this module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from zonereader.config import Config, SourceConfig, add_sources
from zonereader.models import CST, ListQuery

__all__ = [
    "CACHE_ARTICLES",
    "CacheTemplate",
    "assert_cache_matches",
    "portal_source",
    "run_cli",
    "synced_cache",
    "synced_cache_template",
]

#: Size of the sample portal behind ``synced_cache``.
CACHE_ARTICLES = 300
#: Source name the cached articles carry.
CACHE_SOURCE = "sample"


@dataclass(frozen=True)
class CacheTemplate:
    """A synced cache kept for the session: copy it, never write to it."""

    db_path: Path
    source: SourceConfig
    manifest: dict[str, Any]


def portal_source(server: Any, name: str = CACHE_SOURCE, **options: Any) -> SourceConfig:
    """A portal source for a running sample ``PortalServer``: the section index, plus the
    second template's channel as an extra start URL."""
    return SourceConfig(name=name, url=server.url, extra_urls=(server.other_url,), **options)


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real ``zonereader`` command line in a subprocess (stdout is not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "zonereader", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def assert_cache_matches(db: Path, manifest: dict[str, Any], *, subset: bool = False) -> None:
    """Every manifest article is cached with the manifest's fields and nothing else is.

    With ``subset``, only check that every cached article is a manifest article, whole.
    """
    from zonereader.store import Store

    expected = {a["url"]: a for a in manifest["articles"]}
    with Store.open(db) as store:
        total = store.count(ListQuery())
        rows = store.page(ListQuery(), 0, total)
        cached = {row.url for row in rows}
        if subset:
            assert cached <= set(expected)
        else:
            assert total == len(expected)
            assert cached == set(expected)
        for url in cached:
            truth = expected[url]
            stored = store.article_by_url(url)
            assert stored is not None, url
            article = stored.article
            assert article.title == truth["title"], url
            assert article.zone == truth["zone"], url
            assert article.published is not None, url
            assert article.published.astimezone(CST).strftime("%Y-%m-%d") == truth["published"]
            assert article.has_time == truth["has_time"], url
            assert article.origin == truth["origin"], url
            assert article.publisher == truth["publisher"], url
            assert article.paragraphs == truth["paragraphs"], url
            assert (article.prev_link.url if article.prev_link else None) == truth["prev"], url
            assert [image.url for image in article.images] == truth["images"], url


@pytest.fixture(scope="session")
def synced_cache_template(tmp_path_factory: pytest.TempPathFactory) -> CacheTemplate:
    """Sync a sample portal of ``CACHE_ARTICLES`` articles once per session."""
    from zonereader.demo import PortalServer, SamplePortal
    from zonereader.sync.engine import run_sync

    directory = tmp_path_factory.mktemp("synced-cache")
    db_path = directory / "zonereader.db"
    portal = SamplePortal(articles=CACHE_ARTICLES, seed=1)
    server = PortalServer(portal)
    server.start()
    try:
        source = portal_source(server)
        report = run_sync(Config(sources=(source,)), db_path)
        manifest = portal.manifest(server.base_url)
    finally:
        server.stop()
    if not report.ok or report.counts.new != len(manifest["articles"]):
        raise RuntimeError(f"template sync incomplete: {report.as_dict()}")
    return CacheTemplate(db_path=db_path, source=source, manifest=manifest)


@pytest.fixture
def synced_cache(
    tmp_path: Path, synced_cache_template: CacheTemplate
) -> Iterator[tuple[Path, Path, dict[str, Any]]]:
    """A private copy of the synced template cache: yields (db_path, config_path, manifest)."""
    directory = tmp_path / "synced"
    directory.mkdir()
    db_path = directory / "zonereader.db"
    for suffix in ("", "-wal", "-shm"):
        original = synced_cache_template.db_path.with_name(
            synced_cache_template.db_path.name + suffix
        )
        if original.exists():
            shutil.copyfile(original, db_path.with_name(db_path.name + suffix))
    config_path = directory / "config.toml"
    add_sources(config_path, [synced_cache_template.source])
    yield db_path, config_path, synced_cache_template.manifest
