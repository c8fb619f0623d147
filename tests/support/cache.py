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

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from zonereader.config import Config, SourceConfig, add_sources

__all__ = [
    "CACHE_ARTICLES",
    "CacheTemplate",
    "portal_source",
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
