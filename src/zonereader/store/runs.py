"""Sync runs as the cache records them: started, finished, with their counts.

Each function runs on the store's connection; the writing ones inside a write transaction the
store opened.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from zonereader.models import RunRecord, SyncCounts
from zonereader.store import rows
from zonereader.store.sql import all_rows

_FINISHED = (
    "SELECT id, started, finished, sources, counts FROM runs WHERE finished IS NOT NULL "
    "ORDER BY finished DESC, id DESC LIMIT ?"
)


def start_run(conn: sqlite3.Connection, sources: list[str], now: float) -> int:
    """Inside a write: record the start of a run over ``sources``; return its id."""
    cursor = conn.execute(
        "INSERT INTO runs (started, sources) VALUES (?, ?)",
        (now, json.dumps(list(sources), ensure_ascii=False)),
    )
    return int(cursor.lastrowid or 0)


def finish_run(conn: sqlite3.Connection, run_id: int, counts: SyncCounts, now: float) -> None:
    """Inside a write: record the end of run ``run_id`` with its counts and errors."""
    conn.execute(
        "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
        (now, json.dumps(counts.as_dict(), ensure_ascii=False), run_id),
    )


def finished_runs(conn: sqlite3.Connection, limit: int) -> list[RunRecord]:
    """The ``limit`` most recently finished runs, newest first."""
    return [_record(row) for row in all_rows(conn, _FINISHED, (limit,))]


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


def _json(text: str | None, default: object) -> object:
    """A JSON column's value; ``default`` when it is empty or damaged."""
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default
