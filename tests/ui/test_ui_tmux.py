"""End to end, as a person over SSH: the installed ``zonereader`` in tmux, keys typed with
``send-keys``, the screen read with ``capture-pane``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from zonereader.models import ListQuery
from zonereader.store import Store

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

COLS, ROWS = 100, 30


class Tmux:
    """A private tmux server (its own socket, no user config) running one command at a time."""

    def __init__(self, socket: Path, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=20,
        )
        return result.stdout

    def start(self, command: list[str], cols: int = COLS, rows: int = ROWS) -> None:
        line = " ".join(_quote(part) for part in command)
        self.run("new-session", "-d", "-s", "zr", "-x", str(cols), "-y", str(rows), line)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "zr")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", "zr", key)
            time.sleep(0.15)

    def wait_for(self, check: Callable[[str], bool], timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"timed out; the screen shows:\n{text}")

    def wait_gone(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "zr" not in self.run("list-sessions", "-F", "#{session_name}"):
                return
            time.sleep(0.1)
        raise AssertionError("the app did not quit")

    def kill(self) -> None:
        self.run("kill-server")


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


@pytest.fixture
def tmux(tmp_path: Path, isolated_dirs: Path) -> Iterator[Tmux]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(isolated_dirs),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMUX_TMPDIR": str(tmp_path),
    }
    server = Tmux(tmp_path / "tmux.sock", env)
    try:
        yield server
    finally:
        server.kill()


def test_a_reader_session_over_tmux(tmux: Tmux, synced_cache: tuple[Path, Path, Any]) -> None:
    db, config, _ = synced_cache
    with Store.open(db) as store:
        newest = store.page(ListQuery(unread_only=True), 0, 1)[0]
        zones = sorted({row.zone for row in store.page(ListQuery(), 0, 400)})
    exe = str(Path(sys.executable).with_name("zonereader"))
    command = [exe, "--db", str(db), "--config", str(config)]
    head = newest.title[:8]

    tmux.start(command)
    # a first start: the zone tree (a drawer at 100 columns) beside the newest unread article
    screen = tmux.wait_for(lambda s: "Unread" in s and "Bookmarks" in s and head in s)
    assert "开发区新闻" in screen
    # N reads it full-screen (its title heads the reader, with the meta line under it)
    tmux.keys("N")
    screen = tmux.wait_for(lambda s: head in s and "来源:" in s and "Bookmarks" not in s)
    # b bookmarks it (the toast names it); q goes back to the list, q again quits
    tmux.keys("b")
    tmux.wait_for(lambda s: "Bookmarked: " in s)
    tmux.keys("q")
    tmux.wait_for(lambda s: "来源:" not in s and head in s)
    tmux.keys("q")
    tmux.wait_gone()

    # start again: the list where it was (the article is read: out of the Unread list, the
    # header says so), and the bookmark is still there
    tmux.start(command)
    screen = tmux.wait_for(lambda s: "299 unread" in s and "Unread · 300 articles" in s)
    tmux.keys("t")  # the zone tree drawer
    tmux.keys("j", "Enter")  # Unread -> Bookmarks
    # The status line names the list at once and its position once the rows are drawn.
    screen = tmux.wait_for(
        lambda s: re.search(r"Bookmarks.*(?<!\d)1/1(?!\d)", s.splitlines()[0]) is not None
    )
    rows = [line for line in screen.splitlines() if head in line]
    assert any("!" in line for line in rows), screen
    assert zones  # the cache had zones to show
    tmux.keys("q")
    tmux.wait_gone()


def test_prune_vacuum_refuses_while_the_app_is_open(
    tmux: Tmux, synced_cache: tuple[Path, Path, Any]
) -> None:
    """The app announces itself; a vacuum, which would keep its writes waiting, says so."""
    db, config, _ = synced_cache
    exe = str(Path(sys.executable).with_name("zonereader"))
    tmux.start([exe, "--db", str(db), "--config", str(config)])
    tmux.wait_for(lambda s: "Unread" in s)
    vacuum = [exe, "--db", str(db), "--config", str(config), "prune", "--older-than", "1"]
    refused = subprocess.run([*vacuum, "--vacuum"], capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert "the reader app has" in refused.stderr and "nothing was removed" in refused.stderr
    done = subprocess.run(vacuum, capture_output=True, text=True, check=False)  # no vacuum: fine
    assert (done.returncode, done.stderr) == (0, "")
    tmux.keys("q")
    tmux.wait_gone()
    vacuumed = subprocess.run([*vacuum, "--vacuum"], capture_output=True, text=True, check=False)
    assert (vacuumed.returncode, vacuumed.stderr) == (0, "")


def test_80x24_the_list_fills_the_screen_and_links_lead_to_articles(
    tmux: Tmux, synced_cache: tuple[Path, Path, Any]
) -> None:
    from zonereader.models import Article, BodyLink

    db, config, _ = synced_cache
    with Store.open(db) as store:
        rows = store.page(ListQuery(), 0, 400)
        target = rows[7]
        newest = rows[0].published
        assert newest is not None
        # a notice that links to a cached article, newer than everything else
        store.upsert_article(
            Article(
                url="http://portal.test/notice.html",
                title="关于园区政策的通知",
                zone="开发区新闻/浙江/舟山/文字新闻",
                source="sample",
                published=newest.replace(year=newest.year + 1),
                paragraphs=[f"详见{target.title}一文。"],
                links=[BodyLink(target.url, target.title)],
            )
        )
    exe = str(Path(sys.executable).with_name("zonereader"))
    command = [exe, "--db", str(db), "--config", str(config)]
    tmux.start(command, 80, 24)
    tmux.wait_for(lambda s: "关于园区政策的通知" in s)
    tmux.keys("Escape")  # the first start's drawer closes: the list has the screen
    screen = tmux.wait_for(lambda s: "Unread · 301 articles" in s)
    lines = screen.splitlines()
    rows_shown = [line for line in lines if re.search(r"\d{4}-\d{2}-\d{2}  ", line)]
    assert len(rows_shown) >= 18, screen
    # Enter reads the fourth row full-screen; Escape returns to the list on the same row
    fourth = rows_shown[3]
    tmux.keys("j", "j", "j", "Enter")
    tmux.wait_for(lambda s: "来源:" in s)
    tmux.keys("Escape")
    screen = tmux.wait_for(lambda s: "来源:" not in s and "4/301" in s.splitlines()[0])
    assert fourth.split("  ")[2][:6] in screen
    # the notice: its link, from the links view, opens the cached article in the reader
    tmux.keys("g", "Enter")
    tmux.wait_for(lambda s: "详见" in s and "[1]" in s)
    tmux.keys("l")
    tmux.wait_for(lambda s: "Links and images" in s and "cached" in s)
    tmux.keys("Enter")
    head = target.title[:8]
    tmux.wait_for(lambda s: head in s and "来源:" in s and "Links and images" not in s)
    tmux.keys("Escape", "q")
    tmux.wait_gone()
