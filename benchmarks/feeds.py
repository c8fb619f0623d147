"""Feed sync against newsboat on the same loopback feeds. Prints JSON; never pass/fail.

For each size (50 feeds x 100 items, 50 x 1,000 by default) a feed server runs in a separate
process (``python -m zonereader.demo.feeds``, ETag/Last-Modified and 304s, Chinese text), and
both readers run three passes, each as a fresh process timed wall-clock:

- ``cold``: an empty cache;
- ``all_304``: nothing changed (every feed answers 304);
- ``plus_10``: every feed grew by 10 items.

zonereader runs ``zonereader sync --json`` on sources imported from the server's OPML; newsboat
(when installed) runs ``newsboat -x reload`` with ``reload-threads 8`` and a temporary config,
cache and urls file. Each pass is repeated ``--reps`` times on fresh caches; medians are printed
with the ratio zonereader / newsboat (below 1 means zonereader is faster).

The server's own counts of every pass are printed too (``server``: feeds requested, 304s), so a
row shows what each reader really fetched. newsboat 2.21 sends the validators it stored only
from its third reload on: its second reload fetches every feed in full. So newsboat gets one
untimed reload between ``cold`` and ``all_304`` (``newsboat_priming`` in the output), and its
``all_304`` pass is a real all-304 pass, as zonereader's second sync is.

Usage: ``.venv/bin/python benchmarks/feeds.py [--sizes 100,1000] [--reps 3]``
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import zonereader

FEEDS = 50
SCENARIOS = ("cold", "all_304", "plus_10")


class FeedServerProcess:
    """The demo feed server in its own process, with item counts set over HTTP."""

    def __init__(self, feeds: int, items: int) -> None:
        self.items = items
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zonereader.demo.feeds", "--feeds", str(feeds),
             "--items", str(items), "--control"],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        self.opml_url = self.proc.stdout.readline().strip()
        self.base = self.opml_url.rsplit("/", 1)[0]

    def take_stats(self) -> dict[str, int]:
        """The server's request counts since the last call (feeds requested, 304s...)."""
        with urllib.request.urlopen(f"{self.base}/_control/stats", timeout=30) as response:
            counts: dict[str, int] = json.loads(response.read())
        return counts

    def set_items(self, count: int) -> None:
        request = urllib.request.Request(f"{self.base}/_control/items/{count}", method="POST")
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()

    def feed_urls(self) -> list[str]:
        return [f"{self.base}/feeds/{n}.xml" for n in range(FEEDS)]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run ``command``; return (wall seconds, its peak RSS in KiB, its stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{command[0]} exited {proc.returncode}: {err.read()[:500]}")
        return elapsed, usage.ru_maxrss, out.read()


def run_zonereader(server: FeedServerProcess, workdir: Path) -> dict[str, Any]:
    """One cold / all-304 / +10 sequence of zonereader; returns timings and counts."""
    zonereader = str(Path(sys.executable).with_name("zonereader"))
    env = {**os.environ, "ZONEREADER_CONFIG": str(workdir / "config.toml"),
           "ZONEREADER_DB": str(workdir / "cache.db"), "NO_PROXY": "127.0.0.1"}  # fmt: skip
    opml = workdir / "feeds.opml"
    with urllib.request.urlopen(server.opml_url, timeout=30) as response:
        opml.write_bytes(response.read())
    subprocess.run([zonereader, "opml", "import", str(opml)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    result: dict[str, Any] = {}
    for scenario in SCENARIOS:
        if scenario == "plus_10":
            server.set_items(server.items + 10)
        server.take_stats()
        seconds, rss, out = timed([zonereader, "sync", "--json"], env)
        counts = server.take_stats()
        summary = json.loads(out)
        result[scenario] = {
            "seconds": round(seconds, 3),
            "new": summary["new"],
            "updated": summary["updated"],
            "requests": summary["requests"],
            "not_modified": summary["not_modified"],
            "failed": summary["failed"],
            "peak_rss_mib": round(rss / 1024, 1),
            "server": counts,
        }
    server.set_items(server.items)
    return result


def run_newsboat(server: FeedServerProcess, workdir: Path) -> dict[str, Any]:
    """The same sequence with ``newsboat -x reload`` (8 reload threads)."""
    urls = workdir / "urls"
    urls.write_text("\n".join(server.feed_urls()) + "\n", encoding="utf-8")
    config = workdir / "config"
    config.write_text("reload-threads 8\nshow-read-feeds yes\n", encoding="utf-8")
    cache = workdir / "cache.db"
    env = {**os.environ, "HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir / "xdg-config"),
           "XDG_DATA_HOME": str(workdir / "xdg-data"), "NO_PROXY": "127.0.0.1"}  # fmt: skip
    command = ["newsboat", "-x", "reload", "-u", str(urls), "-c", str(cache), "-C", str(config)]
    result: dict[str, Any] = {}
    for scenario in SCENARIOS:
        if scenario == "plus_10":
            server.set_items(server.items + 10)
        if scenario == "all_304":  # see the module docstring: newsboat's second reload is full
            server.take_stats()
            seconds, _rss, _out = timed(command, env)
            priming = {"seconds": round(seconds, 3), "server": server.take_stats()}
            result["newsboat_priming"] = priming
        server.take_stats()
        seconds, _rss, _out = timed(command, env)
        result[scenario] = {"seconds": round(seconds, 3), "server": server.take_stats()}
    server.set_items(server.items)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="items per feed, comma-separated")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each sequence")
    args = parser.parse_args(argv)
    # Every timed step starts fresh interpreters: compile the package first, so a checkout
    # run under PYTHONDONTWRITEBYTECODE (as on our CI machines) does not time the compiler.
    compileall.compile_dir(Path(zonereader.__file__).parent, quiet=1)
    newsboat = shutil.which("newsboat")
    version = ""
    if newsboat:
        version = subprocess.run([newsboat, "--version"], capture_output=True, text=True,
                                 check=False).stdout.splitlines()[0]  # fmt: skip
    report: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "newsboat": version or None,
        },
        "date": time.strftime("%Y-%m-%d"),
        "rows": [],
    }
    for size in (int(s) for s in args.sizes.split(",")):
        server = FeedServerProcess(FEEDS, size)
        try:
            runs: dict[str, list[dict[str, Any]]] = {"zonereader": [], "newsboat": []}
            for _ in range(args.reps):
                with tempfile.TemporaryDirectory() as tmp:
                    runs["zonereader"].append(run_zonereader(server, Path(tmp)))
                if newsboat:
                    with tempfile.TemporaryDirectory() as tmp:
                        runs["newsboat"].append(run_newsboat(server, Path(tmp)))
        finally:
            server.stop()
        for scenario in SCENARIOS:
            ours = [run[scenario] for run in runs["zonereader"]]
            row: dict[str, Any] = {
                "feeds": FEEDS,
                "items_per_feed": size,
                "scenario": scenario,
                "zonereader_s": statistics.median(r["seconds"] for r in ours),
                "zonereader_all_s": [r["seconds"] for r in ours],
                "zonereader_last": ours[-1],
            }
            if runs["newsboat"]:
                theirs = [run[scenario]["seconds"] for run in runs["newsboat"]]
                row["newsboat_s"] = statistics.median(theirs)
                row["newsboat_all_s"] = theirs
                row["newsboat_last_server"] = runs["newsboat"][-1][scenario]["server"]
                row["ratio"] = round(row["zonereader_s"] / row["newsboat_s"], 2)
            report["rows"].append(row)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
