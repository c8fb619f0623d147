"""What a sync run reports: per-source status and the run's totals.

These records are what ``zonereader sync --json`` prints and what the TUI shows after ``r``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zonereader.models import SourceKind, SourceResult, SourceState, SyncCounts

#: Every page and article of the source went through.
OK = SourceState.OK
#: The source was walked but some pages or articles failed.
PARTIAL = SourceState.PARTIAL
#: The source could not be walked at all (its start page failed).
FAILED = SourceState.FAILED


@dataclass(slots=True)
class SourceStatus:
    """How one source fared in a run.

    Attributes:
        name: the source's configured name.
        kind: a portal or a feed; None when only the source's name was known as its status
            was first recorded (printed as ``""``).
        state: how it fared (:data:`OK`, :data:`PARTIAL` or :data:`FAILED`).
        errors: one line each, without the source name.
        notes: things worth telling that are not errors (a permanent redirect, links to
            other hosts that were not followed).
    """

    name: str
    kind: SourceKind | None
    state: SourceState = SourceState.OK
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
    full_text: int = 0
    full_text_failed: int = 0

    @property
    def ok(self) -> bool:
        """True when the source synced without any error."""
        return self.state == OK

    @property
    def kind_text(self) -> str:
        """The kind as printed and stored: ``portal``, ``feed``, or ``""`` when unknown."""
        return self.kind.value if self.kind is not None else ""

    def as_dict(self) -> dict[str, object]:
        """Return the status as a JSON-ready dict."""
        return {
            "kind": self.kind_text,
            "status": self.state.value,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "not_modified": self.not_modified,
            "left": self.left,
            "stopped": self.stopped or None,
            "full_text": self.full_text,
            "full_text_failed": self.full_text_failed,
            "errors": list(self.errors),
            "notes": list(self.notes),
        }

    def as_result(self) -> SourceResult:
        """The status as the cache keeps it for the sync log."""
        return SourceResult(
            name=self.name,
            kind=self.kind_text,
            state=self.state,
            new=self.new,
            updated=self.updated,
            unchanged=self.unchanged,
            failed=self.failed,
            not_modified=self.not_modified,
            errors=tuple(self.errors),
            notes=tuple(self.notes),
        )


@dataclass(slots=True)
class SyncReport:
    """The outcome of :func:`zonereader.sync.engine.run_sync`.

    ``counts`` are the run's totals (``counts.errors`` prefixed with the source name);
    ``sources`` maps each walked source's name to its status.
    """

    counts: SyncCounts = field(default_factory=SyncCounts)
    sources: dict[str, SourceStatus] = field(default_factory=dict)
    run_id: int | None = None
    pruned: int = 0
    """Articles ``[retention] keep_days`` removed after the walks."""

    @property
    def ok(self) -> bool:
        """True when every source synced without an error."""
        return all(status.ok for status in self.sources.values())

    @property
    def failed_sources(self) -> int:
        """How many sources could not be walked at all."""
        return sum(1 for status in self.sources.values() if status.state == FAILED)

    @property
    def partial_sources(self) -> int:
        """How many sources were walked with some pages or articles failing."""
        return sum(1 for status in self.sources.values() if status.state == PARTIAL)

    def as_dict(self) -> dict[str, object]:
        """Return the summary ``zonereader sync --json`` prints.

        ``failed`` counts articles; ``failed_sources`` the sources that could not be walked at
        all and ``partial_sources`` those walked with some pages or articles failing.
        """
        data = self.counts.as_dict()
        data["pruned"] = self.pruned
        data["failed_sources"] = self.failed_sources
        data["partial_sources"] = self.partial_sources
        data["sources"] = {name: status.as_dict() for name, status in self.sources.items()}
        return data
