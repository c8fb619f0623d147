"""List markup that a page hides from the parser and its own script shows to the reader.

Two patterns of real list pages:

- the list (or its pager) sits inside an HTML comment, and a script of the page removes the
  comment markers when the page loads (``html.replace('<!--', '')``, or a walk over comment
  nodes);
- the list's rows sit in a ``<script type="text/xml">`` datastore as ``<record><![CDATA[…]]>``
  items that the site's pager script renders (a common government CMS does this).

:func:`reveal_hidden_lists` returns the page with that markup made ordinary HTML, so that the
list reader sees what a browser shows. It is a plain string pass, linear in the page's length:
comments are only opened when the page's script shows that it opens them, and only comments
that hold links.
"""

from __future__ import annotations

import re

#: Script text that opens HTML comments: a quoted or regex ``<!--``, an escaped one, or a test
#: for comment nodes (node type 8).
_UNCOMMENTS = re.compile(
    r"""['"/]\s*<!--|<!--\s*['"/]|\\x3c!--|\\u003c!--|nodeType\s*={2,3}\s*8\b"""
    r"""|COMMENT_NODE|SHOW_COMMENT""",
    re.IGNORECASE,
)
_LINK = re.compile(r"<a\s[^>]*href", re.IGNORECASE)
_XML_SCRIPT = re.compile(r"<script\b[^>]*\btype\s*=\s*['\"]?text/xml[^>]*>", re.IGNORECASE)
#: Most comments opened on one page (a hostile page may hold millions).
MAX_REVEALED = 1000


def reveal_hidden_lists(html: str) -> tuple[str, str]:
    """Return ``html`` with script-revealed list markup made plain, and what was revealed.

    Returns:
        ``(html, how)``: the page, and ``""`` when nothing was hidden, else a short note
        (``"HTML comments opened by the page's script"``, ``"datastore records"``).
    """
    notes: list[str] = []
    lower = html.lower()
    if "text/xml" in lower and "<![cdata[" in lower:
        html, count = _open_datastores(html)
        if count:
            notes.append(f"{count} records of a script datastore")
            lower = html.lower()
    if "<!--" in html and _script_opens_comments(html, lower):
        html, count = _open_comments(html)
        if count:
            notes.append(f"{count} HTML comments the page's script opens")
    return html, "; ".join(notes)


def _script_opens_comments(html: str, lower: str) -> bool:
    """Whether an inline script of the page removes comment markers."""
    start = 0
    while True:
        opening = lower.find("<script", start)
        if opening < 0:
            return False
        body = lower.find(">", opening)
        end = lower.find("</script", body)
        if body < 0 or end < 0:
            return False
        if _UNCOMMENTS.search(html, body + 1, end):
            return True
        start = end + 8


def _open_comments(html: str) -> tuple[str, int]:
    """Replace every comment that holds a link by its content (conditional comments, and
    comment markers inside scripts and styles, stay as they are)."""
    out: list[str] = []
    lower = html.lower()
    position = 0
    count = 0
    raw_start = _next_raw_element(lower, 0)
    while count < MAX_REVEALED:
        opening = html.find("<!--", position)
        if opening < 0:
            break
        if raw_start < opening:  # a <script> or <style> opens first: its text is not markup
            end = _raw_element_end(lower, raw_start)
            out.append(html[position:end])
            position = end
            raw_start = _next_raw_element(lower, end)
            continue
        closing = html.find("-->", opening + 4)
        if closing < 0:
            break
        inner = html[opening + 4 : closing]
        if not inner.lstrip().startswith("[") and _LINK.search(inner):
            out.append(html[position:opening])
            out.append(inner)
            count += 1
        else:
            out.append(html[position : closing + 3])
        position = closing + 3
        if raw_start < position:
            raw_start = _next_raw_element(lower, position)
    out.append(html[position:])
    return "".join(out), count


_RAW_ELEMENT = re.compile(r"<(?:script|style)\b")


def _next_raw_element(lower: str, start: int) -> int:
    """Where the next ``<script>`` or ``<style>`` opens at or after ``start`` (or the end)."""
    match = _RAW_ELEMENT.search(lower, start)
    return match.start() if match is not None else len(lower)


def _raw_element_end(lower: str, opening: int) -> int:
    """Just past the end tag of the ``<script>`` or ``<style>`` that opens at ``opening``."""
    name = "</script" if lower.startswith("<script", opening) else "</style"
    closing = lower.find(name, opening)
    if closing < 0:
        return len(lower)
    end = lower.find(">", closing)
    return end + 1 if end >= 0 else len(lower)


def _open_datastores(html: str) -> tuple[str, int]:
    """Replace each ``<script type="text/xml">`` datastore by the markup of its records."""
    out: list[str] = []
    position = 0
    count = 0
    lower = html.lower()
    for match in _XML_SCRIPT.finditer(html):
        if match.start() < position:
            continue
        end = lower.find("</script", match.end())
        if end < 0:
            break
        records: list[str] = []
        cursor = match.end()
        while len(records) < MAX_REVEALED:
            opening = html.find("<record", cursor, end)
            if opening < 0:
                break
            data = html.find("<![CDATA[", opening, end)
            close = html.find("]]>", data, end) if data >= 0 else -1
            if data < 0 or close < 0:
                break
            records.append(html[data + 9 : close])
            cursor = close + 3
        if not records:
            continue
        out.append(html[position : match.start()])
        out.append("<div>" + "".join(records) + "</div>")
        count += len(records)
        closing = html.find(">", end)
        position = closing + 1 if closing >= 0 else len(html)
    out.append(html[position:])
    return "".join(out), count
