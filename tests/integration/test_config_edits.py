"""Commands that write the config keep the user's file: comments, order, blank lines, layout.

Each test starts from a hand-written, commented config, runs one command that changes it (the
real command line, against real loopback servers), and compares the files line by line: every
line the change is not about must be there byte for byte, in its place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

import pytest

from zonereader.cli import main
from zonereader.config import load_config
from zonereader.demo.feeds import FeedServer, FeedSet, Route

#: A config as a person writes it: comments everywhere, aligned values, single quotes, blank
#: lines, sources between other tables. ``{old}`` and ``{feed0}`` are filled in with URLs.
USER_CONFIG = """\
# zonereader — my settings (kept in git; the notes below are mine)

[sync]
timeout   = 30        # our portals are slow
retries   = 2

# --- sources ---------------------------------------------------------------
[[sources]]
name = 'ningbo'                   # single quotes on purpose
url  = "{old}"      # it moved once already
kind = "feed"
zone = "浙江/宁波"

[[sources]]
# the feed I read first every morning
name = "zhoushan"
url = "{feed0}"
kind = "feed"
zone = "浙江/舟山"    # 舟山

[keys]
next_article = ["n", "ctrl+n"]   # as in mutt
"""


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with FeedServer(FeedSet(4, 3, seed=3)) as server:
        yield server


@pytest.fixture
def config(feeds: FeedServer, isolated_dirs: Path) -> Path:
    """The user's config (where ``isolated_dirs`` points zonereader)."""
    path = isolated_dirs / "config.toml"
    text = USER_CONFIG.format(old=feeds.base_url + "/old/feed.xml", feed0=feeds.feed_url(0))
    path.write_bytes(text.encode("utf-8"))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> None:
    code = main(list(args))
    _, err = capsys.readouterr()
    assert code == 0, err


def changes(before: bytes, after: bytes) -> list[tuple[str, list[bytes], list[bytes]]]:
    """The changed runs of lines between two files, ``(kind, old lines, new lines)``.

    Lines keep their ends, so a run not listed here is the same bytes in both files.
    """
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        (tag, old[i1:i2], new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def test_source_add_only_inserts_the_new_source(
    config: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    before = config.read_bytes()
    run(capsys, "source", "add", feeds.feed_url(1), "--name", "hangzhou")
    found = changes(before, config.read_bytes())
    assert [kind for kind, _, _ in found] == ["insert"]
    inserted = b"".join(found[0][2]).decode()
    assert inserted.startswith("[[sources]]\n") and 'name = "hangzhou"' in inserted
    assert "[keys]" not in inserted  # inserted after the last source, before the next table
    assert [s.name for s in load_config(config).sources] == ["ningbo", "zhoushan", "hangzhou"]


def test_source_remove_only_deletes_that_sources_lines(
    config: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    before = config.read_bytes()
    run(capsys, "source", "remove", "zhoushan")
    found = changes(before, config.read_bytes())
    assert [kind for kind, _, _ in found] == ["delete"]
    deleted = b"".join(found[0][1]).decode()
    assert deleted == (
        "[[sources]]\n"
        "# the feed I read first every morning\n"
        'name = "zhoushan"\n'
        f'url = "{feeds.feed_url(0)}"\n'
        'kind = "feed"\n'
        'zone = "浙江/舟山"    # 舟山\n'
        "\n"
    )
    assert [s.name for s in load_config(config).sources] == ["ningbo"]


def test_opml_import_only_inserts_the_imported_feeds(
    config: Path, feeds: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(feeds.feed_set.opml(feeds.base_url))
    before = config.read_bytes()
    run(capsys, "opml", "import", str(opml))
    found = changes(before, config.read_bytes())
    assert [kind for kind, _, _ in found] == ["insert"]
    names = [s.name for s in load_config(config).sources]
    assert names[:2] == ["ningbo", "zhoushan"] and len(names) == 2 + 3  # feed 0 was there


def test_a_permanent_redirect_changes_only_the_url_on_its_line(
    config: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds.routes["/old/feed.xml"] = Route(status=301, location=feeds.feed_set.path(2))
    before = config.read_bytes()
    run(capsys, "sync")
    found = changes(before, config.read_bytes())
    assert len(found) == 1
    kind, old, new = found[0]
    old_line = f'url  = "{feeds.base_url}/old/feed.xml"      # it moved once already\n'
    assert kind == "replace" and old == [old_line.encode()]
    assert new == [old_line.replace("/old/feed.xml", feeds.feed_set.path(2)).encode()]
    moved = load_config(config).source("ningbo")
    assert moved is not None and moved.url == feeds.feed_url(2)


def test_topic_add_and_remove_only_touch_their_own_lines(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = config.read_bytes()
    run(capsys, "topic", "add", "舟山签约", "(签约 OR 开工) zone:舟山")
    first = config.read_bytes()
    found = changes(original, first)
    assert [kind for kind, _, _ in found] == ["insert"]
    assert b"".join(found[0][2]).decode() == (
        '\n[[topics]]\nname = "舟山签约"\nquery = "(签约 OR 开工) zone:舟山"\n'
    )
    run(capsys, "topic", "add", "半导体", '"集成 电路" OR 半导体')
    second = config.read_bytes()
    found = changes(first, second)
    assert [kind for kind, _, _ in found] == ["insert"]
    inserted = b"".join(found[0][2]).decode()
    assert inserted.startswith(("\n[[topics]]\n", "[[topics]]\n")), inserted
    assert 'name = "半导体"' in inserted
    assert [(t.name, t.query) for t in load_config(config).topics] == [
        ("舟山签约", "(签约 OR 开工) zone:舟山"),
        ("半导体", '"集成 电路" OR 半导体'),
    ]
    run(capsys, "topic", "remove", "舟山签约")
    found = changes(second, config.read_bytes())
    assert [kind for kind, _, _ in found] == ["delete"]
    assert [t.name for t in load_config(config).topics] == ["半导体"]
    run(capsys, "topic", "remove", "半导体")  # the last one: no "topics = []" left behind
    assert config.read_bytes() in (original, original + b"\n")
