"""Write docs/cli.md from the argument parser, so the command reference never drifts.

Run ``python scripts/gen_cli_docs.py`` after changing a command's options;
``tests/unit/test_cli_basics.py`` fails while docs/cli.md is out of date.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zonereader.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"

INTRO = """\
# Command reference

`zonereader` with no command opens the reader. Every command takes `--config PATH` and
`--db PATH` (see [configuration.md](configuration.md)); `zonereader COMMAND --help` prints the
same text as below.

Exit codes, for every command: `0` done; `1` the work failed in part or could not be done
(sync: some sources failed; read, bookmark, mark: an article that is not cached; digest: a
topic left out; prune --vacuum: the app is open; a cache that cannot be read); `2` usage or
configuration error (including a malformed search or topic query, and a missing cache for the
commands that read it); `75` another sync holds the lock on this cache (sync, prune); `141`
output closed early (`zonereader list | head`). See [sync.md](sync.md) for running sync and the
digest from cron, and [topics.md](topics.md) for the search and topic language.

This page is generated from the command line's own help by `scripts/gen_cli_docs.py`.
"""


def _walk(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = [(prefix, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_walk(sub, (*prefix, name)))
    return found


def render() -> str:
    """Return the whole docs/cli.md text."""
    os.environ["COLUMNS"] = "100"
    parts = [INTRO]
    for path, parser in _walk(build_parser()):
        title = " ".join(("zonereader", *path))
        parts.append(f"## `{title}`\n\n```\n{parser.format_help().rstrip()}\n```\n")
    return "\n".join(parts)


def main() -> int:
    """Write docs/cli.md, or with ``--check`` exit 1 when it is out of date."""
    text = render()
    if "--check" in sys.argv[1:]:
        return 0 if DOC.read_text(encoding="utf-8") == text else 1
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
