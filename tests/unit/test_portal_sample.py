"""Portal extraction against every page the sample portal generates (rendered without sockets)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from zonereader.demo import SamplePortal
from zonereader.sources.portal import page_kind, parse_article_page, parse_list_page
from zonereader.text.decode import decode_body

BASE = "http://127.0.0.1:8123"


@pytest.fixture(scope="module")
def portal() -> tuple[SamplePortal, dict[str, Any]]:
    sample = SamplePortal(articles=300, seed=3)
    return sample, sample.manifest(BASE)


def fetch(sample: SamplePortal, url: str) -> str:
    parts = urlsplit(url)
    status, headers, body = sample.render(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert status == 200, url
    content_type = {k.lower(): v for k, v in dict(headers).items()}.get("content-type")
    return decode_body(body, content_type).text


def test_every_article_matches_the_manifest(portal: tuple[SamplePortal, dict[str, Any]]) -> None:
    sample, manifest = portal
    urls = {a["url"] for a in manifest["articles"]}
    for expected in manifest["articles"]:
        html = fetch(sample, expected["url"])
        assert page_kind(html, expected["url"]) == "article"
        article = parse_article_page(html, expected["url"], source="demo")
        assert article.url == expected["url"]
        assert article.title == expected["title"]
        assert article.zone == expected["zone"]
        assert article.published is not None
        assert article.published.date().isoformat() == expected["published"][:10]
        assert article.origin == expected["origin"]
        assert article.publisher == expected["publisher"]
        assert article.paragraphs == expected["paragraphs"]
        for link in (article.prev_link, article.next_link):
            assert link is None or link.url in urls


def test_walk_from_the_index_finds_every_article(
    portal: tuple[SamplePortal, dict[str, Any]],
) -> None:
    sample, manifest = portal
    index_url = manifest["start_urls"]["index"]
    html = fetch(sample, index_url)
    assert page_kind(html, index_url) == "index"
    index = parse_list_page(html, index_url)
    assert {c.zone for c in index.channels} == set(manifest["zones"]) - {"园区动态"}
    found: dict[str, tuple[str, str, str]] = {}
    starts = [(c.url, c.zone) for c in index.channels]
    starts.append((manifest["start_urls"]["other"], "园区动态"))
    for start, zone in starts:
        url: str | None = start
        seen: set[str] = set()
        while url is not None and url not in seen:
            seen.add(url)
            html = fetch(sample, url)
            assert page_kind(html, url) == "list", url
            page = parse_list_page(html, url)
            assert page.zone == zone
            for entry in page.entries:
                assert entry.published is not None
                found[entry.url] = (entry.title, entry.published.date().isoformat(), zone)
            url = page.next_url
    expected = {
        a["url"]: (a["title"], a["published"][:10], a["zone"]) for a in manifest["articles"]
    }
    assert found == expected
