"""A parse helper process for a sync: article pages and feeds (``-m zonereader.sync.parse_worker``).

It reads length-prefixed pickled requests ``(number, job)`` on stdin, answers each with
``(number, result)`` from :func:`zonereader.sync.parse_jobs.run_job` on stdout, and exits when
stdin closes (its sync ended or died). It talks only to the sync that started it.

A helper runs at a lower CPU priority than its sync: the sync's writer thread is what a run
waits for at the end, and the helpers have time to spare while it writes (measured: 50 feeds of
100 items, cold, 5% faster), and a sync started from the reader leaves the screen its share.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys

from zonereader.sync.parse_jobs import FRAME, run_job

#: How much nicer than its sync a helper runs (``nice(1)`` increment).
NICENESS = 10


def serve() -> None:
    """Answer parse requests until stdin closes."""
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the replies
    while True:
        header = stdin.read(FRAME.size)
        if len(header) < FRAME.size:
            return
        (size,) = FRAME.unpack(header)
        payload = stdin.read(size)
        if len(payload) < size:
            return
        number, job = pickle.loads(payload)
        result = run_job(job)
        reply = pickle.dumps((number, result), pickle.HIGHEST_PROTOCOL)
        stdout.write(FRAME.pack(len(reply)) + reply)
        stdout.flush()


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):  # the sync went away
        serve()
