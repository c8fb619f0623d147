"""Take the user guide's screenshots: SVGs drawn by Textual from a real sync of the sample portal.

Serves the sample portal on loopback, syncs it with the real engine into a temporary cache,
then drives the app headless and saves what it draws:

- ``docs/screen-80x24.svg``: the list-first layout of an 80-column terminal;
- ``docs/screen-160x48.svg``: three panes, a 图片新闻 article with its picture.

The app's clock is fixed two minutes after the sync finished, so the status line reads
``synced 2 min ago`` on every run. Pictures are drawn with half-blocks (as over SSH): headless,
textual-image would otherwise fall back to plain characters.

Usage: ``python scripts/screenshots.py [--out docs]``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from zonereader.config import Config, SourceConfig, UISettings
from zonereader.demo import PortalServer, SamplePortal
from zonereader.models import CST
from zonereader.store import Store
from zonereader.sync.engine import run_sync

PICTURE_ZONE = "zone:开发区新闻/浙江/舟山/图片新闻"


async def settle(pilot: Any) -> None:
    """Let every worker finish and its messages be handled."""
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in pilot.app.workers):
            return


async def shoot(config: Config, db: Path, size: tuple[int, int], out: Path, wide: bool) -> None:
    """Open the app on ``db`` at ``size``, set the scene, save an SVG to ``out``."""
    from zonereader.ui.app import make_app
    from zonereader.ui.screens.main import MainScreen

    with Store.open(db) as store:
        last = store.last_run()
        assert last is not None
        now = last.finished.astimezone(CST) + timedelta(minutes=2)
        app = make_app(config, store, db, clock=lambda: now, check_interval=0, counts_delay=0)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            if wide:
                screen.zone_tree.focus()
                screen.zone_tree.select_key(PICTURE_ZONE)
                await pilot.press("enter")
                await settle(pilot)
                await pilot.press("enter")
                await settle(pilot)
                reader = screen.reader
                for _ in range(200):
                    if reader.image_state(1) == "shown":
                        break
                    await pilot.pause(0.05)
                await pilot.press("j", "j")
            else:
                await pilot.press("escape", "j", "j", "j")
            await settle(pilot)
            app.clear_notifications()
            await settle(pilot)
            app.save_screenshot(filename=out.name, path=str(out.parent))
            await app.action_quit()


def main() -> None:
    """Sync the sample portal, take both screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()

    import textual_image.widget
    from textual_image.widget import HalfcellImage

    # drawn as over SSH: the script replaces the class textual-image picked for this terminal
    textual_image.widget.Image = HalfcellImage  # type: ignore[assignment]

    directory = Path(tempfile.mkdtemp(prefix="zr-screens-"))
    db = directory / "zonereader.db"
    portal = PortalServer(SamplePortal(articles=300, seed=1)).start()
    try:
        source = SourceConfig(name="sample", url=portal.url, extra_urls=(portal.other_url,))
        config = Config(sources=(source,), ui=UISettings(images=True))
        report = run_sync(config, db)
        if not report.ok:
            raise SystemExit(f"the sync of the sample portal failed: {report.as_dict()}")
        for size, name, wide in (((80, 24), "screen-80x24.svg", False),
                                 ((160, 48), "screen-160x48.svg", True)):  # fmt: skip
            target = args.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            asyncio.run(shoot(config, db, size, target, wide))
            print(target)
    finally:
        portal.stop()


if __name__ == "__main__":
    main()
