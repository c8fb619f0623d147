"""Fixtures around the sample portal: real loopback servers, started and stopped per test.

- ``sample_portal``: a started :class:`~zonereader.demo.PortalServer` with 120 articles, seed 1.
- ``portal_factory``: ``portal_factory(articles=120, seed=1, faults=None, page_size=20)`` starts
  another server; every server it made is stopped at teardown.
- ``portal_manifest``: the ground truth of ``sample_portal`` (with bodies).

tests/conftest.py does ``from support.portal import *``, so everything public is in ``__all__``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from zonereader.demo import FaultPlan, PortalServer, SamplePortal

__all__ = [
    "SAMPLE_ARTICLES",
    "PortalFactory",
    "portal_factory",
    "portal_manifest",
    "sample_portal",
    "start_portal",
]

#: Size of the ``sample_portal`` fixture's site.
SAMPLE_ARTICLES = 120

PortalFactory = Callable[..., PortalServer]


def start_portal(
    articles: int = SAMPLE_ARTICLES,
    seed: int = 1,
    faults: FaultPlan | None = None,
    page_size: int = 20,
) -> PortalServer:
    """Start a sample portal server on 127.0.0.1 (a free port); the caller stops it."""
    portal = SamplePortal(articles=articles, seed=seed, page_size=page_size)
    return PortalServer(portal, faults=faults).start()


@pytest.fixture
def sample_portal() -> Iterator[PortalServer]:
    """A started sample portal: 120 articles, seed 1."""
    server = start_portal()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def portal_factory() -> Iterator[PortalFactory]:
    """A factory of started sample portals (``articles=``, ``seed=``, ``faults=``,
    ``page_size=``); all are stopped at teardown."""
    servers: list[PortalServer] = []

    def make(**options: Any) -> PortalServer:
        server = start_portal(**options)
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def portal_manifest(sample_portal: PortalServer) -> dict[str, Any]:
    """The ground truth of ``sample_portal``, with bodies."""
    return sample_portal.manifest()
