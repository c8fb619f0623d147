"""Benchmark ``zonereader sync`` against the sample portal; prints JSON.

The portal is served by ``zonereader demo --serve`` in a separate process. In one run:

- ``raw``: the lower bound — the same pages a cold sync fetches (section index, every list page,
  every article), fetched with the same HTTP client and the same connections per host, with no
  decoding, parsing or storing;
- ``cold``: ``zonereader sync`` into an empty cache (articles/s, requests, peak RSS);
- ``no_change``: ``zonereader sync`` again with nothing new (seconds, requests, article pages).

Each measured step runs in its own process (so peak RSS is that step's own). Usage::

    .venv/bin/python benchmarks/sync.py [--articles 10000] [--connections 4] [--repeat 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def serve(articles: int) -> tuple[subprocess.Popen[str], str]:
    """Start the sample portal in its own process, every page rendered; return it and its URL.

    ``--warm`` renders (and caches) every page before the server answers: a first rendering
    costs the server ~0.3 ms a page, a cached one ~3 us, so the raw bound and the cold sync
    both see the same warm server whatever their order.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "zonereader", "demo", "--serve", "--warm", "--port", "0",
         "--articles", str(articles)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit(f"demo server did not start: {url!r}")
    return proc, url


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` (Linux), or 0.0."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(
    args: list[str], env: dict[str, str] | None = None, server: int = 0
) -> dict[str, Any]:
    """Run a step in a child process; return its JSON output, wall time, CPU and peak RSS.

    ``cpu_seconds`` is the step's own CPU (its helper processes included, once reaped);
    ``server_cpu_seconds`` the CPU the portal server (pid ``server``) used meanwhile.
    """
    server_before = process_cpu(server) if server else 0.0
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"step failed ({proc.returncode}): {' '.join(args)}\n{err.decode()}")
    data: dict[str, Any] = json.loads(out) if out.strip() else {}
    data["wall_seconds"] = round(seconds, 3)
    data["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    if server:
        data["server_cpu_seconds"] = round(process_cpu(server) - server_before, 2)
    data["load_average"] = round(os.getloadavg()[0], 2)
    data["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return data


# --------------------------------------------------------------------------- raw child


def page_urls(base: str, articles: int) -> list[str]:
    """Every page a cold sync of the sample portal fetches: index, list pages, articles."""
    from zonereader.demo import INDEX_PATH, SamplePortal

    portal = SamplePortal(articles=articles, seed=1)
    urls = [base + INDEX_PATH]
    for channel in portal.channels():
        zone = channel.zone
        urls += [base + portal.list_path(zone, p) for p in range(1, portal.page_count(zone) + 1)]
        urls += [base + portal.article_path(n) for n in portal.numbers(zone)]
    return urls


def raw_child(url: str, articles: int, connections: int) -> None:
    """Fetch every page with the sync's HTTP client and nothing else; print JSON."""
    from zonereader.sync.http import Fetcher

    base = url.split("/kfq/", 1)[0]
    urls = page_urls(base, articles)

    async def run() -> tuple[int, int, float]:
        async with Fetcher() as fetcher:
            queue = iter(urls)
            size = 0
            started = time.perf_counter()

            async def worker() -> None:
                nonlocal size
                for target in queue:
                    size += len((await fetcher.get(target, host_limit=connections)).body)

            # Same concurrency as the sync: `connections` requests in flight to the host.
            await asyncio.gather(*(worker() for _ in range(connections)))
            return fetcher.requests, size, time.perf_counter() - started

    started = time.perf_counter()
    requests, size, fetch_seconds = asyncio.run(run())
    print(json.dumps({
        "requests": requests,
        "bytes": size,
        "fetch_seconds": round(fetch_seconds, 3),
        "seconds": round(time.perf_counter() - started, 3),
    }))  # fmt: skip


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--raw-child", nargs=2, metavar=("URL", "ARTICLES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw_child:
        raw_child(args.raw_child[0], int(args.raw_child[1]), args.connections)
        return

    server, url = serve(args.articles)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.toml"
            db = Path(tmp) / "cache.db"
            config.write_text(
                f'[[sources]]\nname = "sample"\nurl = "{url}"\n'
                f"max_connections = {args.connections}\n",
                encoding="utf-8",
            )
            env = {"ZONEREADER_CONFIG": str(config), "ZONEREADER_DB": str(db)}
            sync = [sys.executable, "-m", "zonereader", "sync", "--json"]
            raw = [sys.executable, __file__, "--connections", str(args.connections),
                   "--raw-child", url, str(args.articles)]  # fmt: skip

            # The server is warm from the start (--warm); a first raw pass also warms this
            # side (page cache, interpreter files) so neither measured step pays for that.
            warm = run_measured(raw, server=server.pid)
            raw_step = run_measured(raw, server=server.pid)
            cold = run_measured(sync, env, server=server.pid)
            same = run_measured(sync, env, server=server.pid)
            db_mb = round(db.stat().st_size / 1e6, 1)
    finally:
        server.terminate()
        server.wait(timeout=10)

    cold_stored = cold["new"] + cold["updated"] + cold["unchanged"]
    result = {
        "benchmark": "sync",
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "date": time.strftime("%Y-%m-%d"),
        "articles": args.articles,
        "connections_per_host": args.connections,
        "raw": {
            "seconds": raw_step["wall_seconds"],
            "fetch_seconds": raw_step["fetch_seconds"],
            "requests": raw_step["requests"],
            "bytes": raw_step["bytes"],
            "cpu_seconds": raw_step["cpu_seconds"],
            "server_cpu_seconds": raw_step["server_cpu_seconds"],
            "load_average": raw_step["load_average"],
            "peak_rss_mb": raw_step["peak_rss_mb"],
            "first_pass_seconds": warm["wall_seconds"],
        },
        "cold": {
            "seconds": cold["wall_seconds"],
            "articles": cold_stored,
            "articles_per_second": round(cold_stored / cold["wall_seconds"], 1),
            "requests": cold["requests"],
            "failed": cold["failed"],
            "cpu_seconds": cold["cpu_seconds"],
            "server_cpu_seconds": cold["server_cpu_seconds"],
            "load_average": cold["load_average"],
            "peak_rss_mb": cold["peak_rss_mb"],
            "cache_mb": db_mb,
        },
        "no_change": {
            "seconds": same["wall_seconds"],
            "requests": same["requests"],
            "new": same["new"],
            "peak_rss_mb": same["peak_rss_mb"],
        },
        "server": "warm (every page rendered before the first request, for both steps)",
        "cold_over_raw": round(cold["wall_seconds"] / raw_step["wall_seconds"], 2),
        "targets": {"cold_over_raw_max": 1.5, "no_change_seconds_max": 1.0},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
