"""Group commit: batches queued during a write share the next one; errors stay with their batch."""

from __future__ import annotations

import asyncio
import logging

import pytest

from zonereader.models import Article, UpsertOutcome, Validators
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.sync.group_commit import GroupCommit


def _article(url: str) -> PreparedArticle:
    return prepare_article(
        Article(url=url, title=url, zone="区/频道", source="s", paragraphs=["正文"])
    )


class Recorder:
    """A write that takes its time, records each call, and refuses URLs containing 'bad'."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.validators: list[list[tuple[str, Validators]]] = []

    async def write(
        self,
        articles: list[PreparedArticle],
        validators: list[tuple[str, Validators]],
    ) -> list[tuple[int, UpsertOutcome]]:
        urls = [item.article.url for item in articles]
        self.calls.append(urls)
        self.validators.append(validators)
        await asyncio.sleep(0.01)
        if any("bad" in url for url in urls):
            raise ValueError("refused")
        return [(int(url.rsplit("/", 1)[1]), UpsertOutcome.NEW) for url in urls]


def test_batches_queued_during_a_write_go_out_together() -> None:
    recorder = Recorder()

    async def scenario() -> list[list[tuple[int, UpsertOutcome]]]:
        group = GroupCommit(recorder.write)
        first = asyncio.create_task(group.store([_article("u/1")], []))
        await asyncio.sleep(0)  # the first write starts alone
        rest = [
            asyncio.create_task(
                group.store(
                    [_article(f"u/{n}"), _article(f"u/{n + 1}")], [(f"p/{n}", Validators("e"))]
                )
            )
            for n in (2, 4, 6)
        ]
        return await asyncio.gather(first, *rest)

    results = asyncio.run(scenario())
    assert recorder.calls == [["u/1"], ["u/2", "u/3", "u/4", "u/5", "u/6", "u/7"]]
    assert [pair[0] for pair in recorder.validators[1]] == ["p/2", "p/4", "p/6"]
    # Each caller gets the outcomes of its own articles, in its order.
    assert [[article_id for article_id, _ in r] for r in results] == [[1], [2, 3], [4, 5], [6, 7]]


def test_a_failing_batch_fails_alone() -> None:
    recorder = Recorder()

    async def scenario() -> list[object]:
        group = GroupCommit(recorder.write)
        first = asyncio.create_task(group.store([_article("u/1")], []))
        await asyncio.sleep(0)
        good = asyncio.create_task(group.store([_article("u/2")], []))
        bad = asyncio.create_task(group.store([_article("bad/3")], []))
        also_good = asyncio.create_task(group.store([_article("u/4")], []))
        return await asyncio.gather(first, good, bad, also_good, return_exceptions=True)

    first, good, bad, also_good = asyncio.run(scenario())
    assert first == [(1, UpsertOutcome.NEW)]
    assert good == [(2, UpsertOutcome.NEW)]
    assert isinstance(bad, ValueError)
    assert also_good == [(4, UpsertOutcome.NEW)]
    # The merged write failed as a whole, then each batch was written on its own.
    assert recorder.calls == [["u/1"], ["u/2", "bad/3", "u/4"], ["u/2"], ["bad/3"], ["u/4"]]


def test_groups_stay_under_the_article_limit() -> None:
    recorder = Recorder()

    async def scenario() -> None:
        group = GroupCommit(recorder.write, max_articles=3)
        first = asyncio.create_task(group.store([_article("u/1")], []))
        await asyncio.sleep(0)
        batches = [[_article("u/2"), _article("u/3")], [_article("u/4")], [_article("u/5")]]
        big = [_article(f"u/{n}") for n in range(6, 11)]
        await asyncio.gather(first, *(group.store(b, []) for b in batches), group.store(big, []))

    asyncio.run(scenario())
    assert recorder.calls == [
        ["u/1"],
        ["u/2", "u/3", "u/4"],
        ["u/5"],
        ["u/6", "u/7", "u/8", "u/9", "u/10"],  # bigger than the limit: alone, never split
    ]


def test_aclose_cancels_what_is_still_queued() -> None:
    recorder = Recorder()

    async def scenario() -> None:
        group = GroupCommit(recorder.write)
        first = asyncio.create_task(group.store([_article("u/1")], []))
        await asyncio.sleep(0)
        queued = asyncio.create_task(group.store([_article("u/2")], []))
        await asyncio.sleep(0)
        await group.aclose()
        with pytest.raises(asyncio.CancelledError):
            await queued
        with pytest.raises(asyncio.CancelledError):
            await first

    asyncio.run(scenario())


def test_a_refused_merged_write_is_logged_and_retried_batch_by_batch(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder()

    async def scenario() -> list[object]:
        group = GroupCommit(recorder.write)
        first = asyncio.create_task(group.store([_article("u/1")], []))
        await asyncio.sleep(0)
        queued = [group.store([_article(url)], []) for url in ("u/2", "bad/3")]
        return await asyncio.gather(first, *queued, return_exceptions=True)

    with caplog.at_level(logging.INFO, logger="zonereader.sync.group_commit"):
        asyncio.run(scenario())
    assert recorder.calls[1:] == [["u/2", "bad/3"], ["u/2"], ["bad/3"]]
    assert "merged write of 2 batches failed (refused)" in caplog.text


def test_an_unexpected_error_fails_the_whole_group_without_retrying() -> None:
    """A bug in the write is not a refused article: no batch is written again, none hangs."""
    calls: list[int] = []

    async def broken(
        articles: list[PreparedArticle], validators: list[tuple[str, Validators]]
    ) -> list[tuple[int, UpsertOutcome]]:
        calls.append(len(articles))
        await asyncio.sleep(0.01)
        if len(calls) > 1:
            raise RuntimeError("bug")
        return [(1, UpsertOutcome.NEW)]

    async def scenario() -> list[object]:
        group = GroupCommit(broken)
        first = asyncio.create_task(group.store([_article("u/1")], []))
        await asyncio.sleep(0)
        queued = [group.store([_article(f"u/{n}")], []) for n in (2, 3)]
        return await asyncio.gather(first, *queued, return_exceptions=True)

    first, second, third = asyncio.run(scenario())
    assert first == [(1, UpsertOutcome.NEW)]
    assert isinstance(second, RuntimeError) and isinstance(third, RuntimeError)
    assert calls == [1, 2]
