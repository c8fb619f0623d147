"""HTML parsing and portal extraction throughput, printed as JSON.

Compares, on a realistic ~17 KB Chinese article page (a sample-portal article, its body grown to
about 17 KB of UTF-8 like a long real article): selectolax (lexbor backend), lxml (if installed)
and the standard library's html.parser, each parsing the page and collecting its text; then
zonereader's own steps: decoding, article extraction, page classification and list parsing.

Hostile nesting: a page of N nested ``<div>``s (N = 5,000, 10,000, 20,000), the time lexbor
takes to parse it and the time the article extractor takes on the parsed tree (it must stay
near-linear in N; lexbor's own parse does not, and the sync bounds it).

Real pages: when the development corpus is there (``../shared/corpus/cwced``, or
``--corpus DIR``), the same steps on its three largest pages (115-411 KB as served) and on all
of its pages in one pass, in milliseconds per page: what a sync pays for big real pages, with
their menus, related-news boxes and sidebars.

Run: ``.venv/bin/python benchmarks/parse.py [--seconds S]``. Figures are pages per second
(best of three timed rounds, each at least S seconds / 3). Never pass/fail.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import selectolax
from selectolax.lexbor import LexborHTMLParser

from zonereader.demo import SamplePortal
from zonereader.sources.portal import ExtractError, page_kind, parse_article_page, parse_list_page
from zonereader.text.decode import DecodeError, decode_body
from zonereader.text.html import html_to_paragraphs

TARGET_BYTES = 17_000
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cwced"
#: How many of the corpus's largest pages are timed one by one.
LARGEST_PAGES = 3


class _TextCollector(HTMLParser):
    """The least an html.parser-based extractor does: collect text outside script/style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_parser(text: str) -> int:
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return len("".join(collector.parts))


def _selectolax(data: bytes | str) -> int:
    tree = LexborHTMLParser(data)
    for node in tree.css("script, style"):
        node.decompose()
    return len(tree.body.text() if tree.body is not None else "")


def _rate(func: Callable[[], object], seconds: float) -> float:
    """Calls per second: best of three rounds of at least ``seconds / 3`` each."""
    func()
    best = 0.0
    for _ in range(3):
        count = 0
        start = time.perf_counter()
        deadline = start + seconds / 3
        while True:
            func()
            count += 1
            now = time.perf_counter()
            if now >= deadline:
                break
        best = max(best, count / (now - start))
    return round(best, 1)


def _read_article(body: bytes, url: str) -> None:
    """What a sync does with an article page: decode, then extract (a miss is a result too)."""
    with contextlib.suppress(DecodeError, ExtractError):
        parse_article_page(decode_body(body, None).text, url, source="bench")


def _parse_only(text: str, url: str) -> None:
    with contextlib.suppress(ExtractError):
        parse_article_page(text, url, source="bench")


def _ms_per_call(func: Callable[[], object], seconds: float) -> float:
    rate = _rate(func, seconds)
    return round(1000 / rate, 2) if rate else 0.0


def _real_pages(corpus: Path, seconds: float) -> dict[str, Any] | None:
    """Milliseconds per page on the corpus's largest pages and over the whole corpus."""
    paths = sorted(corpus.glob("original/*.html"))
    if not paths:
        return None
    url = "http://www.example.gov.cn/xwzx/2022/page.html"
    pages = [(path, path.read_bytes()) for path in paths]
    largest = sorted(pages, key=lambda item: len(item[1]), reverse=True)[:LARGEST_PAGES]
    per_page: dict[str, Any] = {}
    for path, body in largest:
        try:
            text = decode_body(body, None).text
        except DecodeError:
            continue
        per_page[path.stem[:8]] = {
            "bytes": len(body),
            "decode_ms": _ms_per_call(lambda body=body: decode_body(body, None), seconds),
            "parse_article_page_ms": _ms_per_call(
                lambda text=text: _parse_only(text, url), seconds
            ),
            "decode_and_parse_article_ms": _ms_per_call(
                lambda body=body: _read_article(body, url), seconds
            ),
            "page_kind_ms": _ms_per_call(lambda text=text: page_kind(text, url), seconds),
        }

    def whole_corpus() -> None:
        for _, body in pages:
            _read_article(body, url)

    started = time.perf_counter()
    whole_corpus()
    one_pass = time.perf_counter() - started
    rounds = max(1, int(seconds / max(one_pass, 1e-3)))
    started = time.perf_counter()
    for _ in range(rounds):
        whole_corpus()
    elapsed = (time.perf_counter() - started) / rounds
    return {
        "corpus": str(corpus),
        "largest_pages": per_page,
        "all_pages": {
            "pages": len(pages),
            "bytes": sum(len(body) for _, body in pages),
            "decode_and_parse_article_ms_per_page": round(1000 * elapsed / len(pages), 2),
        },
    }


#: Depths of the hostile nesting measurement.
NESTING = (5_000, 10_000, 20_000)


