"""The sync log: ``r`` with a source that cannot be reached, the status line pointing at the
log, and the log (``L`` and the palette) naming the source and its error, newest run first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_ui_sync import wait_for_sync
from ui_helpers import UICache, settle

from zonereader.config import Config, SourceConfig, SyncSettings
from zonereader.models import SourceKind
from zonereader.ui.screens.main import MainScreen
from zonereader.ui.screens.synclog import SyncLogScreen

SIZE = (100, 30)


def closed_port_url() -> str:
    """An http URL on loopback where nothing listens (connection refused at once)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


async def test_a_failed_source_is_named_in_the_status_line_and_the_sync_log(
    tmp_path: Path, portal_factory: Any
) -> None:
    from support.cache import portal_source

    server = portal_factory(articles=20)
    config = Config(
        sources=(
            portal_source(server),
            SourceConfig(name="断网的源", url=closed_port_url(), kind=SourceKind.FEED),
        ),
        sync=SyncSettings(retries=0, timeout=5),
    )
    cache = UICache(tmp_path / "zonereader.db", tmp_path / "config.toml", server.manifest())
    app = cache.app(config)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await pilot.press("r")
            await wait_for_sync(pilot)
            summary = screen.status.info.sync
            assert "1 source failed" in summary and "L: log" in summary, summary
            await pilot.press("r")  # a second run: the log lists both, newest first
            await wait_for_sync(pilot)
            screen.drawer = False
            await settle(pilot)
            await pilot.press("L")
            await settle(pilot)
            assert isinstance(app.screen, SyncLogScreen)
            log = app.screen.runs
            assert len(log) == 2 and log[0].id > log[1].id
            failed = [r for r in log[0].results if r.name == "断网的源"]
            assert failed and failed[0].state == "failed" and failed[0].errors
            text = str(app.screen.query_one("#synclog-text").render())
            assert "FAILED" in text and "断网的源" in text and "sample" in text
            assert "20 new" in text or "0 new" in text
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            # the status line after a restart says the same (read from the cache)
        restarted = cache.app(config)
        async with restarted.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "1 source failed" in restarted.screen.status.info.sync
    finally:
        cache.close()


async def test_the_sync_log_of_a_cache_never_synced(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.drawer = False
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, SyncLogScreen)
        text = str(app.screen.query_one("#synclog-text").render())
        # the template cache was synced by the test session's fixture: one run, all ok
        assert "ok" in text and "sample" in text
