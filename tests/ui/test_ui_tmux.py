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

    def start(self, command: list[str]) -> None:
        line = " ".join(_quote(part) for part in command)
        self.run("new-session", "-d", "-s", "zr", "-x", str(COLS), "-y", str(ROWS), line)

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
    # a zone tree, a list with the newest unread article
    screen = tmux.wait_for(lambda s: "Unread" in s and "Bookmarks" in s and head in s)
    assert "开发区新闻" in screen
    # N opens it in the reader (its title appears twice: list row and reader heading)
    tmux.keys("N")
    screen = tmux.wait_for(lambda s: s.count(head) >= 2 and "来源:" in s)
    # b bookmarks it; q quits
    tmux.keys("b")
    tmux.wait_for(lambda s: "Bookmarks 1" in s)
    tmux.keys("q")
    tmux.wait_gone()

    # start again: the article is back in the reader (it left the Unread list: it is read),
    # and the bookmark is still there
    tmux.start(command)
    screen = tmux.wait_for(lambda s: "Bookmarks 1" in s and head in s and "来源:" in s)
    assert "299 unread" in screen
    tmux.keys("BTab")  # from the list back to the zone tree
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
