"""Reading a sync's start URL: its kind and its list from one parse or two, printed as JSON.

A start URL may be an article, so a sync tells its kind before reading it as a list. That used
to be two full parses (``page_kind``, then ``parse_list_page``); it is now one
(``classify_and_read_list``). This times both ways, interleaved in one run, on a list page of
``--links`` article links (the hostile test server's page, ``tests/support/hostile.py``) and on
a real-sized one of 40 links, checks that they read the same list, and times the whole job a
sync's parse helper runs for a start URL (decode, depth check, kind, list).

Run: ``.venv/bin/python benchmarks/start_page.py [--links N] [--rounds R]``. Figures are the
best of R rounds, in milliseconds. Never pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the hostile server's pages live with the tests

from support.hostile import link_list_page  # noqa: E402
from zonereader.models import ListPage  # noqa: E402
from zonereader.sources.portal import (  # noqa: E402
    classify_and_read_list,
    page_kind,
    parse_list_page,
)
from zonereader.sync.parse_jobs import ListJob, ParsedListing, prepare_list_page  # noqa: E402

URL = "http://127.0.0.1:8000/h/list.html"


def best_ms(run: Callable[[], object], rounds: int) -> float:
    """The fastest of ``rounds`` runs, in milliseconds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def twice(text: str) -> tuple[str, ListPage | None]:
    """The old way: the kind, then the list, each parsing the whole page."""
    kind = page_kind(text, URL)
    return kind, None if kind == "article" else parse_list_page(text, URL)


def once(text: str) -> tuple[str, ListPage | None]:
    """The new way: one parse for both."""
    signals, page = classify_and_read_list(text, URL)
    return signals.kind, page


def measure(links: int, rounds: int) -> dict[str, Any]:
    """Time both ways (and the helper's whole job) on a page of ``links`` links."""
    body = link_list_page([f"/h/0/{i}.html" for i in range(links)], next_url="/h/list_2.html").body
    text = body.decode("utf-8")
    old, new = twice(text), once(text)
    assert old == new, "one parse read another list than two"
    job = ListJob(body, "text/html; charset=utf-8", URL, None, may_be_article=True)
    result = prepare_list_page(job)
    assert isinstance(result, ParsedListing) and result.page is not None
    times_twice: list[float] = []
    times_once: list[float] = []
    for _ in range(rounds):  # interleaved: the machine's load hits both alike
        times_twice.append(best_ms(lambda: twice(text), 1))
        times_once.append(best_ms(lambda: once(text), 1))
    two, one = min(times_twice), min(times_once)
    return {
        "links": links,
        "bytes": len(body),
        "kind": new[0],
        "entries": len(new[1].entries) if new[1] is not None else 0,
        "twice_ms": two,
        "once_ms": one,
        "once_over_twice": round(one / two, 3),
        "helper_job_ms": best_ms(lambda: prepare_list_page(job), rounds),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the figures as one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=20_000, help="links on the big page")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (best is kept)")
    args = parser.parse_args(argv)
    report = {
        "benchmark": "start_page",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "pages": [measure(args.links, args.rounds), measure(40, args.rounds * 4)],
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
