"""What a sync run reports: per-source status and the run's totals.

These records are what ``zonereader sync --json`` prints and what the TUI shows after ``r``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zonereader.models import SyncCounts

#: Every page and article of the source went through.
OK = "ok"
#: The source was walked but some pages or articles failed.
PARTIAL = "partial"
#: The source could not be walked at all (its start page failed).
FAILED = "failed"


@dataclass(slots=True)
class SourceStatus:
    """How one source fared in a run.

    Attributes:
        name: the source's configured name.
        kind: "portal" or "feed".
        state: :data:`OK`, :data:`PARTIAL` or :data:`FAILED`.
        errors: one line each, without the source name.
        notes: things worth telling that are not errors (a permanent redirect, links to
            other hosts that were not followed).
    """

    name: str
    kind: str
    state: str = OK
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    not_modified: int = 0
    left: int = 0
    """Articles a time limit left for the next sync."""
    stopped: str = ""
    """Which time limit stopped the source (empty when none did)."""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the source synced without any error."""
        return self.state == OK

    def as_dict(self) -> dict[str, object]:
        """Return the status as a JSON-ready dict."""
        return {
            "kind": self.kind,
            "status": self.state,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "not_modified": self.not_modified,
            "left": self.left,
            "stopped": self.stopped or None,
            "errors": list(self.errors),
            "notes": list(self.notes),
        }


@dataclass(slots=True)
class SyncReport:
    """The outcome of :func:`zonereader.sync.engine.run_sync`.

    ``counts`` are the run's totals (``counts.errors`` prefixed with the source name);
    ``sources`` maps each walked source's name to its status.
    """

    counts: SyncCounts = field(default_factory=SyncCounts)
    sources: dict[str, SourceStatus] = field(default_factory=dict)
    run_id: int | None = None

    @property
    def ok(self) -> bool:
        """True when every source synced without an error."""
        return all(status.ok for status in self.sources.values())

    def as_dict(self) -> dict[str, object]:
        """Return the summary ``zonereader sync --json`` prints."""
        data = self.counts.as_dict()
        data["sources"] = {name: status.as_dict() for name, status in self.sources.items()}
        return data
