"""Untrusted article text never reaches the terminal as control sequences or markup.

The app runs in a real pseudo-terminal, as a person's terminal would host it, on a cache whose
newest article carries an OSC title-setting sequence, a CSI colour sequence, C1 controls, Rich
markup and bidi controls. The raw bytes the app writes are checked.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from datetime import timedelta
from pathlib import Path

import pytest
from ui_helpers import FIXED_NOW

from zonereader.models import Article, ListQuery, SiteLink
from zonereader.store import Store

EVIL_TITLE = (
    "EVIL\x1b]0;PWNED\x07 title \x1b[31mRED\x1b[0m \x9b2J [bold]x[/] "
    "[link=http://evil.test/]click[/link] \u202eabc\u202c end"
)
EVIL_BODY = [
    "first \x1b]0;PWNED-BODY\x07 paragraph \x1b[5m blink [reverse]inv[/reverse] \u2066iso\u2069",
    "second \x1b]52;c;cHduZWQ=\x07 clipboard \x1bP+q696e646578\x1b\\ dcs",
]
ZONE = "开发区新闻/测试/\x1b[31m文字新闻"
PUBLISHER = "测试\x1b]0;PWNED-PUB\x07开发区"


def evil_cache(directory: Path) -> tuple[Path, Path]:
    """A cache with one ordinary and one hostile article (the hostile one is newest)."""
    db = directory / "evil.db"
    config = directory / "config.toml"
    config.write_text("", encoding="utf-8")
    with Store.open(db) as store:
        store.upsert_article(
            Article(
                url="http://portal.test/a/1.html",
                title="普通文章",
                zone="开发区新闻/测试/文字新闻",
                source="test",
                published=FIXED_NOW,
                paragraphs=["正文。"],
            )
        )
        store.upsert_article(
            Article(
                url="http://portal.test/a/2.html",
                title=EVIL_TITLE,
                zone=ZONE,
                source="test",
                published=FIXED_NOW + timedelta(hours=1),
                origin="来源\x1b[2J",
                publisher=PUBLISHER,
                paragraphs=EVIL_BODY,
                prev_link=SiteLink("http://portal.test/a/1.html", "上\x1b]0;PWNED-LINK\x07一条"),
            )
        )
    return db, config


class Terminal:
    """A child process in a pseudo-terminal, with everything it wrote kept as bytes."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 100, rows: int = 30):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()

    def read_until(self, needle: bytes, timeout: float = 20.0) -> bool:
        """Read until ``needle`` has been written (or the deadline passes)."""
        deadline = time.monotonic() + timeout
        while needle not in self.output and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return needle in self.output
                if not chunk:
                    break
                self.output.extend(chunk)
        return needle in self.output

    def drain(self, seconds: float) -> None:
        """Keep reading for ``seconds``."""
        self.read_until(b"\x00never\x00", timeout=seconds)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> int | None:
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        return self.process.returncode


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_hostile_article_text_is_inert_in_a_real_terminal(tmp_path: Path) -> None:
    db, config = evil_cache(tmp_path)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ["HOME"],
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    exe = Path(sys.executable).with_name("zonereader")
    term = Terminal([str(exe), "--db", str(db), "--config", str(config)], env)
    try:
        assert term.read_until("普通文章".encode()), term.output[-2000:]
        term.send(b"N")  # opens the newest unread: the hostile one
        assert term.read_until("上一条".encode()), term.output[-2000:]
        term.drain(0.5)
        term.send(b"q")  # back from the full-screen reader to the list
        term.drain(0.5)
        term.send(b"q")  # quit
        term.drain(0.5)
    finally:
        code = term.close()
    raw = bytes(term.output)
    assert code == 0, raw[-2000:]
    # the title and body were drawn...
    assert b"EVIL" in raw and b"first" in raw and b"clipboard" in raw
    # ...with no sequence of theirs: no window title, no colour, no clipboard write, no DCS
    for needle in (b"PWNED", b"\x1b]0;", b"\x1b]2;", b"\x1b[31m", b"\x1b[5m", b"cHduZWQ=",
                   b"\x1bP+q", b"\xc2\x9b", b"\x1b[2J"):  # fmt: skip
        assert needle not in raw, needle
    # Rich markup is shown literally, never interpreted (no hyperlink escape for it)
    assert b"[bold]x[/]" in raw
    assert b"[link=http://evil.test/]click[/link]" in raw
    assert b"\x1b]8;" not in raw
    # bidi controls are stripped
    for char in ("\u202e", "\u202c", "\u2066", "\u2069"):
        assert char.encode() not in raw


def test_hostile_text_is_cleaned_before_it_reaches_widgets(tmp_path: Path) -> None:
    """The same, checked on the laid-out lines the reader draws and the rows the list draws."""
    from zonereader.ui.article_view import article_blocks, layout
    from zonereader.ui.reads import clean_summary

    db, _ = evil_cache(tmp_path)
    with Store.open(db) as store:
        stored = store.article_by_url("http://portal.test/a/2.html")
        rows = [clean_summary(r) for r in store.page(ListQuery(), 0, 10)]
    text = "\n".join(line.text for line in layout(article_blocks(stored), 60))
    text += "\n".join(f"{r.title}{r.publisher}{r.zone}" for r in rows)
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert "PWNED" not in text
    assert "[bold]x[/]" in text.replace("\n", "")
