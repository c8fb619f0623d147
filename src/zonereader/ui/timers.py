"""Coalescing timers: a burst of requests runs the callback once, a moment after the last."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class Debounced:
    """Calls ``callback`` ``delay`` seconds after the last call (next turn of the loop when
    ``delay`` is 0), on ``owner``'s timers: a burst of list reads saves the position or
    refreshes the counts once."""

    def __init__(self, owner: MessagePump, delay: float, callback: Callable[[], object]) -> None:
        """Run ``callback`` on ``owner``, ``delay`` seconds after the last request."""
        self._owner = owner
        self._delay = delay
        self._callback = callback
        self._timer: Timer | None = None

    def __call__(self) -> None:
        """Ask for a run: any run still waiting is replaced by this one."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._delay <= 0:
            self._owner.call_later(self._callback)
            return
        self._timer = self._owner.set_timer(self._delay, self._callback)