def _nesting() -> dict[str, dict[str, float]]:
    """Milliseconds (CPU) to parse N nested divs, and to read the article from the parsed tree."""
    from zonereader.sources.portal import page as page_module
    from zonereader.text.html import parse_html

    figures: dict[str, dict[str, float]] = {}
    original = page_module.parse_html
    for depth in NESTING:
        html = (
            "<html><head><title>标题</title></head><body>"
            + "<div>" * depth
            + "<h1>标题一则</h1><p>正文内容，第一段文字。</p>" * 3
            + "</div>" * depth
            + "</body></html>"
        )
        started = time.process_time()
        tree = parse_html(html)
        parsed = time.process_time() - started
        page_module.parse_html = lambda _html, tree=tree: tree  # type: ignore[assignment]  # reuse the parsed tree: time the extractor only
        try:
            started = time.process_time()
            with contextlib.suppress(ExtractError):
                parse_article_page(html, "http://h.example.cn/a.html", source="bench")
            read = time.process_time() - started
        finally:
            page_module.parse_html = original
        figures[str(depth)] = {
            "lexbor_parse_ms": round(parsed * 1000, 1),
            "article_reading_ms": round(read * 1000, 1),
        }
    return figures


def _page(portal: SamplePortal, url: str) -> tuple[bytes, str | None]:
    parts = urlsplit(url)
    _, headers, body = portal.render(parts.path)
    content_type = {k.lower(): v for k, v in dict(headers).items()}.get("content-type")
    return body, content_type


def _grow(text: str) -> str:
    """Repeat the body's paragraphs until the page is about TARGET_BYTES of UTF-8."""
    paragraphs = re.findall(r"<p[^>]*>\u3000\u3000.*?</p>\s*", text, flags=re.S | re.I)
    if not paragraphs:
        return text
    last = paragraphs[-1]
    extra: list[str] = []
    index = 0
    while len(text.encode()) + len("".join(extra).encode()) < TARGET_BYTES:
        extra.append(paragraphs[index % len(paragraphs)])
        index += 1
    position = text.index(last) + len(last)
    return text[:position] + "".join(extra) + text[position:]


def main() -> None:
    """Measure and print the JSON figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="time per measurement")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="the real pages (original/*.html)"
    )
    args = parser.parse_args()

    portal = SamplePortal(articles=200, seed=1)
    manifest = portal.manifest("http://127.0.0.1:8000")
    article = manifest["articles"][0]
    body, content_type = _page(portal, article["url"])
    grown = _grow(decode_body(body, content_type).text)
    # one document per encoding, each declaring its own charset, so every parser reads it right
    text = re.sub(r"charset=[\w-]+", "charset=utf-8", grown, count=1)
    utf8 = text.encode("utf-8")
    gbk = re.sub(r"charset=[\w-]+", "charset=gbk", grown, count=1).encode("gb18030")
    url = article["url"]
    index_body, index_type = _page(portal, manifest["start_urls"]["index"])
    index_text = decode_body(index_body, index_type).text
    channel = parse_list_page(index_text, manifest["start_urls"]["index"]).channels[0].url
    list_body, list_type = _page(portal, channel)
    list_text = decode_body(list_body, list_type).text

    seconds = args.seconds
    parsers: dict[str, Any] = {
        "selectolax_lexbor_utf8_bytes": _rate(lambda: _selectolax(utf8), seconds),
        "selectolax_lexbor_str": _rate(lambda: _selectolax(text), seconds),
        "html_parser_stdlib": _rate(lambda: _html_parser(text), seconds),
    }
    try:
        import lxml
        import lxml.html

        def _lxml() -> int:
            tree = lxml.html.fromstring(utf8)
            for bad in tree.xpath("//script|//style"):
                bad.drop_tree()
            return len(tree.text_content())

        parsers["lxml_utf8_bytes"] = _rate(_lxml, seconds)
        lxml_version: str | None = lxml.__version__
    except ImportError:
        parsers["lxml_utf8_bytes"] = None
        lxml_version = None

    zonereader_steps = {
        "decode_gbk_page": _rate(lambda: decode_body(gbk, None), seconds),
        "parse_article_page": _rate(lambda: parse_article_page(text, url, source="bench"), seconds),
        "decode_and_parse_article": _rate(
            lambda: parse_article_page(decode_body(gbk, None).text, url, source="bench"),
            seconds,
        ),
        "page_kind_article": _rate(lambda: page_kind(text, url), seconds),
        "parse_list_page": _rate(lambda: parse_list_page(list_text, channel), seconds),
        "parse_section_index": _rate(
            lambda: parse_list_page(index_text, manifest["start_urls"]["index"]), seconds
        ),
        "html_to_paragraphs_page": _rate(lambda: html_to_paragraphs(text, url), seconds),
    }
    result = {
        "benchmark": "parse",
        "unit": "pages per second (best of 3 rounds)",
        "page_bytes_utf8": len(utf8),
        "page_bytes_gbk": len(gbk),
        "list_page_bytes": len(list_text.encode()),
        "parsers": parsers,
        "zonereader": zonereader_steps,
        "real_pages": _real_pages(args.corpus, seconds),
        "hostile_nesting": _nesting(),
        "versions": {
            "python": platform.python_version(),
            "selectolax": selectolax.__version__,
            "lxml": lxml_version,
        },
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
