"""Bound the ``<option>`` lists of a page's ``<select>`` elements before it is parsed.

The HTML parser (lexbor) takes time quadratic in the options of one ``<select>``: 16,000
options cost about 1.4 s of CPU, 64,000 about 20 s, where 16,000 list items cost 10 ms. Real
pages hold a few hundred at most (a pager's page numbers, a 友情链接 jump menu); a hostile page
may hold millions. :func:`bound_selects` keeps, of each ``<select>``, its first
:data:`MAX_OPTIONS` options, the selected one and the one after it (a pager's current page and
its next page, which :mod:`~zonereader.sources.portal.pager` reads), and drops the others
before parsing.

It is one pass over the page's tags that matter: ``<select>`` and what ends it (``</select>``,
``<input>``, ``<textarea>``, ``<keygen>``, another ``<select>``, as the HTML standard's "in
select" mode does), ``<option>``, and the raw text of scripts, styles and comments, never cut
into. Only text from one ``<option`` tag to a later one is removed: what a parser would have
read as options.
"""

from __future__ import annotations

import re

#: Options of one ``<select>`` kept (besides the selected one and the one after it): more
#: than any real pager or jump menu holds, parsed in about 30 ms; the pager reads as many.
MAX_OPTIONS = 2000
#: The most options one ``<select>`` holds once cut: the first ones, the selected one, the one
#: after it and the last.
MAX_KEPT = MAX_OPTIONS + 3
#: The tags of a page that decide where a ``<select>``'s options begin and end.
_TOKENS = re.compile(
    r"<(?:!--|/?(?:select|option|input|textarea|keygen|script|style)(?![\w-]))", re.IGNORECASE
)
#: Tags that end an open ``<select>`` (besides another ``<select>``).
_CLOSERS = frozenset({"</select", "<input", "<textarea", "<keygen"})
#: Elements whose text is not markup: skipped whole, never cut into.
_RAW = {"<script": "</script", "<style": "</style", "<textarea": "</textarea"}
_SELECTED = re.compile(r"\bselected\b", re.IGNORECASE)
#: Characters of an ``<option ...>`` tag read for its ``selected`` attribute.
OPTION_TAG = 300


def bound_selects(html: str) -> str:
    """``html`` with each ``<select>`` cut to its first :data:`MAX_OPTIONS` options (and its
    selected option and the next); unchanged when no ``<select>`` holds more."""
    lower = html.lower()
    if lower.count("<option") <= MAX_OPTIONS:
        return html
    cuts: list[tuple[int, int]] = []
    options: list[int] | None = None  # where the open <select>'s options start, or None
    position = 0
    while True:
        match = _TOKENS.search(lower, position)
        if match is None:
            break
        token = match.group()
        position = match.end()
        if token == "<!--":
            end = lower.find("-->", position)
            position = end + 3 if end >= 0 else len(lower)
            continue
        if token == "<option":
            if options is not None:
                options.append(match.start())
            continue
        if options is not None and (token in _CLOSERS or token == "<select"):
            cuts.extend(_cuts(html, options))
            options = None
        if token == "<select":
            options = []
        raw_end = _RAW.get(token)
        if raw_end is not None:
            end = lower.find(raw_end, position)
            position = end if end >= 0 else len(lower)
    if options is not None:
        cuts.extend(_cuts(html, options))
    if not cuts:
        return html
    out: list[str] = []
    last = 0
    for start, end in cuts:
        out.append(html[last:start])
        last = end
    out.append(html[last:])
    return "".join(out)


def _selected(html: str, start: int) -> bool:
    """Whether the ``<option ...>`` tag at ``start`` has a ``selected`` attribute."""
    end = html.find(">", start, start + OPTION_TAG)
    return end > 0 and _SELECTED.search(html, start, end) is not None


def _cuts(html: str, options: list[int]) -> list[tuple[int, int]]:
    """The spans to drop of a ``<select>`` whose options start at ``options``: all options but
    the first :data:`MAX_OPTIONS`, the selected one and the one after it, and the last (its
    end is not known without parsing: it stays, with whatever follows it)."""
    if len(options) <= MAX_OPTIONS + 1:
        return []
    keep = set(range(MAX_OPTIONS))
    keep.add(len(options) - 1)
    for index in range(MAX_OPTIONS, len(options) - 1):
        if _selected(html, options[index]):
            keep.update((index, index + 1))
            break
    cuts: list[tuple[int, int]] = []
    start: int | None = None
    for index, offset in enumerate(options):
        if index in keep:
            if start is not None:
                cuts.append((start, offset))
                start = None
        elif start is None:
            start = offset
    return cuts
