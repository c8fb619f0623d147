"""``zonereader source add/list/remove`` against real loopback servers and a real config file."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from zonereader.cli import main
from zonereader.config import SourceConfig, load_config
from zonereader.demo import PortalServer
from zonereader.demo.feeds import FeedServer, FeedSet
from zonereader.models import SourceKind
from zonereader.store import Store
from zonereader.sync.feed_walk import GONE_META


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer(FeedSet(3, 5)) as server:
        yield server


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sources(config: Path) -> list[tuple[str, SourceKind, str, str]]:
    return [(s.name, s.kind, s.url, s.zone) for s in load_config(config).sources]


def test_add_feed_is_detected_and_zoned_by_its_title(
    feed_server: FeedServer, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "source", "add", feed_server.feed_url(0))
    assert code == 0
    assert "added feed" in out
    config = isolated_dirs / "config.toml"
    assert sources(config) == [
        ("舟山开发区新闻 0", SourceKind.FEED, feed_server.feed_url(0), "舟山开发区新闻 0")
    ]
    # A second source on the same host gets its own name; --zone is honoured.
    code, _, _ = run(capsys, "source", "add", feed_server.feed_url(1), "--zone", "/浙江/宁波/")
    assert code == 0
    assert sources(config)[1] == (
        "宁波开发区新闻 1",
        SourceKind.FEED,
        feed_server.feed_url(1),
        "浙江/宁波",
    )


def test_add_keeps_the_users_other_settings(
    feed_server: FeedServer, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = isolated_dirs / "config.toml"
    config.write_text('[sync]\ntimeout = 7.5\n\n[keys]\nnext_article = "n,j"\n', encoding="utf-8")
    assert run(capsys, "source", "add", feed_server.feed_url(0), "--name", "zs")[0] == 0
    loaded = load_config(config)
    assert loaded.sync.timeout == 7.5
    assert loaded.keys == {"next_article": "n,j"}
    assert [s.name for s in loaded.sources] == ["zs"]


def test_page_advertising_a_feed_without_a_terminal_keeps_the_page_and_says_so(
    feed_server: FeedServer, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "source", "add", feed_server.page_url(2))
    assert code == 0
    assert f"advertises a feed: {feed_server.feed_url(2)}" in err
    assert "--feed" in err
    assert sources(isolated_dirs / "config.toml")[0][1:3] == (
        SourceKind.PORTAL,
        feed_server.page_url(2),
    )


def test_page_advertising_a_feed_with_feed_flag_adds_the_feed(
    feed_server: FeedServer, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "source", "add", feed_server.page_url(2), "--feed")
    assert code == 0, out
    assert sources(isolated_dirs / "config.toml") == [
        (
            "苏州工业园区开发区新闻 2",
            SourceKind.FEED,
            feed_server.feed_url(2),
            "苏州工业园区开发区新闻 2",
        )
    ]


def test_portal_page_is_added_as_a_portal(
    sample_portal: PortalServer, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "source", "add", sample_portal.url, "--name", "kfq")
    assert code == 0
    assert "added portal 'kfq'" in out
    assert sources(isolated_dirs / "config.toml") == [
        ("kfq", SourceKind.PORTAL, sample_portal.url, "")
    ]


def test_duplicates_and_bad_urls_are_one_line_errors(
    feed_server: FeedServer, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "source", "add", feed_server.feed_url(0), "--name", "a")[0] == 0
    code, _, err = run(capsys, "source", "add", feed_server.feed_url(0))
    assert code == 2 and "already configured as 'a'" in err
    code, _, err = run(capsys, "source", "add", feed_server.feed_url(1), "--name", "a")
    assert code == 2 and "already exists" in err
    code, _, err = run(capsys, "source", "add", "ftp://x.example.cn/feed")
    assert code == 2 and len(err.strip().splitlines()) == 1
    # Neither a feed nor a page (an OPML file): refused unless --kind says what it is.
    code, _, err = run(capsys, "source", "add", feed_server.opml_url)
    assert code == 2 and "neither a feed nor an HTML page" in err


def test_unreachable_url_is_refused_unless_kind_is_given(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "http://127.0.0.1:9/nothing-listens-here"
    code, _, err = run(capsys, "source", "add", url)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "cannot reach" in err
    assert not (isolated_dirs / "config.toml").exists()
    code, _, err = run(capsys, "source", "add", url, "--kind", "portal")
    assert code == 0
    assert "warning" in err
    assert sources(isolated_dirs / "config.toml")[0][1:3] == (SourceKind.PORTAL, url)


def test_list_and_remove(
    feed_server: FeedServer, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "source", "list")
    assert code == 0 and "zonereader source add" in out
    run(capsys, "source", "add", feed_server.feed_url(0), "--name", "zs")
    run(capsys, "source", "add", feed_server.feed_url(1), "--name", "nb", "--zone", "浙江/宁波")
    code, out, _ = run(capsys, "source", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["name"], r["kind"], r["zone"], r["gone"]) for r in rows] == [
        ("zs", "feed", "舟山开发区新闻 0", False),
        ("nb", "feed", "浙江/宁波", False),
    ]
    with Store.open(isolated_dirs / "zonereader.db") as store:
        store.set_meta(GONE_META.format(name="nb"), "2024-01-01")
    code, out, _ = run(capsys, "source", "list")
    assert "nb" in out and "gone" in out
    assert json.loads(run(capsys, "source", "list", "--json")[1])[1]["gone"] is True
    code, out, _ = run(capsys, "source", "remove", "zs")
    assert code == 0 and "removed 'zs'" in out
    assert [s[0] for s in sources(isolated_dirs / "config.toml")] == ["nb"]
    code, _, err = run(capsys, "source", "remove", "zs")
    assert code == 2 and "no source called 'zs'" in err


def test_source_without_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "source")
    assert code == 2
    assert "choose an action" in err


def test_add_asks_on_a_terminal(feed_server: FeedServer, isolated_dirs: Path) -> None:
    """With a terminal, the advertised feed is offered; answering 2 adds the second choice."""
    import os

    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zonereader", "source", "add", feed_server.page_url(1)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    try:
        while b"Add which?" not in seen:
            chunk = os.read(master, 4096)
            if not chunk:
                break
            seen += chunk
        assert b"Add which?" in seen, seen
        assert feed_server.feed_url(1).encode() in seen
        os.write(master, b"1\n")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert sources(isolated_dirs / "config.toml")[0][1:3] == (
        SourceKind.FEED,
        feed_server.feed_url(1),
    )


def test_add_is_one_line_error_from_the_real_command(isolated_dirs: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zonereader", "source", "add", "http://127.0.0.1:9/x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_source_list_lines_up_chinese_names_by_display_width(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from zonereader.cli.common import display_width
    from zonereader.config import add_sources

    add_sources(
        isolated_dirs / "config.toml",
        [
            SourceConfig(name="舟山开发区新闻", url="http://a.example/", kind=SourceKind.FEED),
            SourceConfig(name="nb", url="http://b.example/", kind=SourceKind.PORTAL),
        ],
    )
    code, out, _ = run(capsys, "source", "list")
    assert code == 0
    lines = out.splitlines()
    # the kind column starts at the same cell on every line
    starts = [
        display_width(line[: line.index(kind)])
        for line, kind in zip(lines, ("feed", "portal"), strict=True)
    ]
    assert starts[0] == starts[1] == display_width("舟山开发区新闻") + 2
