"""``zonereader opml import/export`` on real config files, and an imported feed synced for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonereader.cli import main
from zonereader.config import load_config
from zonereader.demo.feeds import FeedServer, FeedSet
from zonereader.models import ListQuery, SourceKind
from zonereader.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "opml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def configured(path: Path) -> list[tuple[str, SourceKind, str]]:
    return [(s.url, s.kind, s.zone) for s in load_config(path).sources]


def test_import_nested_folders(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "opml", "import", str(FIXTURES / "nested.opml"))
    assert code == 0
    assert "imported 4 source(s)" in out
    assert configured(isolated_dirs / "config.toml") == [
        ("http://zs.example.cn/rss.xml", SourceKind.FEED, "浙江/舟山/舟山新闻"),
        ("http://dh.example.cn/feed", SourceKind.FEED, "浙江/舟山/定海／普陀"),
        ("https://nb.example.cn/atom.xml", SourceKind.FEED, "浙江/宁波开发区"),
        ("http://xinhua.example.cn/rss", SourceKind.FEED, "新华社"),
    ]
    names = [s.name for s in load_config(isolated_dirs / "config.toml").sources]
    assert len(set(names)) == 4


def test_import_reports_duplicates_and_skipped_outlines(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "opml", "import", str(FIXTURES / "types.opml"))
    assert code == 0
    assert "imported 3 source(s)" in out
    assert "skipped 1 duplicate(s) and 3 other outline(s)" in out
    assert "duplicate, already configured: http://a.example.cn/rss" in out
    # Importing again adds nothing and says so.
    code, out, _ = run(capsys, "opml", "import", str(FIXTURES / "types.opml"))
    assert code == 0
    assert "imported 0 source(s)" in out and "skipped 4 duplicate(s)" in out
    assert len(load_config(isolated_dirs / "config.toml").sources) == 3


def test_import_under_a_zone(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys, "opml", "import", str(FIXTURES / "missing_titles.opml"), "--zone", "外部"
    )
    assert code == 0
    assert [z for _, _, z in configured(isolated_dirs / "config.toml")] == [
        "外部/untitled.example.cn",
        "外部/只有 title 属性/园区动态",
    ]


def test_malformed_file_changes_nothing(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = isolated_dirs / "config.toml"
    config.write_text('[ui]\ntheme = "nord"\n', encoding="utf-8")
    before = config.read_bytes()
    code, out, err = run(capsys, "opml", "import", str(FIXTURES / "malformed.opml"))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "malformed.opml: not well-formed XML at line 5" in err
    assert "nothing imported" in err
    assert config.read_bytes() == before
    code, _, err = run(capsys, "opml", "import", str(FIXTURES / "no-such-file.opml"))
    assert code == 2 and "cannot read" in err


def test_export_then_import_round_trips(
    isolated_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "opml", "import", str(FIXTURES / "nested.opml"))
    config = isolated_dirs / "config.toml"
    with config.open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[sources]]\nname = "kfq"\nkind = "portal"\nurl = "http://kfq.example.cn/"\n'
            'zone = "江苏"\n\n[[sources]]\nname = "bare"\nkind = "feed"\n'
            'url = "http://bare.example.cn/rss"\n'
        )
    code, out, _ = run(capsys, "opml", "export")
    assert code == 0
    assert out.startswith('<?xml version="1.0" encoding="utf-8"?>')
    exported = tmp_path / "export.opml"
    assert run(capsys, "opml", "export", str(exported))[0] == 0
    assert exported.read_text(encoding="utf-8") == out

    other = tmp_path / "other.toml"
    code, _, _ = run(capsys, "--config", str(other), "opml", "import", str(exported))
    assert code == 0
    before = load_config(config).sources
    after = load_config(other).sources
    assert [(s.name, s.kind, s.url) for s in after] == [(s.name, s.kind, s.url) for s in before]
    # The zone a feed's entries go to is the same (a feed without one uses its name).
    effective = [s.zone or (s.name if s.kind is SourceKind.FEED else "") for s in before]
    assert [s.zone for s in after] == effective


def test_imported_feeds_sync_into_their_folders(
    isolated_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FeedServer(FeedSet(4, 6)) as server:
        opml = tmp_path / "demo.opml"
        opml.write_bytes(server.feed_set.opml(server.base_url))
        assert run(capsys, "opml", "import", str(opml))[0] == 0
        code, _, err = run(capsys, "sync")
        assert code == 0, err
    with Store.open(isolated_dirs / "zonereader.db") as store:
        assert store.count(ListQuery(zone="演示")) == 24
        assert store.count(ListQuery(zone="演示/偶数")) == 12
        zones = {z.path for z in store.zone_counts()}
    assert "演示/奇数/宁波开发区新闻 1" in zones
