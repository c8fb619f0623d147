"""A helper process that parses article pages for a sync (``-m zonereader.sync.parse_worker``).

It reads length-prefixed pickled requests ``(number, args)`` on stdin, answers each with
``(number, parse_article_bytes(*args), index_texts)`` on stdout, and exits when stdin closes
(its sync ended or died). It talks only to the sync that started it. ``index_texts`` is the
article's title and body split for the search index (None when parsing failed): work the
sync's writer would otherwise do while holding the sync process's GIL.
"""

from __future__ import annotations

import contextlib
import pickle
import sys

from zonereader.store.search import article_index_texts
from zonereader.sync.parsing import FRAME, parse_article_bytes


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
        number, args = pickle.loads(payload)
        result = parse_article_bytes(*args)
        texts = (
            None
            if isinstance(result, str)
            else article_index_texts(result.title, result.paragraphs)
        )
        reply = pickle.dumps((number, result, texts), pickle.HIGHEST_PROTOCOL)
        stdout.write(FRAME.pack(len(reply)) + reply)
        stdout.flush()


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):  # the sync went away
        serve()
