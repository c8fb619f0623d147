"""List markup that a page hides from the parser and its own script shows to the reader.

Three patterns of real list pages:

- the list (or its pager) sits inside an HTML comment, and a script of the page removes the
  comment markers when the page loads (``html.replace('<!--', '')``, or a walk over comment
  nodes);
- the list's rows sit in a ``<script type="text/xml">`` datastore as ``<record><![CDATA[…]]>``
  items that the site's pager script renders (a common government CMS does this). Such a page
  holds a few pages' worth of records (``perPage`` × ``groupSize``) and links the next group in
  the datastore's ``<nextgroup>``: a GET to the CMS's data proxy, which answers a bare XML
  ``<datastore>`` of the same shape (records and its own ``<nextgroup>``);
- the list's rows, already written by the server, sit in a ``<script type="text/template">``
  (or ``text/html``, ``text/x-template``) block that the page's script copies into the
  document. A template whose links are placeholders (``{{url}}``, ``<%= url %>``, ``${url}``)
  is a pattern for rows the script fetches, not a list, and stays hidden.

:func:`reveal_hidden_lists` returns the page with that markup made ordinary HTML, so that the
list reader sees what a browser shows. A datastore's next group becomes a ``rel="next"`` link
(which the pager reads) when the page states more records for that unit (``jpage({…
totalRecord: 568 …})``) than the datastore holds, or, in a bare datastore answer, when the
group is not empty. It is a plain string pass, linear in the page's length: comments are only
opened when the page's script shows that it opens them, and only comments that hold links.
"""

from __future__ import annotations

import html as html_entities
import re

#: Script text that opens HTML comments: a quoted or regex ``<!--``, an escaped one, or a test
#: for comment nodes (node type 8).
_UNCOMMENTS = re.compile(
    r"""['"/]\s*<!--|<!--\s*['"/]|\\x3c!--|\\u003c!--|nodeType\s*={2,3}\s*8\b"""
    r"""|COMMENT_NODE|SHOW_COMMENT""",
    re.IGNORECASE,
)
_LINK = re.compile(r"<a\s[^>]*href", re.IGNORECASE)
#: A script block whose text is markup for the page's script to insert.
_TEMPLATE_SCRIPT = re.compile(
    r"<script\b[^>]{0,300}?\btype\s*=\s*['\"]?text/(?:template|html|x-template)\b[^>]{0,300}>",
    re.IGNORECASE,
)
#: A link's address in a template: quoted, with the quote it opened with.
_TEMPLATE_HREF = re.compile(r"""<a\s[^>]{0,300}?\bhref\s*=\s*(['"])(.{0,2000}?)\1""", re.I | re.S)
#: What a template's placeholder looks like (Mustache, Handlebars, EJS / Underscore, ES6).
_PLACEHOLDER = re.compile(r"\{\{|<%|\$\{|\{%")
#: Links with a real address a template needs to be taken for a list's rows.
MIN_TEMPLATE_LINKS = 2
#: Links of one template looked at for a real address.
TEMPLATE_LINKS_READ = 50
_XML_SCRIPT = re.compile(r"<script\b[^>]*\btype\s*=\s*['\"]?text/xml[^>]*>", re.IGNORECASE)
#: A document that is a datastore itself: what the data proxy answers for the next group.
_BARE_DATASTORE = re.compile(r"\s*(?:<\?xml[^>]{0,200}\?>\s*)?<datastore\b", re.IGNORECASE)
_NEXT_GROUP = re.compile(
    r"<nextgroup>\s*<!\[CDATA\[(.{0,2000}?)\]\]>\s*</nextgroup>", re.IGNORECASE | re.DOTALL
)
_HREF = re.compile(r"""\bhref\s*=\s*(['"])(.{1,2000}?)\1""", re.IGNORECASE | re.DOTALL)
_UNIT_ID = re.compile(r"[?&]unitid=(\w{1,40})", re.IGNORECASE)
#: The paging script's call: ``$('#4771234').jpage({…})``, ``new Jpage({unitid: 132401, …})``.
_JPAGE_CALL = re.compile(r"\bjpage\s*\(\s*\{", re.IGNORECASE)
_TOTAL_RECORD = re.compile(r"\btotalRecord\s*['\"]?\s*:\s*['\"]?(\d{1,9})\b", re.IGNORECASE)
#: Characters before a paging call that may name its unit (``$('#4771234').``), and of the
#: call itself that are read for its unit and record count.
JPAGE_BEFORE, JPAGE_CALL = 80, 2000
#: Paging calls read on one page, and datastores whose next group is looked up (a page pages
#: one list; a few side boxes may be datastores too).
MAX_PAGING_CALLS, MAX_NEXT_GROUPS = 50, 20
#: Most comments opened, records revealed or paging calls read on one page (a hostile page may
#: hold millions).
MAX_REVEALED = 1000
#: Marks a next-group link made from a datastore, so that the pager can say where it came from.
NEXT_GROUP_MARK = "data-zonereader-next-group"


