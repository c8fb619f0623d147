"""Article extraction cost against an earlier commit, in the same process, printed as JSON.

The machine these figures come from is shared and noisy: seconds measured in two runs minutes
apart are not comparable (the same unchanged step was seen three times slower in a second run).
This benchmark loads the extractor of an earlier commit (``--ref``, default ``main``) beside the
working tree's, as a package renamed ``zr_baseline``, and times both on the same pages in
alternation, in CPU time, keeping each one's best of ``--rounds``: what changed is the only
difference between the two figures of a row.

Pages: the 17 KB sample-portal article of ``benchmarks/parse.py``, and every page of the
development corpus when it is there (``../shared/corpus/cwced``). Rows: ``parse_article_page``
and ``page_kind``, per page; the ratio new/old per page (median, 90th percentile, worst) and
over the whole corpus. Decoding is done once, outside the timings.

Run: ``.venv/bin/python benchmarks/parse_compare.py [--ref REF] [--rounds N]``. Needs git.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from parse import DEFAULT_CORPUS, _grow, _page
from zonereader.demo import SamplePortal
from zonereader.sources import portal as current
from zonereader.text.decode import DecodeError, decode_body

ROOT = Path(__file__).resolve().parent.parent
_IMPORTS = re.compile(r"\bzonereader\b")


def load_baseline(ref: str, where: Path) -> ModuleType:
    """Extract ``src/zonereader`` at ``ref`` as package ``zr_baseline`` and import its portal."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src/zonereader"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    package = where / "zr_baseline"
    (where / "src" / "zonereader").rename(package)
    for path in package.rglob("*.py"):
        path.write_text(_IMPORTS.sub("zr_baseline", path.read_text("utf-8")), "utf-8")
    sys.path.insert(0, str(where))
    return importlib.import_module("zr_baseline.sources.portal")


def _best(func: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        with contextlib.suppress(Exception):
            func()
        best = min(best, time.process_time() - started)
    return best * 1000


URL = "http://www.example.gov.cn/xwzx/2022/a.html"


def _parse(module: ModuleType, text: str) -> object:
    return module.parse_article_page(text, URL, source="bench")


def _kind(module: ModuleType, text: str) -> object:
    return module.page_kind(text, URL)


def compare(
    pages: list[tuple[str, str]], old: ModuleType, rounds: int
) -> dict[str, dict[str, float]]:
    """Per page: best CPU milliseconds of each step, old and new, measured in alternation."""
    rows: dict[str, dict[str, float]] = {}
    for name, text in pages:
        row: dict[str, float] = {}
        for step, call in (("parse", _parse), ("kind", _kind)):
            olds, news = [], []
            for _ in range(rounds):
                olds.append(_best(lambda: call(old, text), 1))  # noqa: B023 (called at once)
                news.append(_best(lambda: call(current, text), 1))  # noqa: B023
            row[f"{step}_old_ms"] = round(min(olds), 3)
            row[f"{step}_new_ms"] = round(min(news), 3)
        rows[name] = row
    return rows


def summary(rows: dict[str, dict[str, float]], step: str) -> dict[str, Any]:
    """Ratios new/old over ``rows`` for ``step``: per page (median, p90, worst) and in total."""
    ratios = sorted(row[f"{step}_new_ms"] / row[f"{step}_old_ms"] for row in rows.values())
    total_old = sum(row[f"{step}_old_ms"] for row in rows.values())
    total_new = sum(row[f"{step}_new_ms"] for row in rows.values())
    return {
        "pages": len(ratios),
        "ms_per_page_old": round(total_old / len(ratios), 3),
        "ms_per_page_new": round(total_new / len(ratios), 3),
        "ratio_total": round(total_new / total_old, 2),
        "ratio_median": round(statistics.median(ratios), 2),
        "ratio_p90": round(ratios[int(0.9 * (len(ratios) - 1))], 2),
        "ratio_worst": round(ratios[-1], 2),
    }


def main() -> None:
    """Measure and print the JSON figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main", help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=5, help="alternations per page and step")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the real pages")
    args = parser.parse_args()

    sample = SamplePortal(articles=200, seed=1)
    article = sample.manifest("http://127.0.0.1:8000")["articles"][0]
    body, content_type = _page(sample, article["url"])
    pages = [("sample_17KB", _grow(decode_body(body, content_type).text))]
    sizes: dict[str, int] = {}
    for path in sorted(args.corpus.glob("original/*.html")):
        data = path.read_bytes()
        with contextlib.suppress(DecodeError):
            pages.append((path.stem[:8], decode_body(data, None).text))
            sizes[path.stem[:8]] = len(data)

    with tempfile.TemporaryDirectory() as where:
        old = load_baseline(args.ref, Path(where))
        rows = compare(pages, old, args.rounds)
    corpus = {name: row for name, row in rows.items() if name in sizes}
    largest = sorted(corpus, key=lambda name: -sizes[name])[:3]
    result: dict[str, Any] = {
        "benchmark": "parse_compare",
        "ref": args.ref,
        "unit": "CPU milliseconds per page, best of the rounds, old and new in alternation",
        "sample_17KB": rows["sample_17KB"],
        "largest_pages": {name: {"bytes": sizes[name], **corpus[name]} for name in largest},
    }
    if corpus:
        result["corpus_parse"] = summary(corpus, "parse")
        result["corpus_kind"] = summary(corpus, "kind")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
