"""``zonereader inspect`` and ``source add`` against a hostile server: bounded as a sync is.

Both commands fetch one page and parse it in their own run. Each test serves an attack from the
hostile loopback server (a page that takes lexbor tens of seconds, a decompression bomb), runs
the real command in a child process with a low limit in its config, and checks the exit code,
the one line on stderr, the child's CPU time or peak memory (never wall-clock time), and that
nothing was added to the config.
"""

from __future__ import annotations

import json
from pathlib import Path

from support.hostile import HostileServer, Measured, Reply, bomb, link_list_page, run_measured

MIB = 1024 * 1024
#: One element with 60,000 distinct attributes: lexbor takes tens of seconds of CPU over it,
#: and the nesting check (depth 3) lets it through.
SLOW_PAGE = Reply(
    headers={"Content-Type": "text/html; charset=utf-8"},
    body=(
        "<html><head><title>慢</title></head><body><div "
        + " ".join(f"a{i}" for i in range(60_000))
        + ">x</div></body></html>"
    ).encode(),
)
#: CPU the commands may spend on the slow page: the 1 s limit, the helper's start and the
#: command's own; lexbor alone would take far longer.
CPU_BOUND = 15.0
#: A command that fetches one page peaks well under this; the bomb would cost 100 MiB and more.
RSS_BOUND = 90 * MIB


def command(tmp_path: Path, *args: str, settings: str) -> Measured:
    """Run ``zonereader ARGS`` with a config holding ``[sync] settings``."""
    config = tmp_path / "config.toml"
    if not config.exists():
        config.write_text(f"[sync]\n{settings}\n", encoding="utf-8")
    return run_measured(*args, "--config", str(config), "--db", str(tmp_path / "z.db"))


def test_inspect_stops_a_page_at_the_parse_time_limit(
    hostile_server: HostileServer, tmp_path: Path
) -> None:
    hostile_server.override("/slow.html", SLOW_PAGE)
    url = hostile_server.url_for("/slow.html")
    done = command(tmp_path, "inspect", url, settings="parse_timeout = 1")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.error_lines == [
        f"zonereader: error: {url}: parsing took longer than 1 s ([sync] parse_timeout); "
        "not inspected"
    ]
    assert done.cpu_seconds < CPU_BOUND


def test_inspect_of_a_saved_file_has_the_same_limit(tmp_path: Path) -> None:
    saved = tmp_path / "slow.html"
    saved.write_bytes(SLOW_PAGE.body)
    done = command(tmp_path, "inspect", str(saved), "--json", settings="parse_timeout = 1")
    assert done.returncode == 1
    assert "parsing took longer than 1 s" in done.stderr and len(done.error_lines) == 1
    assert done.cpu_seconds < CPU_BOUND


def test_source_add_stops_a_page_at_the_parse_time_limit_and_adds_nothing(
    hostile_server: HostileServer, tmp_path: Path
) -> None:
    hostile_server.override("/slow.html", SLOW_PAGE)
    url = hostile_server.url_for("/slow.html")
    done = command(tmp_path, "source", "add", url, settings="parse_timeout = 1")
    assert done.returncode == 1
    assert done.error_lines == [
        f"zonereader: error: source add: {url}: parsing took longer than 1 s ([sync] "
        "parse_timeout); not added (give --kind portal or --kind feed to add it anyway)"
    ]
    assert done.cpu_seconds < CPU_BOUND
    assert (tmp_path / "config.toml").read_text(encoding="utf-8") == "[sync]\nparse_timeout = 1\n"
    # Asked to, it adds the page anyway, with a warning.
    forced = command(tmp_path, "source", "add", url, "--kind", "portal", settings="")
    assert forced.returncode == 0
    assert "parsing took longer than 1 s; adding it as a portal anyway" in forced.stderr
    assert url in (tmp_path / "config.toml").read_text(encoding="utf-8")


def test_both_commands_cap_a_decompression_bomb_at_the_configured_body_cap(
    hostile_server: HostileServer, tmp_path: Path
) -> None:
    hostile_server.override("/bomb.html", bomb(100 * MIB))
    url = hostile_server.url_for("/bomb.html")
    settings = f"max_body_bytes = {MIB}"
    for args in (("inspect", url), ("source", "add", url)):
        done = command(tmp_path, *args, settings=settings)
        assert done.returncode == 2, done.stderr
        assert len(done.error_lines) == 1
        assert "over the 1,048,576-byte cap once decoded (gzip, gzip)" in done.stderr
        assert done.max_rss < RSS_BOUND
    assert "[[sources]]" not in (tmp_path / "config.toml").read_text(encoding="utf-8")


def test_inspect_holds_a_saved_file_to_the_body_cap(tmp_path: Path) -> None:
    saved = tmp_path / "big.html"
    saved.write_bytes(b"<p>x</p>" * (MIB // 4))  # 2 MiB
    done = command(tmp_path, "inspect", str(saved), settings=f"max_body_bytes = {MIB}")
    assert done.returncode == 2
    assert done.error_lines == [
        f"zonereader: error: {saved}: the file is over the 1,048,576-byte cap (max_body_bytes)"
    ]


def test_a_big_list_page_is_inspected_in_a_helper(
    hostile_server: HostileServer, tmp_path: Path
) -> None:
    """A page too big to parse in the command's process goes to a helper and comes back whole."""
    links = [f"/big/{i}.html" for i in range(3000)]
    hostile_server.override("/big/list.html", link_list_page(links))
    url = hostile_server.url_for("/big/list.html")
    done = command(tmp_path, "inspect", url, "--json", settings="parse_timeout = 3600")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["kind"] == "list"
    assert len(found["list"]["entries"]) == 3000
    assert found["list"]["entries"][0]["url"] == hostile_server.url_for("/big/0.html")