def reveal_hidden_lists(html: str) -> tuple[str, str]:
    """Return ``html`` with script-revealed list markup made plain, and what was revealed.

    Returns:
        ``(html, how)``: the page, and ``""`` when nothing was hidden, else a short note
        (``"HTML comments opened by the page's script"``, ``"datastore records"``).
    """
    notes: list[str] = []
    if _BARE_DATASTORE.match(html):
        return _open_bare_datastore(html)
    lower = html.lower()
    if "text/xml" in lower and "<![cdata[" in lower:
        html, count, next_group = _open_datastores(html)
        if count:
            notes.append(f"{count} records of a script datastore")
            if next_group:
                notes.append(f"its next group ({next_group} records stated)")
            lower = html.lower()
    if "text/" in lower and ("template" in lower or "text/html" in lower):
        html, count = _open_templates(html)
        if count:
            notes.append(_count(count, "script template") + " of rows")
            lower = html.lower()
    if "<!--" in html and _script_opens_comments(html, lower):
        html, count = _open_comments(html)
        if count:
            notes.append(_count(count, "HTML comment") + " the page's script opens")
    return html, "; ".join(notes)


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _open_templates(html: str) -> tuple[str, int]:
    """Replace each template script holding written rows by its markup (see the module
    docstring); templates of placeholders stay as they are."""
    out: list[str] = []
    position = 0
    count = 0
    lower = html.lower()
    for match in _TEMPLATE_SCRIPT.finditer(html):
        if count >= MAX_REVEALED:
            break
        if match.start() < position:
            continue
        end = lower.find("</script", match.end())
        if end < 0:
            break
        inner = html[match.end() : end]
        if _placeholders_only(inner):
            continue
        closing = html.find(">", end)
        out.append(html[position : match.start()])
        out.append("<div>" + inner + "</div>")
        count += 1
        position = closing + 1 if closing >= 0 else len(html)
    out.append(html[position:])
    return "".join(out), count


def _placeholders_only(inner: str) -> bool:
    """Whether a template lacks :data:`MIN_TEMPLATE_LINKS` links with a real address."""
    real = 0
    for seen, link in enumerate(_TEMPLATE_HREF.finditer(inner)):
        if seen >= TEMPLATE_LINKS_READ:
            break
        href = link.group(2).strip()
        if href and not _PLACEHOLDER.search(href) and not href.startswith(("#", "javascript:")):
            real += 1
            if real >= MIN_TEMPLATE_LINKS:
                return False
    return True


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


def _open_datastores(html: str) -> tuple[str, int, int]:
    """Replace each ``<script type="text/xml">`` datastore by the markup of its records.

    Returns:
        ``(html, records revealed, records the page states for the unit whose next group was
        linked)``; the last is 0 when no next group was linked.
    """
    out: list[str] = []
    position = 0
    count = 0
    stated_for_next = 0
    lookups = 0
    calls: list[tuple[str, int]] | None = None
    lower = html.lower()
    for match in _XML_SCRIPT.finditer(html):
        if match.start() < position:
            continue
        end = lower.find("</script", match.end())
        if end < 0:
            break
        records = _records(html, match.end(), end)
        if not records:
            continue
        out.append(html[position : match.start()])
        out.append("<div>" + "".join(records) + "</div>")
        count += len(records)
        next_href = _next_group(html, match.end(), end) if lookups < MAX_NEXT_GROUPS else ""
        unit = _UNIT_ID.search(next_href) if next_href and not stated_for_next else None
        if unit is not None:
            lookups += 1
            if calls is None:
                calls = _paging_calls(html, lower)
            stated = _stated_records(calls, unit.group(1))
            if stated is not None and stated > len(records):
                out.append(_next_link(next_href))
                stated_for_next = stated
        closing = html.find(">", end)
        position = closing + 1 if closing >= 0 else len(html)
    out.append(html[position:])
    return "".join(out), count, stated_for_next


def _open_bare_datastore(html: str) -> tuple[str, str]:
    """A data proxy's answer (a ``<datastore>`` document) as HTML: its records, and its next
    group as a ``rel="next"`` link unless the group is empty (the end of the list)."""
    records = _records(html, 0, len(html))
    parts = ["<html><body><div>", *records, "</div>"]
    next_href = _next_group(html, 0, len(html))
    if records and next_href:
        parts.append(_next_link(next_href))
    parts.append("</body></html>")
    how = f"{len(records)} records of a datastore document" if records else ""
    return "".join(parts), how


def _records(html: str, start: int, end: int) -> list[str]:
    """The CDATA content of the ``<record>`` items between ``start`` and ``end`` (bounded)."""
    records: list[str] = []
    cursor = start
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
    return records


def _next_group(html: str, start: int, end: int) -> str:
    """The address in a datastore's ``<nextgroup>`` link, or ``""``."""
    group = _NEXT_GROUP.search(html, start, end)
    if group is None:
        return ""
    href = _HREF.search(group.group(1))
    return html_entities.unescape(href.group(2)).strip() if href is not None else ""


def _next_link(href: str) -> str:
    return f'<a href="{html_entities.escape(href)}" rel="next" {NEXT_GROUP_MARK}=""></a>'


def _paging_calls(html: str, lower: str) -> list[tuple[str, int]]:
    """The page's paging calls that state a record count: ``(the call's text with what
    precedes it, the count)``, read once per page and bounded."""
    calls: list[tuple[str, int]] = []
    for match in _JPAGE_CALL.finditer(lower):
        if len(calls) >= MAX_PAGING_CALLS:
            break
        total = _TOTAL_RECORD.search(html, match.end(), match.end() + JPAGE_CALL)
        if total is not None:
            window = html[max(0, match.start() - JPAGE_BEFORE) : match.end() + JPAGE_CALL]
            calls.append((window, int(total.group(1))))
    return calls


def _stated_records(calls: list[tuple[str, int]], unit: str) -> int | None:
    """The record count a paging call states for ``unit`` (the call names the unit), if any."""
    named = re.compile(rf"(?<!\w){re.escape(unit)}(?!\w)")
    for window, total in calls:
        if named.search(window):
            return total
    return None
