"""The read-only commands run for real: list, search, bookmarks, read on a filled cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from zonereader.cli import main
from zonereader.models import CST, Article, SiteLink
from zonereader.store import Store

HOSTILE = "\x1b]0;PWNED\x07标题\x1b[31m红色\u202e反转\x9b2J"


def _articles() -> list[Article]:
    return [
        Article(
            url="http://portal.example/zs/1.html",
            title="舟山高新区5G基站建设提速",
            zone="开发区新闻/舟山/文字新闻",
            source="sample",
            published=datetime(2023, 12, 28, tzinfo=CST),
            origin="舟山日报",
            publisher="舟山高新技术产业园区",
            paragraphs=["\u3000\u300012月27日,园区召开推进会。", "全年GDP同比增长8%。"],
            prev_link=SiteLink("http://portal.example/wz/1.html", "温州布局中部循环经济产业链"),
        ),
        Article(
            url="http://portal.example/wz/1.html",
            title="温州布局中部循环经济产业链",
            zone="开发区新闻/温州/文字新闻",
            source="sample",
            published=datetime(2023, 12, 27, tzinfo=CST),
            paragraphs=["循环经济园区签约。"],
            next_link=SiteLink("http://portal.example/zs/1.html", "舟山高新区5G基站建设提速"),
        ),
        Article(
            url="http://portal.example/zs/2.html",
            title=HOSTILE,
            zone="开发区新闻/舟山/图片新闻",
            source="sample",
            published=datetime(2023, 12, 26, 9, 30, tzinfo=CST),
            has_time=True,
            paragraphs=[f"正文{HOSTILE}"],
        ),
    ]


@pytest.fixture
def cache(isolated_dirs: Path) -> dict[str, int]:
    """Fill the cache at $ZONEREADER_DB; return the ids by short name."""
    path = Path(os.environ["ZONEREADER_DB"])
    with Store.open(path) as store:
        ids = [store.upsert_article(article)[0] for article in _articles()]
        store.set_read(ids[1], True)
        store.toggle_bookmark(ids[1])
        store.toggle_bookmark(ids[0])
    return {"zs": ids[0], "wz": ids[1], "hostile": ids[2]}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_cache_says_what_to_do_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], isolated_dirs: Path
) -> None:
    for argv in (["list"], ["search", "园区"], ["bookmarks"], ["read", "1"]):
        code, _out, err = run(capsys, *argv)
        assert code == 2
        assert "zonereader sync" in err and "zonereader demo" in err
        assert len(err.strip().splitlines()) == 1
    assert not Path(os.environ["ZONEREADER_DB"]).exists()


def test_list_all_zone_and_unread(
    capsys: pytest.CaptureFixture[str], cache: dict[str, int]
) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert "舟山高新区5G基站建设提速" in lines[0] and "2023-12-28" in lines[0]
    assert "温州" in lines[1]
    code, out, _ = run(capsys, "list", "--zone", "开发区新闻/舟山", "--json")
    rows = json.loads(out)
    assert [row["id"] for row in rows] == [cache["zs"], cache["hostile"]]
    assert rows[0]["published"].startswith("2023-12-28T00:00:00+08:00")
    assert rows[0]["bookmarked"] is True and rows[0]["read"] is False
    code, out, _ = run(capsys, "list", "--unread", "--json")
    assert {row["id"] for row in json.loads(out)} == {cache["zs"], cache["hostile"]}
    code, out, _ = run(capsys, "list", "--limit", "1")
    assert out.splitlines()[-1].startswith("(1 of 3 shown")
    code, out, err = run(capsys, "list", "--zone", "没有")
    assert code == 2 and out == ""
    assert "no zone is called that" in err and len(err.strip().splitlines()) == 1


def test_list_zone_takes_any_unique_ending_and_names_close_zones(
    capsys: pytest.CaptureFixture[str], cache: dict[str, int]
) -> None:
    for name in ("舟山", "/舟山/", "开发区新闻/舟山"):
        code, out, _ = run(capsys, "list", "--zone", name, "--json")
        assert code == 0, name
        assert [row["id"] for row in json.loads(out)] == [cache["zs"], cache["hostile"]]
    code, out, _ = run(capsys, "list", "--zone", "温州/文字新闻", "--json")
    assert [row["id"] for row in json.loads(out)] == [cache["wz"]]
    # two zones end in 文字新闻: say which, exit 2
    code, out, err = run(capsys, "list", "--zone", "文字新闻")
    assert code == 2 and "ambiguous" in err
    assert "开发区新闻/舟山/文字新闻" in err and "开发区新闻/温州/文字新闻" in err
    # a near miss: the closest zones are named
    code, _, err = run(capsys, "list", "--zone", "舟山/文字")
    assert code == 2 and "did you mean" in err and "开发区新闻/舟山/文字新闻" in err
    assert len(err.strip().splitlines()) == 1


def test_search(capsys: pytest.CaptureFixture[str], cache: dict[str, int]) -> None:
    code, out, _ = run(capsys, "search", "园区", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == [cache["zs"], cache["wz"]]
    for query, expected in (
        ("舟", {cache["zs"]}),
        ("5G基站", {cache["zs"]}),
        ("gdp", {cache["zs"]}),
    ):
        _, out, _ = run(capsys, "search", query, "--json")
        assert {row["id"] for row in json.loads(out)} == expected, query
    _, out, _ = run(capsys, "search", "园区", "--unread", "--json")
    assert [row["id"] for row in json.loads(out)] == [cache["zs"]]
    _, out, _ = run(capsys, "search", "不存在的词")
    assert out.strip() == "no articles match"
    code, _, err = run(capsys, "search", "  ")
    assert code == 2 and "empty" in err


def test_bookmarks_outputs(capsys: pytest.CaptureFixture[str], cache: dict[str, int]) -> None:
    code, out, _ = run(capsys, "bookmarks", "--json")
    assert code == 0
    marked = json.loads(out)
    assert [item["id"] for item in marked] == [cache["zs"], cache["wz"]]  # newest bookmark first
    for item in marked:
        assert {"url", "title", "zone", "bookmarked_at"} <= set(item)
        assert datetime.fromisoformat(item["bookmarked_at"]).tzinfo is not None
    _, out, _ = run(capsys, "bookmarks", "--markdown")
    assert out.splitlines()[0].startswith(
        "- [舟山高新区5G基站建设提速](http://portal.example/zs/1.html) — 开发区新闻/舟山/文字新闻"
    )
    _, out, _ = run(capsys, "bookmarks")
    assert "温州布局中部循环经济产业链" in out and "http://portal.example/wz/1.html" in out
    with pytest.raises(SystemExit) as info:
        main(["bookmarks", "--json", "--markdown"])
    assert info.value.code == 2


def test_read_by_id_and_url(capsys: pytest.CaptureFixture[str], cache: dict[str, int]) -> None:
    code, out, _ = run(capsys, "read", str(cache["zs"]))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "舟山高新区5G基站建设提速"
    assert (
        lines[1]
        == "2023-12-28 · 来源:舟山日报 · 发布开发区:舟山高新技术产业园区 · 开发区新闻/舟山/文字新闻"
    )
    assert "\u3000\u300012月27日,园区召开推进会。" in lines
    assert "上一条:温州布局中部循环经济产业链  <http://portal.example/wz/1.html>" in lines
    assert "下一条:没有了" in lines
    _, by_url, _ = run(capsys, "read", "HTTP://Portal.Example:80/zs/1.html#top")
    assert by_url == out
    code, _, err = run(capsys, "read", "999")
    assert code == 1 and "no cached article" in err
    # --mark-read marks it read; plain read does not.
    _, out, _ = run(capsys, "list", "--unread", "--json")
    assert cache["zs"] in {row["id"] for row in json.loads(out)}
    run(capsys, "read", "--mark-read", str(cache["zs"]))
    _, out, _ = run(capsys, "list", "--unread", "--json")
    assert cache["zs"] not in {row["id"] for row in json.loads(out)}


def test_hostile_text_is_inert_everywhere(
    capsys: pytest.CaptureFixture[str], cache: dict[str, int]
) -> None:
    outputs = []
    for argv in (
        ["list"],
        ["list", "--json"],
        ["search", "标题"],
        ["search", "标题", "--json"],
        ["read", str(cache["hostile"])],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        outputs.append(out)
    for out in outputs:
        for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
            assert bad not in out
        assert "\\u001b" not in out  # not even escaped in JSON: the sequence is gone
    assert "标题红色反转" in outputs[0]
    assert "2023-12-26 09:30" in outputs[-1]


def test_installed_command_in_a_subprocess(cache: dict[str, int]) -> None:
    command = Path(sys.executable).with_name("zonereader")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "zonereader"]
    result = subprocess.run(
        [*argv, "search", "循环经济", "--json"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)] == [cache["wz"]]
    result = subprocess.run([*argv, "read", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "URL|ID" in result.stdout
