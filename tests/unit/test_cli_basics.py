"""The command line's promises: version, help everywhere, one-line usage errors, docs for all."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from zonereader import __version__
from zonereader.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def _subcommand_paths(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found.extend(_subcommand_paths(sub, (*prefix, name)))
    return found


SUBCOMMANDS = _subcommand_paths(build_parser())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--version"])
    assert excinfo.value.code == 0
    assert capsys.readouterr().out.strip() == f"zonereader {__version__}"


def test_expected_commands_exist() -> None:
    names = {path[0] for path in SUBCOMMANDS}
    assert {
        "sync",
        "source",
        "list",
        "search",
        "bookmarks",
        "read",
        "inspect",
        "opml",
        "demo",
    } <= names


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_has_help(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main([*path, "--help"])
    assert excinfo.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: zonereader " + " ".join(path))


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_is_documented(path: tuple[str, ...]) -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"zonereader {' '.join(path)}" in docs


def test_unknown_argument_is_one_line_and_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zonereader", "--no-such-flag"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--no-such-flag" in result.stderr


def test_unknown_subcommand_argument_is_one_line_and_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zonereader", "sync", "--frobnicate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[[sources]]\nurl = "http://x"\nmax_connections = -1\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "zonereader", "--config", str(config), "sync"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{config}:3: sources[0].max_connections" in lines[0]


@pytest.mark.skipif(
    sys.version_info[:2] != (3, 11), reason="argparse's help layout differs between Pythons"
)
def test_cli_reference_is_current() -> None:
    """docs/cli.md is what scripts/gen_cli_docs.py makes from today's parser."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_a_broken_demo_config_is_one_line(tmp_path: Path) -> None:
    """Commands that edit a config of their own (the demo's) report its errors as one line."""
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / "config.toml").write_text("x = [\n", encoding="utf-8")
    with socket.socket() as free:  # the demo's port: one nothing else uses
        free.bind(("127.0.0.1", 0))
        port = str(free.getsockname()[1])
    result = subprocess.run(
        [sys.executable, "-m", "zonereader", "demo", "--no-open"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ZONEREADER_DEMO_DIR": str(demo), "ZONEREADER_DEMO_PORT": port},
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "invalid TOML" in result.stderr
