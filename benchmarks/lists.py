"""List-page extraction scored on fixtures that reproduce real list-page patterns, as JSON.

There are no labelled real list pages in the development corpus (its pages are articles), so
two sets of pages written by us stand in for them, each with hand labels in ``labels.json``
(the page's URL, every article link of the list, the next page or null when the page has none,
links that are not articles, the zone path its breadcrumb gives, and optionally ``titles``:
the full title of rows whose visible title is cut with ``...``):

- ``--set first`` (the default), ``tests/fixtures/lists/``: one small page per pattern real
  sites use (script pagers, ``共N页`` text, lists in comments, lists split into blocks, category
  and menu links beside the list...), written alongside the heuristics;
- ``--set fresh``, ``tests/fixtures/lists_fresh/``: complete pages as CMS templates serve them
  (site menu, channel column, breadcrumbs, side boxes of other channels' articles, footer,
  scripts), written by another hand before reading the extractor, as a check that the
  heuristics generalise.

For each page it prints what :func:`zonereader.sources.portal.parse_list_page` found:

- ``found``: expected article links found / expected (the share of the list read);
- ``extra``: links taken that are not articles of the list (menu, category, other channels);
- ``next``: ``ok`` (the expected next page), ``missed`` (none found where one exists),
  ``wrong`` (another URL, or one where the page has none) or ``none`` (correctly none);
- ``zone``: the zone path read from the page's breadcrumb, and whether it is the label's;
- ``titles_wrong``: rows with a labelled full title whose entry title differs from it;
- ``ms``: parse time (best of five).

and the totals: ``found_share`` (found / expected over every page), ``extra`` (links wrongly
taken, summed), ``next_found`` (pages whose next page was right, of those that have one),
``next_wrong``, ``zones_right``, ``titles_full`` (labelled cut titles found and read in full)
and the median time.

Run: ``.venv/bin/python benchmarks/lists.py [--set first|fresh] [--page NAME]``. Never
pass/fail.
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

FIXTURE_ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
#: The fixture sets, by the name ``--set`` takes.
SETS = {"first": FIXTURE_ROOT / "lists", "fresh": FIXTURE_ROOT / "lists_fresh"}
#: Timed parses per page (the best one is reported).
ROUNDS = 5


def score_page(folder: Path, name: str, label: dict[str, Any]) -> dict[str, Any]:
    """Parse one fixture and compare it with its label."""
    text = decode_body((folder / name).read_bytes(), None).text
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
    titles = {entry.url: entry.title for entry in page.entries}
    full_titles: dict[str, str] = label.get("titles", {})
    titles_wrong = {
        url: titles[url]
        for url, title in full_titles.items()
        if url in titles and titles[url] != title
    }
    return {
        "page": name,
        "pattern": label["pattern"],
        "expected": len(expected),
        "found": len(found),
        "extra": extra,
        "missing": [url for url in expected if url not in taken],
        "next": next_state,
        "next_url": page.next_url,
        "zone": page.zone,
        "zone_ok": page.zone == label.get("zone", page.zone),
        "titles_labelled": len(full_titles),
        "titles_ok": sum(titles.get(url) == title for url, title in full_titles.items()),
        "titles_wrong": titles_wrong,
        "ms": round(best * 1000, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Score every fixture (or one) and print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", choices=sorted(SETS), default="first", help="which fixture set (default: first)"
    )
    parser.add_argument("--page", metavar="NAME", help="score only this fixture")
    args = parser.parse_args(argv)
    folder = SETS[args.set]
    labels_path = folder / "labels.json"
    if not labels_path.is_file():
        print(f"lists benchmark: {labels_path} is missing", file=sys.stderr)
        return 2
    labels: dict[str, dict[str, Any]] = json.loads(labels_path.read_text(encoding="utf-8"))
    if args.page:
        if args.page not in labels:
            print(f"lists benchmark: no fixture named {args.page!r}", file=sys.stderr)
            return 2
        labels = {args.page: labels[args.page]}
    pages = [score_page(folder, name, label) for name, label in labels.items()]
    expected = sum(p["expected"] for p in pages)
    with_next = [p for p in pages if labels[p["page"]]["next"]]
    titles_labelled = sum(p["titles_labelled"] for p in pages)
    titles_ok = sum(p["titles_ok"] for p in pages)
    report = {
        "set": args.set,
        "pages": pages,
        "total": {
            "pages": len(pages),
            "found_share": round(sum(p["found"] for p in pages) / max(1, expected), 3),
            "pages_complete": sum(p["found"] == p["expected"] for p in pages),
            "extra": sum(len(p["extra"]) for p in pages),
            "pages_with_extra": sum(bool(p["extra"]) for p in pages),
            "next_found": f"{sum(p['next'] == 'ok' for p in with_next)}/{len(with_next)}",
            "next_wrong": sum(p["next"] == "wrong" for p in pages),
            "zones_right": f"{sum(p['zone_ok'] for p in pages)}/{len(pages)}",
            "titles_full": f"{titles_ok}/{titles_labelled}",
            "ms_median": sorted(p["ms"] for p in pages)[len(pages) // 2],
        },
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
