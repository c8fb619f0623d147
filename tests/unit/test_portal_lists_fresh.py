"""The fresh list fixtures: complete pages written apart from the heuristics, results pinned.

tests/fixtures/lists_fresh/ holds whole list pages as CMS templates serve them (TRS, 大汉
datastores and their data proxy's answer, 博达 VSB, ASP tables, DedeCMS, EmpireCMS, layui,
jqPaginator, e-papers, a large portal...), written before the list reader was read, as a check
that its rules generalise; ``benchmarks/lists.py --set fresh`` scores them. This test pins what
the reader gets on each page today: every article link and nothing else, the next page, the
full titles of rows cut with ``...``, and the page kind. A change that moves one of them must
say why in its commit and update the pin here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zonereader.sources.portal import (
    classify_and_read_list,
    classify_page,
    page_kind,
    parse_list_page,
)
from zonereader.text.decode import decode_body

FRESH = Path(__file__).resolve().parent.parent / "fixtures" / "lists_fresh"
LABELS: dict[str, dict[str, Any]] = json.loads((FRESH / "labels.json").read_text("utf-8"))

#: Pages the page classifier (sources/portal/kind.py) reads as something else today: none. (A
#: DedeCMS list whose rows carry summaries under title lines heavy with a category, a date and
#: counters was one, until a line holding a link to one of the list's entries counted as a
#: title before a summary.) A sync reads the pages of a channel it walks as lists whatever
#: their kind, but classifies a configured start URL first.
KNOWN_KIND_MISSES: dict[str, str] = {}


def read(name: str) -> str:
    return decode_body((FRESH / name).read_bytes(), None).text


def test_the_fresh_set_is_complete() -> None:
    pages = sorted(path.name for path in FRESH.iterdir() if path.name != "labels.json")
    assert pages == sorted(LABELS)
    assert len(pages) >= 16
    assert sum(label["next"] is None for label in LABELS.values()) >= 1  # a last page


@pytest.mark.parametrize("name", sorted(LABELS))
def test_fresh_page_articles_next_page_and_titles(name: str) -> None:
    label = LABELS[name]
    page = parse_list_page(read(name), label["url"])
    assert [entry.url for entry in page.entries] == label["articles"]
    assert not set(label["not_articles"]) & {entry.url for entry in page.entries}
    assert page.next_url == label["next"]
    assert page.zone == label["zone"]
    assert bool(page.explanation.next_page) == bool(label["next"])
    titles = {entry.url: entry.title for entry in page.entries}
    for url, title in label.get("titles", {}).items():
        assert titles[url] == title


@pytest.mark.parametrize("name", sorted(LABELS))
def test_fresh_page_kind(name: str) -> None:
    assert page_kind(read(name), LABELS[name]["url"]) == KNOWN_KIND_MISSES.get(name, "list")


@pytest.mark.parametrize(
    "folder",
    [FRESH, FRESH.parent / "lists", FRESH.parent / "pages"],
    ids=["lists_fresh", "lists", "pages"],
)
def test_one_parse_reads_what_two_did(folder: Path) -> None:
    """A sync's start URL is parsed once for its kind and its list: the signals and the list
    are those of ``classify_page`` and ``parse_list_page`` on the page, on every fixture page
    (lists, indexes, articles, pages whose script reveals their rows)."""
    for path in sorted(folder.glob("*.html")):
        text = decode_body(path.read_bytes(), None).text
        url = LABELS.get(path.name, {}).get("url") or f"http://www.example.com/{path.name}"
        signals, listed = classify_and_read_list(text, url)
        assert signals == classify_page(text, url), path.name
        expected = None if signals.kind == "article" else parse_list_page(text, url)
        assert listed == expected, path.name
