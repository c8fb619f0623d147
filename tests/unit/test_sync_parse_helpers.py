"""Parsing in helper processes: the same prepared articles as in-process, a dying helper."""

from __future__ import annotations

import asyncio
import signal

from zonereader.demo import SamplePortal
from zonereader.store.rows import PreparedArticle
from zonereader.sync.parse_jobs import ArticleJob, prepare_article_page
from zonereader.sync.parsing import PARALLEL_THRESHOLD, ArticleParser, ParseFailed

BASE = "http://127.0.0.1:8000"


def _in_process(url: str, body: bytes, ctype: str | None) -> PreparedArticle | str:
    return prepare_article_page(ArticleJob(body, ctype, url, "s", "", None, url, "s"))


def _parse(parser: ArticleParser, url: str, body: bytes, ctype: str | None) -> object:
    return parser.parse(
        body, ctype, url, source="s", zone_prefix="", selectors=None, identity=url, zone="s"
    )


def _pages(count: int) -> list[tuple[str, bytes, str | None]]:
    portal = SamplePortal(articles=count, seed=3)
    pages = []
    for channel in portal.channels():
        for number in portal.numbers(channel.zone):
            path = portal.article_path(number)
            _status, headers, body = portal.render(path)
            pages.append((BASE + path, body, dict(headers).get("Content-Type")))
    return pages


async def _parse_all(
    parser: ArticleParser, pages: list[tuple[str, bytes, str | None]]
) -> list[PreparedArticle]:
    parser.expect(PARALLEL_THRESHOLD)
    await asyncio.sleep(0)  # let the helpers start
    if parser._starting is not None:
        await parser._starting
    try:
        return await asyncio.gather(
            *(_parse(parser, url, body, ctype) for url, body, ctype in pages)
        )
    finally:
        await parser.close()


def test_helpers_give_the_in_process_prepared_articles() -> None:
    pages = _pages(60)
    parser = ArticleParser(helpers=2)
    results = asyncio.run(_parse_all(parser, pages))
    assert len(results) == len(pages)
    for (url, body, ctype), prepared in zip(pages, results, strict=True):
        assert prepared == _in_process(url, body, ctype)
        assert prepared.title_index and prepared.body_index  # split for the search index


def test_parsing_goes_on_in_process_when_helpers_die() -> None:
    pages = _pages(60)

    async def run() -> list[PreparedArticle]:
        parser = ArticleParser(helpers=2)
        parser.expect(PARALLEL_THRESHOLD)
        await asyncio.sleep(0)
        assert parser._starting is not None
        await parser._starting
        jobs = asyncio.gather(*(_parse(parser, url, body, ctype) for url, body, ctype in pages))
        await asyncio.sleep(0)  # requests sent, replies awaited: now the helpers die
        for helper in list(parser._helpers):
            helper.process.kill()
        try:
            return await jobs
        finally:
            await parser.close()

    results = asyncio.run(run())
    for (url, body, ctype), prepared in zip(pages, results, strict=True):
        assert prepared == _in_process(url, body, ctype)


def test_a_hung_helper_is_killed_and_only_its_stuck_job_fails() -> None:
    pages = _pages(12)

    async def run() -> tuple[list[object], int | None]:
        parser = ArticleParser(helpers=1, page_timeout=1.0)
        parser.expect(PARALLEL_THRESHOLD)
        await asyncio.sleep(0)
        assert parser._starting is not None
        await parser._starting
        helper = parser._helpers[0]
        helper.process.send_signal(signal.SIGSTOP)  # alive, but it never answers again
        try:
            results = await asyncio.gather(
                *(_parse(parser, url, body, ctype) for url, body, ctype in pages),
                return_exceptions=True,
            )
        finally:
            await parser.close()
        return results, helper.process.returncode

    results, returncode = asyncio.run(run())
    assert returncode is not None  # killed, not left behind
    stuck, *rest = results
    assert isinstance(stuck, ParseFailed)
    assert "took longer than 1 s" in str(stuck)
    for (url, body, ctype), result in zip(pages[1:], rest, strict=True):
        assert result == _in_process(url, body, ctype)
