"""Topics, the query language, user state and the digest, from the real command line.

Runs against a cache synced from the sample portal (300 articles over many zones), with the
config that names its source.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from support.cache import run_cli
from zonereader.cli import main
from zonereader.config import load_config
from zonereader.models import CST, Article, ListQuery
from zonereader.store import Store

HOSTILE = '<script>alert(1)</script>\x1b]0;PWNED\x07 "舟山" & [链接](javascript:x) *粗*'


@pytest.fixture
def cache(
    synced_cache: tuple[Path, Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, dict[str, Any]]:
    """The synced sample-portal cache and its config, as the command's defaults."""
    db_path, config_path, manifest = synced_cache
    monkeypatch.setenv("ZONEREADER_DB", str(db_path))
    monkeypatch.setenv("ZONEREADER_CONFIG", str(config_path))
    return db_path, config_path, manifest


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def count(db_path: Path, query: ListQuery) -> int:
    with Store.open(db_path) as store:
        return store.count(query)


# --------------------------------------------------------------------------- topics


def test_topic_add_list_remove(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    db_path, config_path, _ = cache
    config_path.write_text("# my sources\n" + config_path.read_text("utf-8"), "utf-8")
    code, out, err = run(capsys, "topic", "add", "舟山投资", "投资 OR 签约 zone:舟山")
    assert code == 0, err
    total = count(db_path, ListQuery(search="投资 OR 签约 zone:舟山"))
    assert total > 0
    assert out.strip() == f"added topic '舟山投资': {total:,} articles, {total:,} unread"
    code, _out, err = run(capsys, "topic", "add", "苏州", "zone:苏州 unread")
    assert code == 0, err
    code, out, _ = run(capsys, "topic", "list", "--json")
    topics = json.loads(out)
    assert [t["name"] for t in topics] == ["舟山投资", "苏州"]
    assert topics[0] == {
        "name": "舟山投资",
        "query": "投资 OR 签约 zone:舟山",
        "articles": total,
        "unread": total,
    }
    code, out, _ = run(capsys, "topic", "list")
    assert out.splitlines()[0].startswith("舟山投资")
    assert f"{total:>6,} unread of {total:,}" in out
    assert [t.name for t in load_config(config_path).topics] == ["舟山投资", "苏州"]
    code, out, _ = run(capsys, "topic", "remove", "苏州")
    assert code == 0 and "removed topic '苏州'" in out
    assert [t.name for t in load_config(config_path).topics] == ["舟山投资"]
    code, _, err = run(capsys, "topic", "remove", "苏州")
    assert code == 2 and "no topic called '苏州' (topics: 舟山投资)" in err


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(签约 OR 开工", "topic add: '(' is never closed (at character 1"),
        ("签约 zonee:舟山", "topic add: unknown filter 'zonee:'"),
        ("", "topic add: the query is empty"),
        ("x" * 10_000, "topic add: the query is too long (10,000 characters; at most 2,000)"),
    ],
)
def test_topic_add_refuses_a_malformed_query_in_one_line(
    capsys: pytest.CaptureFixture[str],
    cache: tuple[Path, Path, dict[str, Any]],
    query: str,
    message: str,
) -> None:
    _db, config_path, _ = cache
    before = config_path.read_text("utf-8")
    code, out, err = run(capsys, "topic", "add", "bad", query)
    assert code == 2
    assert out == ""
    assert err.startswith(f"zonereader: error: {message}")
    assert len(err.splitlines()) == 1
    assert config_path.read_text("utf-8") == before


def test_topic_naming_an_unknown_zone_is_saved_with_a_warning(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    _db, config_path, _ = cache
    code, _out, err = run(capsys, "topic", "add", "宁波湾", "签约 zone:宁波湾")
    assert code == 0
    assert "cannot answer it yet: no zone is called '宁波湾' or ends with it" in err
    assert load_config(config_path).topic("宁波湾") is not None
    code, out, _ = run(capsys, "topic", "list", "--json")
    assert "no zone is called" in json.loads(out)[0]["error"]
    code, _, err = run(capsys, "topic", "add", "宁波湾", "x")
    assert code == 2 and "already exists" in err


# --------------------------------------------------------------------------- search


def test_search_takes_the_query_language(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    _db, _config, manifest = cache
    code, out, _ = run(capsys, "search", "zone:舟山/图片新闻", "--json", "--limit", "0")
    assert code == 0
    expected = [a for a in manifest["articles"] if a["zone"] == "开发区新闻/浙江/舟山/图片新闻"]
    assert {row["url"] for row in json.loads(out)} == {a["url"] for a in expected}
    code, out, _ = run(capsys, "search", "origin:新华网 NOT zone:舟山", "--json", "--limit", "0")
    expected = [
        a for a in manifest["articles"] if a["origin"] == "新华网" and "/舟山/" not in a["zone"]
    ]
    assert {row["url"] for row in json.loads(out)} == {a["url"] for a in expected}
    code, out, _ = run(capsys, "search", "after:2020-02-01", "--json", "--limit", "0")
    expected = [a for a in manifest["articles"] if a["published"] >= "2020-02-01"]
    assert len(json.loads(out)) == len(expected)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"舟山', 'search: this quote (") is never closed (at character 1'),
        ("舟山 OR", "search: 'OR' needs a term after it (at character 4"),
        ("zone:文字新闻", "search: zone:文字新闻 is ambiguous"),
        ("zone:拉萨", "search: no zone is called '拉萨' or ends with it"),
        ("NEAR(舟山 签约) AND", "search: 'AND' needs a term after it"),
    ],
)
def test_search_errors_are_one_line_never_sqlite(
    capsys: pytest.CaptureFixture[str],
    cache: tuple[Path, Path, dict[str, Any]],
    query: str,
    message: str,
) -> None:
    code, out, err = run(capsys, "search", query)
    assert code == 2
    assert out == ""
    assert err.startswith(f"zonereader: error: {message}"), err
    assert len(err.splitlines()) == 1
    assert "fts5" not in err.lower() and "sqlite" not in err.lower()


# --------------------------------------------------------------------------- state


def test_bookmark_add_and_remove_by_id_and_url(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    db_path, _config, manifest = cache
    first, second = manifest["articles"][0]["url"], manifest["articles"][1]["url"]
    with Store.open(db_path) as store:
        second_id = store.article_by_url(second).id  # type: ignore[union-attr]
    code, _out, err = run(capsys, "bookmark", "add", first, str(second_id), first)
    assert code == 0, err
    code, out, _ = run(capsys, "bookmarks", "--json")
    assert [item["url"] for item in json.loads(out)] == [second, first]  # newest first
    code, _out, err = run(capsys, "bookmark", "remove", first, "999999", "http://nowhere/x")
    assert code == 1
    assert err.splitlines() == [
        "zonereader: error: bookmark remove: no cached article '999999'",
        "zonereader: error: bookmark remove: no cached article 'http://nowhere/x'",
    ]
    code, out, _ = run(capsys, "bookmarks", "--json")
    assert [item["url"] for item in json.loads(out)] == [second]


def test_mark_read_and_unread_by_article_zone_and_topic(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    db_path, _config, manifest = cache
    zone = ListQuery(zone="开发区新闻/江苏/苏州")
    in_zone = count(db_path, zone)
    assert in_zone > 0
    code, _out, err = run(capsys, "mark", "read", "--zone", "苏州")
    assert code == 0, err
    assert count(db_path, ListQuery(zone="开发区新闻/江苏/苏州", unread_only=True)) == 0
    total_unread = count(db_path, ListQuery(unread_only=True))
    assert total_unread == len(manifest["articles"]) - in_zone
    code, _out, _err = run(capsys, "topic", "add", "苏州图片", "zone:苏州/图片新闻")
    code, _out, err = run(capsys, "mark", "unread", "--topic", "苏州图片")
    assert code == 0, err
    pictures = count(db_path, ListQuery(zone="开发区新闻/江苏/苏州/图片新闻"))
    assert count(db_path, ListQuery(unread_only=True)) == total_unread + pictures
    url = manifest["articles"][5]["url"]
    code, _out, _err = run(capsys, "mark", "read", url)
    with Store.open(db_path) as store:
        assert store.article_by_url(url).read  # type: ignore[union-attr]
    code, _, err = run(capsys, "mark", "read")
    assert code == 2 and "name articles (URL or id), or give --zone or --topic" in err
    code, _, err = run(capsys, "mark", "read", "--zone", "文字新闻")
    assert code == 2 and "mark read: --zone: zone:文字新闻 is ambiguous" in err
    code, _, err = run(capsys, "mark", "read", "--topic", "nope")
    assert code == 2 and "mark read: no topic called 'nope'" in err


# --------------------------------------------------------------------------- digest


def _add_hostile(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.upsert_article(
            Article(
                url="http://portal.test/hostile.html",
                title=HOSTILE,
                zone="开发区新闻/浙江/舟山/文字新闻",
                source="sample",
                published=datetime(2020, 3, 1, 9, 30, tzinfo=CST),
                has_time=True,
                origin="<b>新华网</b>",
                paragraphs=["投资"],
            )
        )


def test_digest_by_zone_is_deterministic_and_complete(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    _db, _config, manifest = cache
    # A whole minute ahead: the session's cache may have been synced within this very second,
    # and the window ends before --now.
    now = (datetime.now(CST) + timedelta(minutes=1)).replace(second=0, microsecond=0).isoformat()
    argv = ["digest", "--since", "6h", "--now", now, "--limit", "0"]
    code, first, err = run(capsys, *argv)
    assert code == 0, err
    code, again, _ = run(capsys, *argv)
    assert first == again
    assert first.startswith("# zonereader digest\n\n300 new articles, first seen ")
    headings = [line for line in first.splitlines() if line.startswith("## ")]
    zones = sorted({a["zone"] for a in manifest["articles"]})
    assert [h.split(" (zone")[0][3:] for h in headings] == zones
    assert sum(1 for line in first.splitlines() if line.startswith("- [")) == 300
    code, out, _ = run(capsys, *argv, "--format", "json")
    digest = json.loads(out)
    assert digest["total"] == 300 and digest["group_by"] == "zone"
    group = digest["groups"][0]
    assert group["kind"] == "zone" and group["more"] == 0
    item = group["articles"][0]
    assert set(item) == {"id", "title", "url", "published", "origin", "publisher", "zone"}
    code, out, _ = run(capsys, *argv[:-2], "--limit", "2", "--zone", "舟山", "--format", "json")
    digest = json.loads(out)
    assert {g["name"] for g in digest["groups"]} <= {z for z in zones if "/舟山/" in z}
    assert all(len(g["articles"]) <= 2 for g in digest["groups"])
    assert sum(len(g["articles"]) + g["more"] for g in digest["groups"]) == digest["total"]


def test_digest_by_topic_and_nothing_new_prints_nothing(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    db_path, _config, _ = cache
    run(capsys, "topic", "add", "舟山投资", "投资 zone:舟山")
    run(capsys, "topic", "add", "苏州", "zone:苏州")
    code, out, err = run(capsys, "digest", "--since", "6h", "--format", "json", "--limit", "0")
    assert code == 0, err
    digest = json.loads(out)
    assert digest["group_by"] == "topic"
    assert [g["name"] for g in digest["groups"]] == ["舟山投资", "苏州"]
    assert len(digest["groups"][0]["articles"]) == count(
        db_path, ListQuery(search="投资 zone:舟山")
    )
    assert digest["groups"][0]["query"] == "投资 zone:舟山"
    code, out, _ = run(capsys, "digest", "--topic", "苏州", "--since", "6h", "--format", "json")
    assert [g["name"] for g in json.loads(out)["groups"]] == ["苏州"]
    long_ago = "2001-01-02T00:00"
    for form in ("markdown", "html"):
        code, out, err = run(capsys, "digest", "--now", long_ago, "--format", form)
        assert (code, out, err) == (0, "", "")
    code, out, _ = run(capsys, "digest", "--now", long_ago, "--format", "json")
    assert json.loads(out)["total"] == 0 and json.loads(out)["groups"] == []


def test_digest_leaves_out_a_broken_topic_and_says_so(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    run(capsys, "topic", "add", "宁波湾", "zone:宁波湾")
    run(capsys, "topic", "add", "苏州", "zone:苏州")
    code, out, err = run(capsys, "digest", "--since", "6h")
    assert code == 1
    assert "## 苏州 (topic" in out
    assert err.startswith("zonereader: error: digest: topic '宁波湾' left out: no zone is called")


def test_digest_html_escapes_everything(
    capsys: pytest.CaptureFixture[str], cache: tuple[Path, Path, dict[str, Any]]
) -> None:
    db_path, _config, _ = cache
    _add_hostile(db_path)
    code, out, err = run(capsys, "digest", "--since", "6h", "--format", "html", "--limit", "0")
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>")
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "&lt;b&gt;新华网&lt;/b&gt;" in out
    assert 'href="http://portal.test/hostile.html"' in out
    assert "2020-03-01 09:30" in out
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", out))
    assert tags <= {
        "html",
        "head",
        "meta",
        "title",
        "body",
        "h1",
        "h2",
        "p",
        "small",
        "ul",
        "li",
        "a",
    }
    code, out, _ = run(capsys, "digest", "--since", "6h", "--zone", "舟山/文字新闻")
    line = next(line for line in out.splitlines() if "alert" in line)
    assert line.startswith('- [\\<script\\>alert(1)\\</script\\> "舟山" & \\[链接\\](javascript:x)')
    assert "\x1b" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "yesterday"], "digest: --since expects a duration (24h, 7d) or a date"),
        (["--since", "2h", "--now", "2020-01-01", "--since", "2021-01-01"], "--since must be"),
        (["--by", "topic"], "digest: no topics to group by"),
        (["--topic", "nope"], "digest: no topic called 'nope'"),
        (["--zone", "文字新闻"], "digest: --zone: zone:文字新闻 is ambiguous"),
    ],
)
def test_digest_usage_errors(
    capsys: pytest.CaptureFixture[str],
    cache: tuple[Path, Path, dict[str, Any]],
    argv: list[str],
    message: str,
) -> None:
    code, _out, err = run(capsys, "digest", *argv)
    assert code == 2
    assert message in err
    assert len(err.splitlines()) == 1


def test_state_commands_from_a_subprocess(cache: tuple[Path, Path, dict[str, Any]]) -> None:
    """The command as a script runs it: silent on success when stdout is not a terminal."""
    db_path, _config, manifest = cache
    url = manifest["articles"][0]["url"]
    result = run_cli("bookmark", "add", url, env={"ZONEREADER_DB": str(db_path)})
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    result = run_cli("mark", "read", "--zone", "舟山", env={"ZONEREADER_DB": str(db_path)})
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    with Store.open(db_path) as store:
        assert store.article_by_url(url).bookmarked  # type: ignore[union-attr]
        assert store.count(ListQuery(zone="开发区新闻/浙江/舟山", unread_only=True)) == 0
