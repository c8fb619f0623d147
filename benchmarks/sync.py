"""Benchmark ``zonereader sync`` against the sample portal; prints JSON.

The portal is served by ``zonereader demo --serve`` in a separate process. In one run:

- ``raw``: the lower bound — the same pages a cold sync fetches (section index, every list page,
  every article), fetched with the same HTTP client and the same connections per host, with no
  decoding, parsing or storing;
- ``cold``: ``zonereader sync`` into an empty cache (articles/s, requests, peak RSS);
- ``no_change``: ``zonereader sync`` again with nothing new (seconds, requests, article pages).

Each measured step runs in its own process (so peak RSS is that step's own); the raw, cold and
no-change steps run ``--reps`` times in turn, and each step's median run is reported. Usage::

    .venv/bin/python benchmarks/sync.py [--articles 10000] [--connections 4] [--reps 3]
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import zonereader


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
                    # Await first: `size += len(await ...)` reads `size` before the await, so
                    # concurrent workers would overwrite each other's counts.
                    result = await fetcher.get(target, host_limit=connections)
                    size += len(result.body)

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


def _median(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The step whose wall time is the median (the lower one for an even count)."""
    ordered = sorted(steps, key=lambda step: step["wall_seconds"])
    return ordered[(len(ordered) - 1) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reps", type=int, default=3, help="raw/cold/no-change sequences")
    parser.add_argument("--raw-child", nargs=2, metavar=("URL", "ARTICLES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.raw_child:
        # Every timed step starts fresh interpreters: compile the package first, so a checkout
        # run under PYTHONDONTWRITEBYTECODE (as on our CI machines) does not time the compiler.
        compileall.compile_dir(Path(zonereader.__file__).parent, quiet=1)
    if args.raw_child:
        raw_child(args.raw_child[0], int(args.raw_child[1]), args.connections)
        return

    server, url = serve(args.articles)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.toml"
            config.write_text(
                f'[[sources]]\nname = "sample"\nurl = "{url}"\n'
                f"max_connections = {args.connections}\n",
                encoding="utf-8",
            )
            sync = [sys.executable, "-m", "zonereader", "sync", "--json"]
            raw = [sys.executable, __file__, "--connections", str(args.connections),
                   "--raw-child", url, str(args.articles)]  # fmt: skip

            # The server is warm from the start (--warm); a first raw pass also warms this
            # side (page cache, interpreter files) so neither measured step pays for that.
            warm = run_measured(raw, server=server.pid)
            raws, colds, sames = [], [], []
            for rep in range(max(1, args.reps)):
                db = Path(tmp) / f"cache-{rep}.db"
                env = {"ZONEREADER_CONFIG": str(config), "ZONEREADER_DB": str(db)}
                raws.append(run_measured(raw, server=server.pid))
                colds.append(run_measured(sync, env, server=server.pid))
                sames.append(run_measured(sync, env, server=server.pid))
                db_mb = round(db.stat().st_size / 1e6, 1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    # The machine is shared: report each step's median run (by wall time) and every time.
    raw_step, cold, same = _median(raws), _median(colds), _median(sames)

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
        "runs": {
            "raw_seconds": [step["wall_seconds"] for step in raws],
            "cold_seconds": [step["wall_seconds"] for step in colds],
            "no_change_seconds": [step["wall_seconds"] for step in sames],
            "cold_over_raw": [
                round(c["wall_seconds"] / r["wall_seconds"], 2)
                for r, c in zip(raws, colds, strict=True)
            ],
        },
        "server": "warm (every page rendered before the first request, for both steps)",
        "cold_over_raw": round(cold["wall_seconds"] / raw_step["wall_seconds"], 2),
        # The least the cold ratio could be on this machine if every core were busy all the
        # time: the CPU the cold sync and the server used, spread over every core, against
        # the raw bound's wall time. Above 1.5, the target needs less CPU, not more overlap.
        "cold_cpu_floor_over_raw": round(
            (cold["cpu_seconds"] + cold["server_cpu_seconds"])
            / (os.cpu_count() or 1)
            / raw_step["wall_seconds"],
            2,
        ),
        "cold_cpu_ms_per_article": round(
            1000 * (cold["cpu_seconds"] + cold["server_cpu_seconds"]) / max(1, cold_stored), 2
        ),
        "raw_cpu_ms_per_request": round(
            1000
            * (raw_step["cpu_seconds"] + raw_step["server_cpu_seconds"])
            / max(1, raw_step["requests"]),
            2,
        ),
        "targets": {"cold_over_raw_max": 1.5, "no_change_seconds_max": 1.0},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
