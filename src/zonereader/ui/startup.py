"""The first frame's reads, handed from the app's prefetch to the main screen.

The app starts reading what the first frame shows (the tree's counts, the saved position, its
list and article: :func:`zonereader.ui.reads.read_startup`) in a thread as it is built, while
Textual starts up. The main screen waits a moment for those reads as it builds its panes, so
that the panes start in the layout the reads call for (the zone tree open on a first start) and
the first frame draws the list, instead of empty panes restyled and drawn again a moment later.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future

from textual.message import Message

from zonereader.ui import messages as msg

#: How long the main screen, as it is built, waits for the app's prefetch (a few ms of SQLite,
#: started with the app): the list cannot be drawn sooner anyway. A slower read (a cache busy
#: with a sync's write) is not waited for: its results arrive by message, as without a prefetch.
STARTUP_WAIT_S = 0.2


def prefetched(prefetch: Future[list[Message]] | None, timeout: float) -> list[Message] | None:
    """The prefetch's messages, waiting up to ``timeout`` seconds for them.

    Args:
        prefetch: The app's prefetch of the first frame's reads, if it started one.
        timeout: How long to wait, in seconds.

    Returns:
        The messages, or None when there is no prefetch, it is slower, or it failed (the
        screen's start-up worker then waits for it, and shows its error).
    """
    if prefetch is None:
        return None
    try:
        return prefetch.result(timeout=timeout)
    except Exception:  # a timeout, or the read's own error: the worker handles both
        return None


def is_first_start(messages: Sequence[Message]) -> bool:
    """Whether the first frame's reads are a first start's: no position saved yet, and a cache
    with articles (the list-first layout then opens the zone tree: no zone is chosen yet)."""
    loaded = next((m for m in messages if isinstance(m, msg.Loaded)), None)
    if loaded is None or loaded.saved is None or loaded.saved:
        return False
    return any(count.total for count in loaded.counts)
