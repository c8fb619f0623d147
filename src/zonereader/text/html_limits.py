"""Bounds on the HTML a parser is given: what a page may cost before it is parsed at all.

The lexbor parser is fast on real pages but not on every page a server can send: its work per
element grows with the nesting depth (20,000 nested ``<div>`` take 2 s, 100,000 take about
50 s) and with the attributes of one element (80,000 distinct attributes: about a minute).
:func:`nesting_problem` measures the depth with a cheap scan of the tags, before lexbor runs,
and refuses a page nested deeper than any real one; :func:`cheap_to_parse` says whether a page
is small enough that even its worst case costs a fraction of a second (measured: at most 0.22 s
for 64 KiB and 4,000 tags, whatever their arrangement), so it may be parsed without a time
limit. Everything bigger is parsed where it can be stopped (the sync's parse helpers).
"""

from __future__ import annotations

import re
from collections import Counter

#: Deepest element nesting accepted. Real pages, table layouts included, stay under ~100.
MAX_NESTING = 512
#: A page this small or smaller, with at most IN_PROCESS_TAGS tags, is cheap whatever it holds.
IN_PROCESS_BYTES = 64 * 1024
IN_PROCESS_TAGS = 4000

_TAG_TEXT = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,40})")
_SKIPPED_CONTENT = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|textarea|title|xmp|plaintext)\b.*?(?:</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
#: Elements that never hold others (void), and those whose end tag is implied by a sibling:
#: neither makes the tree deeper in a way a run of them can repeat.
_NOT_NESTING = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "p", "li",
     "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "rtc", "tbody",
     "thead", "tfoot", "colgroup", "caption"}
)  # fmt: skip


def cheap_to_parse(body: bytes) -> bool:
    """Whether ``body`` is small enough to parse anywhere, even on the event loop.

    Counts bytes and ``<`` characters only (C speed, microseconds).
    """
    return len(body) <= IN_PROCESS_BYTES and body.count(b"<") <= IN_PROCESS_TAGS


def nesting_problem(html: str, limit: int = MAX_NESTING) -> str | None:
    """Why ``html`` is refused before parsing (nested deeper than ``limit``), or None.

    The depth is estimated as a browser would build the tree, roughly: start tags push, an end
    tag pops back to its element (closing what was left open inside it), void elements and
    those whose end tag is implied (``p``, ``li``, ``td``...) do not count, and the content of
    comments, scripts and styles is skipped. A page with no more tags than ``limit`` is never
    scanned.
    """
    if html.count("<") <= limit:
        return None
    html = _SKIPPED_CONTENT.sub("", html)
    stack: list[str] = []
    open_names: Counter[str] = Counter()
    deepest = 0
    for match in _TAG_TEXT.finditer(html):
        name = match.group(2).lower()
        if match.group(1):  # an end tag
            if open_names[name]:
                while stack:
                    top = stack.pop()
                    open_names[top] -= 1
                    if top == name:
                        break
            continue
        if name in _NOT_NESTING:
            continue
        stack.append(name)
        open_names[name] += 1
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > limit:
                return f"the page nests elements more than {limit} deep; not parsed"
    return None
