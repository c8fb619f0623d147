"""Sync progress and results as short status-line text: pure, no Textual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class SyncTally:
    """Counts a sync's progress events; :meth:`add` says when the line is worth redrawing."""

    source: str = ""
    pages: int = 0
    queued: int = 0
    stored: int = 0
    new: int = 0
    failed: int = 0

    def add(self, event: object) -> bool:
        """Count a :mod:`zonereader.sync.progress` event; return True when the text changed."""
        kind = type(event).__name__
        source = getattr(event, "source", "")
        if kind == "SourceStarted":
            self.source = source
        elif kind == "PageFetched":
            self.pages += 1
            self.queued += int(getattr(event, "queued", 0) or 0)
        elif kind == "ArticleStored":
            self.stored += 1
            if getattr(event, "outcome", "") == "new":
                self.new += 1
        elif kind == "ArticleFailed":
            self.failed += 1
        elif kind != "SourceFinished":
            return False
        return True

    def text(self) -> str:
        """One short line: ``syncing 舟山: 120/300 articles, 3 failed``."""
        done = self.stored + self.failed
        total = f"/{self.queued}" if self.queued >= done and self.queued else ""
        line = f"syncing {self.source}: {done}{total} articles, {self.new} new"
        if self.failed:
            line += f", {self.failed} failed"
        return line


def summarize_report(report: Any) -> str:
    """One line about a finished sync (a :class:`zonereader.sync.report.SyncReport`)."""
    counts = getattr(report, "counts", None)
    if counts is None:
        return "sync done"
    line = f"sync done: {counts.new} new, {counts.updated} updated"
    if counts.failed:
        line += f", {counts.failed} failed"
    errors = len(getattr(counts, "errors", []) or [])
    if errors and not counts.failed:
        line += f", {errors} errors"
    return line
