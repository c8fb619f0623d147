"""Checks of config values: bounds of numeric settings and host names of ``allow_hosts``.

A value past a bound is a typo or an attack on the run (``retries = 2**63-1`` would retry
forever, ``delay = inf`` would wait forever): :mod:`zonereader.config` refuses it with the file,
line and key. No I/O; imports nothing of zonereader.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

#: Longest deadline of one request (or one page's parse), in seconds.
MAX_REQUEST_SECONDS = 3600.0
#: Longest time limit of a run or a source: a week.
MAX_RUN_SECONDS = 7 * 24 * 3600.0
#: Longest wait between two requests to one host.
MAX_DELAY_SECONDS = 3600.0
#: Most retries of one request (with doubling backoff, ten already wait minutes).
MAX_RETRIES = 10
#: Most redirects followed for one request (browsers stop at about 20).
MAX_REDIRECTS = 30
#: Most list pages walked per channel.
MAX_PAGES = 100_000
#: Largest body cap: 1 GiB, far above any page or feed.
MAX_BODY_BYTES = 1024 * 1024 * 1024
#: Most connections to one host.
MAX_CONNECTIONS = 64


def in_range(
    least: float, most: float, least_allowed: bool = False
) -> Callable[[float], str | None]:
    """A check that a number is finite, above ``least`` (or equal to it, when
    ``least_allowed``) and at most ``most``; it returns why not, or None."""

    def check(value: float) -> str | None:
        if isinstance(value, float) and not math.isfinite(value):
            return f"must be a finite number, got {value!r}"
        if value < least or (value == least and not least_allowed):
            relation = "at least" if least_allowed else "greater than"
            return f"must be {relation} {least:g}, got {value!r}"
        if value > most:
            return f"must be at most {most:g}, got {value!r}"
        return None

    return check


#: The check of a source's ``delay``.
delay_check = in_range(0, MAX_DELAY_SECONDS, True)

_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def normalise_host_pattern(text: str) -> str | None:
    """A host name of ``allow_hosts`` in canonical form, or None when it is not one.

    Lower-cased, a trailing dot dropped, non-ASCII names IDNA-encoded; ``*.example.cn`` (the
    domain and every host under it) and IP addresses are accepted.
    """
    host = text.strip().lower().rstrip(".")
    wildcard = host.startswith("*.")
    if wildcard:
        host = host[2:]
    if not host:
        return None
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:  # an IPv6 address
        return host if not wildcard and re.fullmatch(r"[0-9a-f:.]+", host) else None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in host.split(".")):
        return None
    return f"*.{host}" if wildcard else host
