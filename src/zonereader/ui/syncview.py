"""Sync progress and results as short status-line text: pure, no Textual.

It reads the sync's progress events and report, two modules of plain records that load
neither the engine nor httpx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zonereader.models import UpsertOutcome
from zonereader.sync.progress import (
    ArticleFailed,
    ArticleStored,
    PageFetched,
    ProgressEvent,
    SourceFinished,
    SourceStarted,
)
from zonereader.sync.report import SyncReport
from zonereader.ui.synclog import SYNC_LOG_HINT
from zonereader.ui.textfmt import format_count, plural


@dataclass(slots=True)
class SyncTally:
    """Counts a sync's progress events; :meth:`add` says when the line is worth redrawing."""

    source: str = ""
    running: list[str] = field(default_factory=list)
    pages: int = 0
    queued: int = 0
    stored: int = 0
    new: int = 0
    failed: int = 0

    def add(self, event: ProgressEvent) -> bool:
        """Count a :mod:`zonereader.sync.progress` event; return True when the text changed."""
        if isinstance(event, SourceStarted):
            self.source = event.source
            self.running.append(event.source)
        elif isinstance(event, PageFetched):
            self.pages += 1
            self.queued += event.queued
        elif isinstance(event, ArticleStored):
            self.stored += 1
            if event.outcome is UpsertOutcome.NEW:
                self.new += 1
        elif isinstance(event, ArticleFailed):
            self.failed += 1
        elif isinstance(event, SourceFinished):
            if event.source in self.running:
                self.running.remove(event.source)
        else:
            return False
        return True

    def label(self) -> str:
        """Who is syncing: the one running source's name, or how many run at once.

        Sources sync concurrently and the counts are the whole run's, so naming only the
        latest source to start would credit it with every other source's articles.
        """
        if len(self.running) > 1:
            return f"{len(self.running)} sources"
        if self.running:
            return self.running[0]
        return self.source

    def text(self) -> str:
        """One short line: ``syncing 舟山: 120/300 articles, 3 failed``."""
        done = self.stored + self.failed
        total = f"/{self.queued}" if self.queued >= done and self.queued else ""
        line = f"syncing {self.label()}: {done}{total} articles, {self.new} new"
        if self.failed:
            line += f", {self.failed} failed"
        return line


def summarize_report(report: SyncReport) -> str:
    """One line about a finished sync, pointing at the sync log when something went wrong:
    ``sync done: 3 new, 0 updated, 2 sources failed (L: log)``."""
    counts = report.counts
    line = f"sync done: {format_count(counts.new)} new, {format_count(counts.updated)} updated"
    trouble = []
    if counts.failed:
        trouble.append(f"{plural(counts.failed, 'article')} failed")
    if report.failed_sources:
        trouble.append(f"{plural(report.failed_sources, 'source')} failed")
    if report.partial_sources:
        trouble.append(f"{plural(report.partial_sources, 'source')} with errors")
    if counts.errors and not trouble:
        trouble.append(plural(len(counts.errors), "error"))
    if trouble:
        line += f", {', '.join(trouble)} ({SYNC_LOG_HINT})"
    return line
