"""The sync log as text: the last runs, newest first, each source's outcome and error lines.

Pure (no Textual): the sync log screen shows what :func:`sync_log_text` returns. Every source
name and error line came from a config file or a server: all of it goes through
:func:`~zonereader.text.sanitize.clean_line` and is never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text

from zonereader.models import CST, RunRecord, SourceResult, SourceState
from zonereader.text.sanitize import clean_line
from zonereader.ui.textfmt import format_age, format_count, plural

#: Where the status line points when a sync had trouble (the sync log's key).
SYNC_LOG_HINT = "L: log"
#: How each state reads (words, not colours alone: NO_COLOR terminals see them too).
STATE_WORDS = {SourceState.OK: "ok", SourceState.PARTIAL: "errors", SourceState.FAILED: "FAILED"}
STATE_STYLES = {SourceState.OK: "", SourceState.PARTIAL: "bold", SourceState.FAILED: "bold reverse"}
#: Cells an error line may take before it is cut (one line each).
ERROR_CELLS = 200


def run_summary(run: RunRecord) -> str:
    """One line about a run's results: ``12 new, 3 updated, 2 sources failed``."""
    counts = run.counts
    parts = [f"{format_count(counts.new)} new", f"{format_count(counts.updated)} updated"]
    if counts.failed:
        parts.append(f"{plural(counts.failed, 'article')} failed")
    if run.failed_sources:
        parts.append(f"{plural(run.failed_sources, 'source')} failed")
    if run.partial_sources:
        parts.append(f"{plural(run.partial_sources, 'source')} with errors")
    if not run.results and counts.errors:
        parts.append(plural(len(counts.errors), "error"))
    return ", ".join(parts)


def sync_state_text(run: RunRecord | None, now: datetime) -> str:
    """The status line's word on the last sync: ``synced just now, 2 sources failed (L: log)``."""
    if run is None:
        return "never synced"
    text = f"synced {format_age(run.finished, now)}"
    trouble = []
    if run.failed_sources:
        trouble.append(f"{plural(run.failed_sources, 'source')} failed")
    if run.partial_sources:
        trouble.append(f"{plural(run.partial_sources, 'source')} with errors")
    if not run.results and run.counts.errors:
        trouble.append(plural(len(run.counts.errors), "error"))
    return f"{text}, {', '.join(trouble)}" if trouble else text


def status_sync_text(run: RunRecord | None, now: datetime) -> str:
    """The status line's word on the last sync, pointing to the sync log when a source of it
    failed or had errors."""
    text = sync_state_text(run, now)
    if run is not None and run.results != () and (run.failed_sources or run.partial_sources):
        text += f" ({SYNC_LOG_HINT})"
    return text


def sync_log_text(runs: Sequence[RunRecord], now: datetime) -> Text:
    """The sync log: each run (newest first), then each of its sources and their errors."""
    text = Text()
    if not runs:
        text.append("No sync has run on this cache yet: r syncs now.", style="italic")
        return text
    for index, run in enumerate(runs):
        if index:
            text.append("\n")
        _run_heading(text, run, now)
        if run.results:
            width = max(cell_len(clean_line(result.name)) for result in run.results)
            for result in run.results:
                _source_lines(text, result, width)
        else:
            for error in run.counts.errors:
                text.append(f"    {clean_line(error, ERROR_CELLS)}\n")
    return text


def _run_heading(text: Text, run: RunRecord, now: datetime) -> None:
    local = run.finished.astimezone(CST)
    took = max(0, int((run.finished - run.started).total_seconds()))
    text.append(f"{local:%Y-%m-%d %H:%M}", style="bold")
    text.append(f" ({format_age(run.finished, now)}, took {took} s)  ", style="dim")
    text.append(run_summary(run))
    text.append("\n")


def _source_lines(text: Text, result: SourceResult, width: int) -> None:
    name = clean_line(result.name)
    text.append(f"  {STATE_WORDS[result.state]:>6} ", style=STATE_STYLES[result.state])
    text.append(f" {name}{' ' * (width - cell_len(name))}  ")
    text.append(f"{clean_line(result.kind):6} ", style="dim")
    text.append(
        f"{format_count(result.new)} new, {format_count(result.updated)} updated, "
        f"{format_count(result.failed)} failed"
    )
    if result.not_modified:
        text.append(f", {format_count(result.not_modified)} unchanged (304)", style="dim")
    text.append("\n")
    for error in result.errors:
        text.append(f"           {clean_line(error, ERROR_CELLS)}\n")
    if result.more_errors:
        text.append(f"           … and {plural(result.more_errors, 'more error')}\n", style="dim")
    for note in result.notes:
        text.append(f"           note: {clean_line(note, ERROR_CELLS)}\n", style="dim")
