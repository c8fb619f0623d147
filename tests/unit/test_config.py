"""Config loading: defaults, typed values, file:line errors, warnings, edits that keep the rest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from zonereader.config import (
    ConfigError,
    SourceConfig,
    add_sources,
    default_source_name,
    load_config,
    parse_config,
    remove_source,
    unique_source_name,
    update_source_url,
)
from zonereader.models import SourceKind


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config.sources == ()
    assert config.sync.timeout > 0
    assert not (tmp_path / "nope.toml").exists()


def test_full_config_is_typed(tmp_path: Path) -> None:
    text = """
[sync]
timeout = 5
retries = 1

[ui]
theme = "textual-light"

[keys]
next_article = ["n", "ctrl+n"]
quit = "q"

[[sources]]
name = "zhoushan"
url = "http://127.0.0.1:8000/kfq/index.html"
zone = "浙江/"
max_connections = 2
delay = 0.5

[sources.selectors]
title = "h1.title"
body = "div.content"

[[sources]]
kind = "feed"
url = "https://example.cn/rss.xml"
zone = "浙江/舟山/文字新闻"
"""
    config = parse_config(text, tmp_path / "c.toml")
    assert config.sync.timeout == 5.0
    assert config.sync.retries == 1
    assert config.ui.theme == "textual-light"
    assert config.keys == {"next_article": "n,ctrl+n", "quit": "q"}
    first, second = config.sources
    assert first.zone == "浙江"
    assert first.max_connections == 2
    assert first.selectors.title == "h1.title"
    assert first.selectors.list_item is None
    assert second.kind is SourceKind.FEED
    assert second.name == "example.cn"
    assert config.source("zhoushan") is first
    assert config.warnings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[sources]]\nname = "a"\nurl = "http://x"\nmax_connections = 0\n',
            "c.toml:4: sources[0].max_connections",
        ),
        ('[[sources]]\nurl = "ftp://x"\n', "c.toml:2: sources[0].url: expected an http"),
        ('[sync]\n\ntimeout = "slow"\n', "c.toml:3: sync.timeout: expected a number"),
        (
            '[[sources]]\nurl = "http://a"\n[[sources]]\nurl = "http://b"\nkind = "rss"\n',
            "c.toml:5: sources[1].kind",
        ),
        ('[[sources]]\nname = "a"\n', "sources[0].url: every source needs a url"),
        (
            '[[sources]]\nname="a"\nurl="http://a"\n[[sources]]\nname="a"\nurl="http://b"\n',
            "duplicate source name",
        ),
        ("x = [\n", "invalid TOML"),
        ("[sources.selectors]\n", "sources"),
        ("[sync]\nretries = true\n", "sync.retries"),
    ],
)
def test_bad_values_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        parse_config(text, Path("c.toml"))
    message = str(excinfo.value)
    assert expected in message
    assert "\n" not in message


def test_toml_syntax_error_names_the_line() -> None:
    with pytest.raises(ConfigError, match=r"c\.toml: line 2: invalid TOML"):
        parse_config("a = 1\nb = = 2\n", Path("c.toml"))


def test_unknown_keys_warn_but_load() -> None:
    config = parse_config('colour = "red"\n[sync]\nspeed = 3\n', Path("c.toml"))
    assert len(config.warnings) == 2
    assert any("colour" in w for w in config.warnings)


def test_add_and_remove_keep_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[sync]\ntimeout = 7\n\n[keys]\nquit = "x"\n', encoding="utf-8")
    added = add_sources(
        path,
        [
            SourceConfig(name="a", url="http://a.example/"),
            SourceConfig(name="a", url="http://dup.example/"),
            SourceConfig(name="b", url="http://b.example/", kind=SourceKind.FEED, zone="浙江/舟山"),
        ],
    )
    assert [s.name for s in added] == ["a", "b"]
    config = load_config(path)
    assert config.sync.timeout == 7
    assert config.keys == {"quit": "x"}
    assert [s.name for s in config.sources] == ["a", "b"]
    assert config.sources[1].zone == "浙江/舟山"
    assert update_source_url(path, "b", "http://b.example/new.xml")
    assert load_config(path).sources[1].url == "http://b.example/new.xml"
    assert remove_source(path, "a")
    assert not remove_source(path, "a")
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [s["name"] for s in raw["sources"]] == ["b"]


def test_edits_refuse_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("x = [\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        add_sources(path, [SourceConfig(name="a", url="http://a.example/")])
    assert path.read_text(encoding="utf-8") == "x = [\n"


def test_written_config_keeps_one_table_per_source(tmp_path: Path) -> None:
    """Short sources are not folded into an inline array a hand-added table would break."""
    path = tmp_path / "config.toml"
    add_sources(path, [SourceConfig(name="a", url="http://a.example/")])
    text = path.read_text(encoding="utf-8")
    assert "[[sources]]" in text
    path.write_text(text + '\n[[sources]]\nname = "b"\nurl = "http://b.example/"\n', "utf-8")
    assert [s.name for s in load_config(path).sources] == ["a", "b"]


def test_source_names_come_from_titles_then_hosts() -> None:
    assert default_source_name("http://www.example.cn/rss", "舟山 日报\n") == "舟山 日报"
    assert default_source_name("http://www.example.cn/rss") == "example.cn"
    assert unique_source_name("a", ["a", "a-2"]) == "a-3"
    assert unique_source_name("b", ["a"]) == "b"


def test_an_unreadable_or_unwritable_config_is_a_config_error(tmp_path: Path) -> None:
    """Failing to read or write the file is one clear line, not a traceback."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read config"):
        add_sources(blocker / "config.toml", [SourceConfig(name="a", url="http://a.example/")])
    (tmp_path / "config.toml.tmp").mkdir()  # the atomic write's temporary file cannot be made
    with pytest.raises(ConfigError, match="cannot write config"):
        add_sources(tmp_path / "config.toml", [SourceConfig(name="a", url="http://a.example/")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[sync]\ntimeout = inf\n", "c.toml:2: sync.timeout: must be a finite number, got inf"),
        ("[sync]\ntimeout = nan\n", "sync.timeout: must be a finite number"),
        ("[sync]\nretries = 9223372036854775807\n", "sync.retries: must be at most 10"),
        ("[sync]\nmax_run_seconds = 0\n", "sync.max_run_seconds: must be greater than 0"),
        ("[sync]\nmax_body_bytes = 0\n", "sync.max_body_bytes: must be at least 1"),
        ("[sync]\nparse_timeout = 1e9\n", "sync.parse_timeout: must be at most 3600"),
        ('[[sources]]\nurl = "http://a"\ndelay = inf\n', "c.toml:3: sources[0].delay"),
        ('[[sources]]\nurl = "http://a"\nmax_connections = 1000\n', "at most 64"),
        ('[[sources]]\nurl = "http://[::1"\n', "sources[0].url: expected an http"),
        ('[[sources]]\nurl = "http://a"\nallow_hosts = ["a b"]\n', "sources[0].allow_hosts"),
        ('[[sources]]\nurl = "http://a"\nallow_hosts = "x.cn"\n', "a list of host names"),
    ],
)
def test_absurd_numbers_and_bad_hosts_name_file_line_and_key(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        parse_config(text, Path("c.toml"))
    assert expected in str(excinfo.value)


def test_allow_hosts_and_the_time_limits_are_read() -> None:
    config = parse_config(
        "[sync]\nmax_run_seconds = 600\nmax_source_seconds = 120\nparse_timeout = 5\n"
        "busy_timeout = 2\n\n"
        '[[sources]]\nurl = "http://a.example.cn/"\n'
        'allow_hosts = ["IMG.example.cn.", "*.CDN.example.cn", "例子.cn"]\n',
        Path("c.toml"),
    )
    assert config.sync.max_run_seconds == 600 and config.sync.max_source_seconds == 120
    assert config.sync.parse_timeout == 5 and config.sync.busy_timeout == 2
    assert config.sources[0].allow_hosts == ("img.example.cn", "*.cdn.example.cn", "xn--fsqu00a.cn")


def test_a_zone_deeper_than_32_levels_is_cut_with_a_warning(tmp_path: Path) -> None:
    zone = "/".join(f"z{n}" for n in range(40))
    config = parse_config(
        f'[[sources]]\nurl = "http://a.example.cn/"\nzone = "{zone}"\n', Path("c.toml")
    )
    assert len(config.sources[0].zone.split("/")) == 32
    assert any("sources[0].zone: 40 levels" in warning for warning in config.warnings)


def test_allow_hosts_is_written_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    add_sources(path, [SourceConfig(name="a", url="http://a.example/", allow_hosts=("b.cn",))])
    assert load_config(path).sources[0].allow_hosts == ("b.cn",)
