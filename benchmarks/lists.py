"""List-page extraction scored on fixtures that reproduce real list-page patterns, as JSON.

There are no labelled real list pages in the development corpus (its pages are articles), so
``tests/fixtures/lists/`` holds one small page per pattern real sites use (script pagers,
``共N页`` text, lists in comments, lists split into blocks, category and menu links beside the
list...), written by us, with hand labels in ``labels.json``: the page's URL, every article link
of the list, the next page (or null when the page has none) and links that are not articles.

For each page it prints what :func:`zonereader.sources.portal.parse_list_page` found:

- ``found``: expected article links found / expected (the share of the list read);
- ``extra``: links taken that are not articles of the list (menu, category, other channels);
- ``next``: ``ok`` (the expected next page), ``missed`` (none found where one exists),
  ``wrong`` (another URL, or one where the page has none) or ``none`` (correctly none);
- ``ms``: parse time (best of five).

and the totals: ``found_share`` (found / expected over every page), ``extra`` (links wrongly
taken, summed), ``next_found`` (pages whose next page was right, of those that have one) and
``next_wrong``.

Run: ``.venv/bin/python benchmarks/lists.py [--page NAME]``. Never pass/fail.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from zonereader.sources.portal import parse_list_page
from zonereader.text.decode import decode_body

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "lists"
#: Timed parses per page (the best one is reported).
ROUNDS = 5


def score_page(name: str, label: dict[str, Any]) -> dict[str, Any]:
    """Parse one fixture and compare it with its label."""
    text = decode_body((FIXTURES / name).read_bytes(), None).text
    best = float("inf")
    page = None
    for _ in range(ROUNDS):
        start = time.perf_counter()
        page = parse_list_page(text, label["url"])
        best = min(best, time.perf_counter() - start)
    assert page is not None
    expected = list(label["articles"])
    taken = [entry.url for entry in page.entries]
    found = [url for url in expected if url in taken]
    extra = [url for url in taken if url not in expected]
    wanted_next = label["next"]
    if page.next_url == wanted_next:
        next_state = "ok" if wanted_next else "none"
    elif page.next_url is None:
        next_state = "missed"
    else:
        next_state = "wrong"
    return {
        "page": name,
        "pattern": label["pattern"],
        "expected": len(expected),
        "found": len(found),
        "extra": extra,
        "missing": [url for url in expected if url not in taken],
        "next": next_state,
        "next_url": page.next_url,
        "ms": round(best * 1000, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Score every fixture (or one) and print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", metavar="NAME", help="score only this fixture")
    args = parser.parse_args(argv)
    labels_path = FIXTURES / "labels.json"
    if not labels_path.is_file():
        print(f"lists benchmark: {labels_path} is missing", file=sys.stderr)
        return 2
    labels: dict[str, dict[str, Any]] = json.loads(labels_path.read_text(encoding="utf-8"))
    if args.page:
        if args.page not in labels:
            print(f"lists benchmark: no fixture named {args.page!r}", file=sys.stderr)
            return 2
        labels = {args.page: labels[args.page]}
    pages = [score_page(name, label) for name, label in labels.items()]
    expected = sum(p["expected"] for p in pages)
    with_next = [p for p in pages if labels[p["page"]]["next"]]
    report = {
        "pages": pages,
        "total": {
            "pages": len(pages),
            "found_share": round(sum(p["found"] for p in pages) / max(1, expected), 3),
            "pages_complete": sum(p["found"] == p["expected"] for p in pages),
            "extra": sum(len(p["extra"]) for p in pages),
            "pages_with_extra": sum(bool(p["extra"]) for p in pages),
            "next_found": f"{sum(p['next'] == 'ok' for p in with_next)}/{len(with_next)}",
            "next_wrong": sum(p["next"] == "wrong" for p in pages),
            "ms_median": sorted(p["ms"] for p in pages)[len(pages) // 2],
        },
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
