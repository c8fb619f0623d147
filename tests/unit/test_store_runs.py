"""Sync runs and each source's outcome, as the sync log reads them back."""

from __future__ import annotations

from pathlib import Path

from zonereader.models import MAX_SOURCE_ERRORS, SourceResult, SourceState, SyncCounts
from zonereader.store import Store


def test_runs_keep_each_source_outcome_newest_first(tmp_path: Path) -> None:
    ticks = iter(range(1_700_000_000, 1_800_000_000, 10))
    with Store.open(tmp_path / "c.db", clock=lambda: float(next(ticks))) as store:
        first = store.start_run(["门户", "feed"])
        store.finish_run(
            first,
            SyncCounts(new=3),
            [
                SourceResult("门户", "portal", SourceState.OK, new=3),
                SourceResult("feed", "feed", SourceState.FAILED, errors=("connection refused",)),
            ],
        )
        second = store.start_run(["门户"])
        errors = tuple(f"http://x/{n}: 500" for n in range(MAX_SOURCE_ERRORS + 7))
        store.finish_run(
            second,
            SyncCounts(failed=len(errors)),
            [
                SourceResult(
                    "门户", "portal", SourceState.PARTIAL, failed=len(errors), errors=errors
                )
            ],
        )
        runs = store.recent_runs(5)
        last = store.last_run()
    assert [run.id for run in runs] == [second, first]
    assert last == runs[0]
    older = runs[1]
    assert [r.name for r in older.results] == ["门户", "feed"]  # in the order given
    assert older.failed_sources == 1 and older.partial_sources == 0
    assert older.results[1].errors == ("connection refused",)
    newest = runs[0].results[0]
    assert newest.state is SourceState.PARTIAL and runs[0].partial_sources == 1
    assert len(newest.errors) == MAX_SOURCE_ERRORS and newest.more_errors == 7


def test_runs_without_source_outcomes_still_read(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        run = store.start_run(["old"])
        store.finish_run(run, SyncCounts(errors=["old: boom"]))
        (record,) = store.recent_runs()
    assert record.results == () and record.counts.errors == ["old: boom"]
    assert record.failed_sources == 0
