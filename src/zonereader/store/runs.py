"""Sync runs as the cache records them: started, finished, with their counts and, per source,
what it did (the app's sync log).

Each function runs on the store's connection; the writing ones inside a write transaction the
store opened.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from zonereader.models import (
    MAX_SOURCE_ERRORS,
    RunRecord,
    SourceResult,
    SourceState,
    SyncCounts,
)
from zonereader.store import rows
from zonereader.store.sql import all_rows, rows_in

_FINISHED = (
    "SELECT id, started, finished, sources, counts FROM runs WHERE finished IS NOT NULL "
    "ORDER BY finished DESC, id DESC LIMIT ?"
)
_RESULTS = (
    "SELECT run_id, source, kind, state, new, updated, unchanged, failed, not_modified, errors, "
    "more_errors, notes FROM run_sources WHERE run_id IN ({marks}) ORDER BY run_id, position"
)


def start_run(conn: sqlite3.Connection, sources: list[str], now: float) -> int:
    """Inside a write: record the start of a run over ``sources``; return its id."""
    cursor = conn.execute(
        "INSERT INTO runs (started, sources) VALUES (?, ?)",
        (now, json.dumps(list(sources), ensure_ascii=False)),
    )
    return int(cursor.lastrowid or 0)


def finish_run(
    conn: sqlite3.Connection,
    run_id: int,
    counts: SyncCounts,
    now: float,
    results: Iterable[SourceResult] = (),
) -> None:
    """Inside a write: record the end of run ``run_id`` with its counts and errors, and each
    source's outcome (error lines past :data:`~zonereader.models.MAX_SOURCE_ERRORS` are
    counted, not kept)."""
    conn.execute(
        "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
        (now, json.dumps(counts.as_dict(), ensure_ascii=False), run_id),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO run_sources (run_id, source, position, kind, state, new, "
        "updated, unchanged, failed, not_modified, errors, more_errors, notes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_result_row(run_id, index, result) for index, result in enumerate(results)],
    )


def _result_row(run_id: int, position: int, result: SourceResult) -> tuple[object, ...]:
    kept = list(result.errors[:MAX_SOURCE_ERRORS])
    more = result.more_errors + max(0, len(result.errors) - MAX_SOURCE_ERRORS)
    return (
        run_id,
        result.name,
        position,
        result.kind,
        result.state.value,
        result.new,
        result.updated,
        result.unchanged,
        result.failed,
        result.not_modified,
        json.dumps(kept, ensure_ascii=False),
        more,
        json.dumps(list(result.notes), ensure_ascii=False),
    )


def finished_runs(conn: sqlite3.Connection, limit: int) -> list[RunRecord]:
    """The ``limit`` most recently finished runs, newest first, with each source's outcome."""
    runs = [_record(row) for row in all_rows(conn, _FINISHED, (limit,))]
    if not runs:
        return runs
    found: dict[int, list[SourceResult]] = {}
    for row in rows_in(conn, _RESULTS, [run.id for run in runs]):
        found.setdefault(int(row[0]), []).append(_result(row))
    return [
        RunRecord(
            id=run.id,
            started=run.started,
            finished=run.finished,
            sources=run.sources,
            counts=run.counts,
            results=tuple(found.get(run.id, ())),
        )
        for run in runs
    ]


def _record(row: Any) -> RunRecord:
    started, finished = rows.utc_datetime(row[1]), rows.utc_datetime(row[2])
    assert started is not None and finished is not None  # NOT NULL, and the query's filter
    counts = _json(row[4], {})
    sources = _json(row[3], [])
    return RunRecord(
        id=int(row[0]),
        started=started,
        finished=finished,
        sources=tuple(str(name) for name in sources) if isinstance(sources, list) else (),
        counts=SyncCounts.from_dict(counts if isinstance(counts, dict) else {}),
    )


def _result(row: Any) -> SourceResult:
    try:
        state = SourceState(row[3])
    except ValueError:
        state = SourceState.PARTIAL  # written by a newer zonereader: show it, do not hide it
    return SourceResult(
        name=str(row[1]),
        kind=str(row[2]),
        state=state,
        new=int(row[4]),
        updated=int(row[5]),
        unchanged=int(row[6]),
        failed=int(row[7]),
        not_modified=int(row[8]),
        errors=_strings(row[9]),
        more_errors=int(row[10]),
        notes=_strings(row[11]),
    )


def _strings(text: str | None) -> tuple[str, ...]:
    value = _json(text, [])
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _json(text: str | None, default: object) -> object:
    """A JSON column's value; ``default`` when it is empty or damaged."""
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default
