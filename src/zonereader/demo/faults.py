"""Fault injection for the sample portal server: rules matched by request path.

A :class:`FaultPlan` is a list of :class:`Fault` rules. Each request path is checked against the
rules in order; the first rule that matches and still has uses left is applied (and one use is
spent). A rule with ``times=None`` applies to every matching request. Tests read naturally::

    plan = FaultPlan()
    plan.reset(portal.list_path("开发区新闻/浙江/舟山/文字新闻", 2), times=1)  # resets once
    plan.status(portal.article_path(5), 500, times=2)                        # 500 twice
    plan.retry_after("/kfq/*", seconds=1, times=3)                           # glob patterns work

Paths may also be given as full URLs; only their path is kept.
"""

from __future__ import annotations

import enum
import fnmatch
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class FaultKind(enum.StrEnum):
    """What a fault does to the response."""

    STATUS = "status"
    """Answer with ``status`` (500, 503, 404, 410...) and a small HTML body."""
    RETRY_AFTER = "retry_after"
    """Answer 429 Too Many Requests with ``Retry-After: seconds``."""
    RESET = "reset"
    """Send the headers and part of the body, then reset the connection (TCP RST)."""
    STALL = "stall"
    """Send the headers, then trickle the body one byte every ``interval`` seconds."""
    TRUNCATE = "truncate"
    """Declare the full Content-Length, send half of the body, then close."""
    OVERSIZE = "oversize"
    """Stream ``size`` bytes of filler (declared in Content-Length unless ``declare_length`` is
    false, then closed-delimited)."""
    LYING_CHARSET = "lying_charset"
    """Serve the normal (GBK) page with ``Content-Type: text/html; charset=utf-8``."""
    GARBAGE = "garbage"
    """Answer 200 text/html with random bytes."""
    REDIRECT_LOOP = "redirect_loop"
    """Answer 302 to ``PATH?loop=1``, which answers 302 back to ``PATH``, and so on."""
    PAGINATION_LOOP = "pagination_loop"
    """On a list page, point 下一页 back at the channel's first page."""


@dataclass(slots=True)
class Fault:
    """One rule of a plan.

    Args:
        pattern: a request path (query ignored), or an fnmatch glob such as ``/kfq/*``.
        kind: what to do.
        times: how many matching requests it applies to; None means always.
    """

    pattern: str
    kind: FaultKind
    times: int | None = None
    status: int = 500
    seconds: int = 1
    interval: float = 0.5
    size: int = 50 * 1024 * 1024
    declare_length: bool = True
    applied: int = 0
    """How many requests this rule has answered so far."""

    def __post_init__(self) -> None:
        self.kind = FaultKind(self.kind)
        if "://" in self.pattern:
            self.pattern = urlsplit(self.pattern).path or "/"
        self.pattern = self.pattern.split("?", 1)[0]

    def matches(self, path: str) -> bool:
        """Whether this rule is about ``path`` (its query string ignored)."""
        path = path.split("?", 1)[0]
        if any(char in self.pattern for char in "*?["):
            return fnmatch.fnmatchcase(path, self.pattern)
        return path == self.pattern

    @property
    def exhausted(self) -> bool:
        """Whether the rule has used up its ``times``."""
        return self.times is not None and self.applied >= self.times


@dataclass
class FaultPlan:
    """An ordered, thread-safe list of fault rules (see the module docstring)."""

    faults: list[Fault] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> FaultPlan:
        """Append ``fault``; return the plan so calls chain."""
        with self._lock:
            self.faults.append(fault)
        return self

    def take(self, path: str) -> Fault | None:
        """Return the rule to apply to a request for ``path`` and spend one of its uses."""
        with self._lock:
            for fault in self.faults:
                if not fault.exhausted and fault.matches(path):
                    fault.applied += 1
                    return fault
        return None

    def applied(self, kind: FaultKind | str | None = None) -> int:
        """How many responses the plan's rules (of ``kind``, if given) have answered."""
        with self._lock:
            return sum(f.applied for f in self.faults if kind is None or f.kind == kind)

    def clear(self) -> None:
        """Drop every rule: the server behaves normally again."""
        with self._lock:
            self.faults.clear()

    # -------------------------------------------------------------- one helper per kind

    def status(self, path: str, code: int = 500, *, times: int | None = None) -> FaultPlan:
        """Answer ``code`` (500, 503, 404, 410...)."""
        return self.add(Fault(path, FaultKind.STATUS, times, status=code))

    def retry_after(self, path: str, seconds: int = 1, *, times: int | None = None) -> FaultPlan:
        """Answer 429 with ``Retry-After: seconds``."""
        return self.add(Fault(path, FaultKind.RETRY_AFTER, times, status=429, seconds=seconds))

    def reset(self, path: str, *, times: int | None = None) -> FaultPlan:
        """Reset the connection after part of the body."""
        return self.add(Fault(path, FaultKind.RESET, times))

    def stall(self, path: str, interval: float = 0.5, *, times: int | None = None) -> FaultPlan:
        """Trickle the body one byte every ``interval`` seconds."""
        return self.add(Fault(path, FaultKind.STALL, times, interval=interval))

    def truncate(self, path: str, *, times: int | None = None) -> FaultPlan:
        """Send half of the body under a full Content-Length, then close."""
        return self.add(Fault(path, FaultKind.TRUNCATE, times))

    def oversize(
        self,
        path: str,
        size: int = 50 * 1024 * 1024,
        *,
        declare_length: bool = True,
        times: int | None = None,
    ) -> FaultPlan:
        """Stream a body of ``size`` bytes."""
        return self.add(
            Fault(path, FaultKind.OVERSIZE, times, size=size, declare_length=declare_length)
        )

    def lying_charset(self, path: str, *, times: int | None = None) -> FaultPlan:
        """Claim UTF-8 in the header for a GBK body."""
        return self.add(Fault(path, FaultKind.LYING_CHARSET, times))

    def garbage(self, path: str, *, times: int | None = None) -> FaultPlan:
        """Answer random bytes."""
        return self.add(Fault(path, FaultKind.GARBAGE, times))

    def redirect_loop(self, path: str, *, times: int | None = None) -> FaultPlan:
        """Redirect ``path`` and ``path?loop=1`` to each other."""
        return self.add(Fault(path, FaultKind.REDIRECT_LOOP, times))

    def pagination_loop(self, path: str, *, times: int | None = None) -> FaultPlan:
        """Make the list page at ``path`` link 下一页 to its channel's first page."""
        return self.add(Fault(path, FaultKind.PAGINATION_LOOP, times))
