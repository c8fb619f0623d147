"""Request counts of a demo server: by page kind, by path, 304s and connections.

Tests and benchmarks read them to check what a sync really fetched (no article page on a
no-change run, one connection per host with keep-alive...).
"""

from __future__ import annotations

import threading
from collections import Counter


class RequestStats:
    """Thread-safe counts of the requests a server answered, by page kind."""

    def __init__(self, kinds: tuple[str, ...]) -> None:
        """Count requests of ``kinds`` (every one is in a snapshot, 0 when never asked)."""
        self._kinds_listed = kinds
        self._lock = threading.Lock()
        self._kinds: Counter[str] = Counter()
        self._paths: Counter[str] = Counter()
        self._not_modified = 0
        self._connections = 0

    def count(self, kind: str, path: str) -> None:
        """Count one request for ``path`` of page kind ``kind``."""
        with self._lock:
            self._kinds[kind] += 1
            self._paths[path] += 1

    def count_not_modified(self) -> None:
        """Count one 304 answer."""
        with self._lock:
            self._not_modified += 1

    def count_connection(self) -> None:
        """Count one TCP connection accepted (keep-alive shows as fewer than requests)."""
        with self._lock:
            self._connections += 1

    def snapshot(self, *, reset: bool = False) -> dict[str, int]:
        """Return ``{kind: requests for each kind, total, not_modified, connections}``.

        Args:
            reset: zero every count in the same step (no request is lost between the two).
        """
        with self._lock:
            out = {kind: self._kinds[kind] for kind in self._kinds_listed}
            out["total"] = sum(self._kinds.values())
            out["not_modified"] = self._not_modified
            out["connections"] = self._connections
            if reset:
                self._reset()
            return out

    def for_path(self, path: str) -> int:
        """How many requests asked for ``path`` (query string ignored)."""
        with self._lock:
            return self._paths[path.split("?", 1)[0]]

    def paths(self) -> dict[str, int]:
        """Request counts by path."""
        with self._lock:
            return dict(self._paths)

    def reset(self) -> None:
        """Forget every count."""
        with self._lock:
            self._reset()

    def _reset(self) -> None:
        self._kinds.clear()
        self._paths.clear()
        self._not_modified = 0
        self._connections = 0
