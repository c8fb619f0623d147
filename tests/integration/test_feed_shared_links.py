"""Feed entries that share a link, synced for real: none is lost, none changes identity.

The 2004 feed fixture has 15 entries: three with links of their own, eight whose links differ
only in the fragment (two monthly archive pages), four that share one link exactly. An earlier
zonereader stored 6 articles for it. tests/fixtures/caches/feed_shared_links_2004.db is a cache
that version wrote (with read marks and bookmarks set through its own store); it is synced here
by the current code, from a loopback server of the test's own.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from zonereader.cli import main
from zonereader.config import Config, SourceConfig
from zonereader.models import ListQuery, SourceKind
from zonereader.store import Store
from zonereader.sync.engine import run_sync

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FEED = (FIXTURES / "feeds" / "rss091_shared_links_2004.xml").read_bytes()
OLD_CACHE = FIXTURES / "caches" / "feed_shared_links_2004.db"
SOURCE = "kfqblog"  # the source name the old cache was written with
JUNE = "http://blog.example.cn/kfq/2004/06/index.html"
MAY = "http://blog.example.cn/kfq/2004/05/index.html"
NOTICE = "http://www.example.cn/kfq/notice.html"
LIST = "http://blog.example.cn/kfq/archives/000131.html"
ABOUT = "http://blog.example.cn/kfq/about.html"


class _FeedServer:
    """Serves one feed document at /rss.xml; ``body`` may be replaced between syncs."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = owner.body
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/rss.xml"


@pytest.fixture
def feed() -> Iterator[_FeedServer]:
    server = _FeedServer(FEED)
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def config_for(server: _FeedServer) -> Config:
    source = SourceConfig(name=SOURCE, url=server.url, kind=SourceKind.FEED, zone="订阅/招商日志")
    return Config(sources=(source,))


def titles_by_url(db: Path) -> dict[str, tuple[str, bool, bool]]:
    with Store.open(db) as store:
        rows = store.page(ListQuery(), 0, 100)
        return {row.url: (row.title, row.read, row.bookmarked) for row in rows}


def test_every_entry_is_an_article_of_its_own(feed: _FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    report = run_sync(config_for(feed), db)
    assert report.ok and report.counts.new == 15
    stored = titles_by_url(db)
    assert len(stored) == 15
    assert len({title for title, _read, _mark in stored.values()}) == 15
    assert stored[f"{JUNE}#a000134"][0] == "六月二十八日：外商座谈会"
    assert stored[NOTICE][0] == "园区道路命名方案公示"  # the first of the link's entries
    assert sum(url.startswith(f"{NOTICE}#zr-") for url in stored) == 3
    again = run_sync(config_for(feed), db, full=True)
    assert again.counts.new == 0 and again.counts.updated == 0
    assert titles_by_url(db) == stored


def test_a_cache_written_before_keeps_its_articles_and_user_state(
    feed: _FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "old.db"
    shutil.copyfile(OLD_CACHE, db)
    before = titles_by_url(db)
    assert len(before) == 6  # what the earlier version made of the 15 entries
    assert before[JUNE] == ("六月二十八日：外商座谈会", True, True)

    report = run_sync(config_for(feed), db)
    assert report.ok, report.as_dict()
    after = titles_by_url(db)
    assert len(after) == 15
    assert len({title for title, _read, _mark in after.values()}) == 15  # no article twice
    # links that were unique keep their identity and their state
    assert after[LIST] == before[LIST] == ("一份招商引资项目清单", True, True)
    assert after[ABOUT] == before[ABOUT]
    assert after[NOTICE] == before[NOTICE] == ("园区道路命名方案公示", False, True)
    # an article that stood for several entries became the entry it was, state and all
    assert JUNE not in after and MAY not in after
    assert after[f"{JUNE}#a000134"] == ("六月二十八日：外商座谈会", True, True)
    assert after[f"{MAY}#a000128"] == ("五月三十一日：海关监管点开通", True, False)
    # the entries it used to hide are new, unread and not bookmarked
    assert after[f"{JUNE}#a000133"] == ("六月二十一日：赴港招商小结", False, False)
    with Store.open(db) as store:
        assert store.count(ListQuery(bookmarks=True)) == 3
        moved = store.article_by_url(f"{JUNE}#a000134")
        assert moved is not None and moved.read and moved.bookmarked

    # a second sync changes nothing: identities are stable
    report = run_sync(config_for(feed), db)
    assert report.counts.new == 0 and report.counts.updated == 0
    assert titles_by_url(db) == after


def test_identities_survive_the_feed_growing_and_rolling(feed: _FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    run_sync(config_for(feed), db)
    first = titles_by_url(db)
    text = FEED.decode("gbk")
    head, _, rest = text.partition("<item>")
    items = ["<item>" + part for part in rest.split("<item>")]
    newest = (
        "<item>\n<title>七月五日：年中总结</title>\n"
        "<link>http://www.example.cn/kfq/notice.html</link>\n"
        "<description>上半年园区新引进项目十二个。</description>\n</item>\n"
    )
    # a new entry on top that shares the notice link, the oldest four entries rolled off, and
    # of the June archive's four entries only one left: its link is unique in the feed now
    kept = [item for item in items[:-4] if "2004/06" not in item or "a000134" in item]
    rolled = head + newest + "".join(kept)
    rolled = rolled.rstrip() + "\n</channel>\n</rss>\n" if "</rss>" not in rolled else rolled
    feed.body = rolled.encode("gbk")
    report = run_sync(config_for(feed), db)
    assert report.ok and report.counts.new == 1 and report.counts.updated == 0
    after = titles_by_url(db)
    assert {url: first[url][0] for url in first} == {url: after[url][0] for url in first}
    added = set(after) - set(first)
    assert len(added) == 1
    (url,) = added
    assert url.startswith(f"{NOTICE}#zr-") and after[url][0] == "七月五日：年中总结"


def test_the_command_line_finds_each_entry_by_the_url_a_sync_gave_it(
    feed: _FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``zonereader read URL`` (and ``mark``) look an article up as sync stores identities:
    an entry named by its link with its fragment is found by that URL, typed in any spelling
    of the link; an entry named by its plain link is found with or without a fragment."""
    db = tmp_path / "z.db"
    assert run_sync(config_for(feed), db).ok

    def read(url: str) -> str:
        code = main(["read", "--db", str(db), url])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out.splitlines()[0]

    assert read(f"{JUNE}#a000134") == "六月二十八日：外商座谈会"
    assert read("HTTP://Blog.Example.cn:80/kfq/2004/06/index.html#a000133") == (
        "六月二十一日：赴港招商小结"
    )
    assert read(f"{MAY}#a000128") == "五月三十一日：海关监管点开通"
    assert read(LIST) == read(f"{LIST}#comments") == "一份招商引资项目清单"
    with Store.open(db) as store:
        shared = [row.url for row in store.page(ListQuery(), 0, 100) if "#zr-" in row.url]
    assert shared and all(read(url) for url in shared)  # as `zonereader list` prints them
    code = main(["mark", "read", "--db", str(db), f"{JUNE}#a000133"])
    assert code == 0, capsys.readouterr().err
    with Store.open(db) as store:
        marked = store.article_by_url(f"{JUNE}#a000133")
        assert marked is not None and marked.read
