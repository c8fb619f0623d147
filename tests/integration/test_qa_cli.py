"""Command-line behaviour found in hands-on QA: run the installed entry point as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from zonereader.models import CST, Article
from zonereader.store import Store


def _fill(count: int) -> None:
    """Store ``count`` articles in the cache at $ZONEREADER_DB."""
    with Store.open(Path(os.environ["ZONEREADER_DB"])) as store:
        for number in range(count):
            store.upsert_article(
                Article(
                    url=f"http://portal.example/zs/{number}.html",
                    title=f"舟山高新区招商引资推进会第{number}次",
                    zone="开发区新闻/舟山/文字新闻",
                    source="sample",
                    published=datetime(2023, 12, 1 + number % 28, tzinfo=CST),
                    paragraphs=["园区召开推进会。" * 20],
                )
            )


def test_output_into_a_closed_pipe_ends_quietly(isolated_dirs: Path) -> None:
    """``zonereader list | head -1`` must not print a BrokenPipeError traceback."""
    _fill(50)
    for args in (["list"], ["list", "--json"], ["search", "招商"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "zonereader", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first write, like `| head -0`
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=30)
        assert "Traceback" not in stderr, stderr
        assert "BrokenPipeError" not in stderr
        assert proc.returncode == 141
