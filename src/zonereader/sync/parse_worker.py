"""A parse helper process for a sync: article pages and feeds (``-m zonereader.sync.parse_worker``).

It reads length-prefixed pickled requests ``(number, kind, args)`` on stdin, answers each with
``(number, result, index_texts)`` from :func:`zonereader.sync.parse_jobs.run_job` on stdout, and
exits when stdin closes (its sync ended or died). It talks only to the sync that started it.
``index_texts`` are titles and bodies split for the search index: work the sync's writer would
otherwise do while holding the sync process's GIL.
"""

from __future__ import annotations

import contextlib
import pickle
import sys

from zonereader.sync.parse_jobs import FRAME, run_job


def serve() -> None:
    """Answer parse requests until stdin closes."""
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
        number, kind, args = pickle.loads(payload)
        result, texts = run_job(kind, args)
        reply = pickle.dumps((number, result, texts), pickle.HIGHEST_PROTOCOL)
        stdout.write(FRAME.pack(len(reply)) + reply)
        stdout.flush()


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):  # the sync went away
        serve()
