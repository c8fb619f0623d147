"""``zonereader sync`` as a person sees it on a terminal, and as cron sees it without one."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from zonereader.cli.sync_cmd import _ProgressBar, summary
from zonereader.config import SourceConfig, add_sources
from zonereader.demo import PortalServer
from zonereader.models import SourceKind, SyncCounts, UpsertOutcome
from zonereader.sync.progress import (
    ArticleFailed,
    ArticleStored,
    PageFetched,
    PageKind,
    SourceFinished,
    SourceStarted,
)
from zonereader.sync.report import PARTIAL, SourceStatus, SyncReport


def test_sync_on_a_terminal_shows_a_summary(sample_portal: PortalServer, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    add_sources(config, [SourceConfig(name="sample", url=sample_portal.url)])
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zonereader", "sync", "--config", str(config), "--db",
         str(tmp_path / "z.db")],
        stdin=secondary, stdout=secondary, stderr=secondary, close_fds=True,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )  # fmt: skip
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    assert proc.wait(timeout=60) == 0
    text = output.decode("utf-8", "replace")
    assert "synced 1 source:" in text
    assert "0 failed" in text


def test_summary_line_and_notes() -> None:
    report = SyncReport(counts=SyncCounts(new=3, unchanged=2, failed=1, requests=9))
    report.sources["a"] = SourceStatus("a", SourceKind.PORTAL)
    report.sources["b"] = SourceStatus("b", SourceKind.FEED, state=PARTIAL, notes=["moved to X"])
    text = summary(report)
    assert text.splitlines()[0] == (
        "synced 2 sources: 3 new, 0 updated, 2 unchanged, 1 failed (9 requests); "
        "1 source with errors"
    )
    assert text.splitlines()[1] == "b: moved to X"


def test_progress_bar_takes_every_event_kind_and_escapes_markup() -> None:
    bar = _ProgressBar()
    with bar:
        status = SourceStatus("[bold]x[/]", SourceKind.PORTAL)
        bar.update(SourceStarted("[bold]x[/]", SourceKind.PORTAL))
        bar.update(PageFetched("[bold]x[/]", "http://p/1", PageKind.LIST, queued=3))
        bar.update(ArticleStored("[bold]x[/]", "http://p/a", UpsertOutcome.NEW))
        bar.update(ArticleFailed("[bold]x[/]", "http://p/b", "HTTP 500"))
        bar.update(SourceFinished("[bold]x[/]", status))
        task = bar.progress.tasks[0]
        assert task.total == 3 and task.completed == 2
        assert "\\[bold]" in task.description  # shown literally, not as Rich markup


def test_sync_command_stays_headless() -> None:
    code = (
        "import sys, zonereader.cli, zonereader.cli.sync_cmd, zonereader.sync.engine, "
        "zonereader.sync.portal_walk; "
        "assert 'textual' not in sys.modules, 'textual imported'; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr
