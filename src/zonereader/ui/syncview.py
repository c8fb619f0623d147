"""Sync progress and results as short status-line text: pure, no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def add(self, event: object) -> bool:
        """Count a :mod:`zonereader.sync.progress` event; return True when the text changed."""
        kind = type(event).__name__
        source = getattr(event, "source", "")
        if kind == "SourceStarted":
            self.source = source
            self.running.append(source)
        elif kind == "PageFetched":
            self.pages += 1
            self.queued += int(getattr(event, "queued", 0) or 0)
        elif kind == "ArticleStored":
            self.stored += 1
            if getattr(event, "outcome", "") == "new":
                self.new += 1
        elif kind == "ArticleFailed":
            self.failed += 1
        elif kind == "SourceFinished":
            if source in self.running:
                self.running.remove(source)
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
