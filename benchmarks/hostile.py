"""Benchmark ``zonereader sync`` against hostile servers; prints JSON.

Each case serves the 60-article sample portal with one or a few paths turned into an attack
(from the test suite's hostile server, ``tests/support/hostile.py``) and runs ``zonereader
sync`` in a child process, reporting its exit code, wall time, CPU time, peak RSS, how many
articles were stored and its first error line. ``--code DIR`` runs the sync from another source
tree (``DIR/src``, e.g. an export of an older commit), so that before and after are measured
in one run, on the same machine, back to back::

    git archive 175bb8a | tar -x -C /tmp/before
    .venv/bin/python benchmarks/hostile.py --code /tmp/before --label before
    .venv/bin/python benchmarks/hostile.py --label after

Cases: ``bomb`` (one article is a gzip,gzip bomb of ``--bomb-mib`` MiB), ``deep`` (a channel's
list page is nested ``--depth`` divs deep), ``trickle`` (eight articles trickle a byte a second;
the run's time limit is ``--run-seconds``, ignored by code that has none), ``links`` (two
chained list pages of ``--links`` article links each, all 404).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the hostile server lives with the tests

from support.hostile import (  # noqa: E402
    HostileServer,
    bomb,
    deep_page,
    link_list_page,
    run_measured,
    trickle,
)

MIB = 1024 * 1024


def write_config(directory: Path, url: str, settings: str) -> Path:
    """A config file with one portal source (written by hand: older code has no tomlkit)."""
    path = directory / "config.toml"
    path.write_text(f'{settings}\n[[sources]]\nname = "h"\nurl = "{url}"\n', encoding="utf-8")
    return path


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


def run_case(
    name: str,
    prepare: Callable[[HostileServer], str],
    settings: str,
    env: dict[str, str],
    timeout: float,
) -> dict[str, Any]:
    server = HostileServer().start()
    try:
        url = prepare(server)
        with tempfile.TemporaryDirectory() as scratch:
            directory = Path(scratch)
            config = write_config(directory, url, settings)
            db = directory / "z.db"
            started = time.monotonic()
            try:
                done = run_measured(
                    "sync", "--config", str(config), "--db", str(db), env=env, timeout=timeout
                )
            except subprocess.TimeoutExpired:
                return {"case": name, "timed_out_after_s": timeout}
            seconds = time.monotonic() - started
            lines = [line for line in done.error_lines if ": warning: " not in line]
            return {
                "case": name,
                "exit": done.returncode,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(done.cpu_seconds, 2),
                "peak_rss_mib": round(done.max_rss / MIB, 1),
                "stored": stored(db),
                "error_lines": len(lines),
                "first_error": lines[0][:200] if lines else None,
            }
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", help="run the sync from DIR/src instead of this tree")
    parser.add_argument("--label", default="", help="a name for this run in the JSON")
    parser.add_argument("--bomb-mib", type=int, default=256)
    parser.add_argument("--depth", type=int, default=50_000)
    parser.add_argument("--links", type=int, default=20_000)
    parser.add_argument("--run-seconds", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--cases", default="bomb,deep,trickle,links")
    args = parser.parse_args()
    env = {"PYTHONPATH": str(Path(args.code) / "src")} if args.code else {}

    def the_bomb(server: HostileServer) -> str:
        server.override(server.articles()[3], bomb(args.bomb_mib * MIB))
        return server.url

    def the_deep_page(server: HostileServer) -> str:
        portal = server.portal
        zone = portal.channels()[0].zone
        server.override(portal.list_path(zone, 1), deep_page(args.depth))
        return server.url

    def the_trickle(server: HostileServer) -> str:
        for path in server.articles()[10:18]:
            _status, _headers, body = server.portal.render(path)
            server.override(path, trickle(body, 1.0))
        return server.url

    def the_links(server: HostileServer) -> str:
        pages = ["/h/list.html", "/h/list_2.html"]
        for number, path in enumerate(pages):
            links = [f"/h/{number}/{i}.html" for i in range(args.links)]
            nxt = pages[number + 1] if number + 1 < len(pages) else None
            server.override(path, link_list_page(links, nxt))
        return server.url_for(pages[0])

    cases = {
        "bomb": (the_bomb, ""),
        "deep": (the_deep_page, ""),
        "trickle": (the_trickle, f"[sync]\nmax_run_seconds = {args.run_seconds}"),
        "links": (the_links, ""),
    }
    results = [
        run_case(name, *cases[name], env=env, timeout=args.timeout)
        for name in args.cases.split(",")
    ]
    print(
        json.dumps(
            {
                "label": args.label,
                "code": args.code or str(ROOT),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "cases": results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
