"""Next pages of pagers that a page's script builds, with no link in the HTML.

TRS-style ``createPageHTML(count, current, "index", "html")`` (with the container id first, with
two arguments, or fed by ``var countPage = N`` / ``var currentPage = M``), and pagination
plugins whose callback builds the address (``'index_' + num + '.html'``, layui's
``'list_' + obj.curr + '.html'``) and whose options give the page count (``totalPages: 15``, or
items, literal or in a variable, and items per page). Inline scripts are read up to a bound.
"""

from __future__ import annotations

import math
import re

from zonereader.sources.portal.page import Page
from zonereader.sources.portal.page_names import (
    NextPage,
    PageScheme,
    base_name,
    page_after,
    split_address,
)
from zonereader.text.urls import canonical_url

#: Inline script text read for script pagers on one page (a hostile page may hold megabytes).
MAX_SCRIPT_CHARS = 200_000
#: Longest inline script read: pager calls are short; a longer one is an inlined library.
MAX_SCRIPT_LENGTH = 50_000
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]{0,400})\)")
_VAR_INT = re.compile(r"\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(\d{1,7})\b")
_ARG = re.compile(r"""\s*(?:(\d{1,7})|(['"])([^'"]{0,100})\2|([A-Za-z_$][\w$.]*))\s*""")
#: A script building a page address: ``"index_" + page + ".html"`` (with ``(num - 1)``, or a
#: member such as layui laypage's ``obj.curr``...).
_ADDRESS = re.compile(
    r"""(['"])([\w./-]{0,120}?)_\1\s*\+\s*\(?\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*"""
    r"""(?:([-+])\s*(\d{1,3}))?\s*\)?\s*\+\s*(['"])\.(\w{2,6})\6"""
)
_COUNT_OPTION = re.compile(
    r"\b(?:totalPages?|pageCount|pagecount|countPage|pageTotal|total_pages?|page_count|pages)"
    r"""\s*['"]?\s*[:=]\s*(\d{1,7})\b"""
)
#: jQuery pagination's item count, a literal or a variable: ``.pagination(226, {…})``,
#: ``var total = 226; $("#Pagination").pagination(total, {…})``.
_ITEMS_CALL = re.compile(r"\.pagination\(\s*(?:(\d{1,9})|([A-Za-z_$][\w$]*))\s*,")
_ITEMS_OPTION = re.compile(
    r"\b(?:totalRecords?|totalCount|totalItems|total|recordCount|records|count)"
    r"""\s*['"]?\s*:\s*(\d{1,9})\b"""
)
_PER_PAGE_OPTION = re.compile(
    r"\b(?:items_per_page|perpage|perPage|pageSize|pagesize|page_size|limit|pageLength)"
    r"""\s*['"]?\s*:\s*(\d{1,6})\b"""
)
_ZERO_BASED_CURRENT = re.compile(r"""\bcurrent_page\s*['"]?\s*:\s*(\d{1,7})\b""")
_ONE_BASED_CURRENT = re.compile(
    r"""\b(?:currentPage|curPage|curr|current|pageNo|pageIndex|startPage)\s*['"]?\s*:\s*(\d{1,7})\b"""
)
_ZERO_BASED_HINT = re.compile(r"\b(?:callback|current_page|page_index)\b")


def _scripts(page: Page) -> list[str]:
    """The page's inline script texts, bounded in size."""
    texts: list[str] = []
    budget = MAX_SCRIPT_CHARS
    for node in page.tree.css("script"):
        if node.attributes.get("src"):
            continue
        kind = (node.attributes.get("type") or "").lower()
        if kind and "javascript" not in kind and "ecmascript" not in kind:
            continue
        text = node.text()
        if not text or len(text) > MAX_SCRIPT_LENGTH:
            continue
        texts.append(text)
        budget -= len(text)
        if budget <= 0:
            break
    return texts


def scripted_next(page: Page, page_url: str) -> NextPage | None:
    """The next page a script pager of ``page`` implies (see the module docstring), or None."""
    scripts = _scripts(page)
    if not scripts:
        return None
    variables: dict[str, int] = {}
    for text in scripts:
        for name, value in _VAR_INT.findall(text):
            variables.setdefault(name, int(value))
    for text in scripts:
        for match in _CREATE_PAGE.finditer(text):
            found = _create_page(match.group(1), variables, page_url)
            if found is not None:
                return found
    if "countPage" in variables:
        found = _create_page("countPage, currentPage", variables, page_url)
        if found is not None:
            return found
    for text in scripts:
        found = _plugin_pager(text, variables, page_url)
        if found is not None:
            return found
    return None


def _arguments(raw: str, variables: dict[str, int]) -> list[int | str | None] | None:
    """Literal arguments of a call (ints, strings; known variables resolved; others None)."""
    values: list[int | str | None] = []
    for piece in raw.split(","):
        match = _ARG.fullmatch(piece)
        if match is None:
            return None
        number, _quote, string, name = match.groups()
        if number is not None:
            values.append(int(number))
        elif string is not None:
            values.append(string)
        else:
            values.append(variables.get(name))
    return values


def _create_page(raw: str, variables: dict[str, int], page_url: str) -> NextPage | None:
    """Read ``createPageHTML(...)``: count, current page, name, extension."""
    args = _arguments(raw, variables)
    if not args:
        return None
    one_based = isinstance(args[0], str)  # the container id comes first in that variant
    if one_based:
        args = args[1:]
    if len(args) < 2 or not isinstance(args[0], int) or not isinstance(args[1], int):
        return None
    count, current = args[0], args[1]
    if not one_based and current >= count:
        one_based = True  # a current page past the last 0-based one: the page counts from 1
    directory, stem, ext = split_address(page_url)
    name = args[2] if len(args) > 2 and isinstance(args[2], str) and args[2] else ""
    extension = args[3] if len(args) > 3 and isinstance(args[3], str) and args[3] else ""
    scheme = PageScheme(
        directory,
        name or base_name(stem) or "index",
        (extension or ext or "html").lstrip("."),
        0 if one_based else -1,
    )
    position = current if one_based else current + 1
    shown = ", ".join(_show(arg) for arg in _arguments(raw, variables) or [])
    return page_after(scheme, position, count, page_url, f"createPageHTML({shown})")


def _plugin_pager(text: str, variables: dict[str, int], page_url: str) -> NextPage | None:
    """A pagination plugin whose callback builds ``'index_' + page + '.html'``."""
    address = _ADDRESS.search(text)
    if address is None:
        return None
    prefix, variable, sign, amount, ext = (
        address.group(2),
        address.group(3),
        address.group(4),
        address.group(5),
        address.group(7),
    )
    base = _variable_base(text, variable)
    delta = int(amount or 0) * (-1 if sign == "-" else 1)
    count = _page_count(text, variables)
    if count is None:
        return None
    directory = split_address(page_url)[0]
    folder, _, name = prefix.rpartition("/")
    if folder:
        directory = canonical_url(folder + "/", directory)
    scheme = PageScheme(directory, name, ext, base - 1 + delta)
    position = _current_in_options(text)
    how = f"pagination script ('{prefix}_' + {variable} + '.{ext}', {count} pages)"
    return page_after(scheme, position, count, page_url, how)


def _variable_base(text: str, variable: str) -> int:
    """The value the callback's page variable has on the first page (0 or 1).

    Read from the test that special-cases the first page (``num == 1 ? 'index.html' : …``),
    else from the plugin's option names (a ``callback`` with ``current_page`` counts from 0;
    ``onPageChange``, ``onPageClick``, ``jump`` count from 1).
    """
    test = re.search(rf"\b{re.escape(variable)}\s*(===?|!==?|<=|>=|<|>)\s*(\d)\b", text)
    if test is not None:
        operator, literal = test.group(1), int(test.group(2))
        if operator in ("<", ">="):
            return max(0, literal - 1)
        return literal
    return 0 if _ZERO_BASED_HINT.search(text) else 1


def _page_count(text: str, variables: dict[str, int]) -> int | None:
    match = _COUNT_OPTION.search(text)
    if match is not None:
        return int(match.group(1))
    per_page = _PER_PAGE_OPTION.search(text)
    if per_page is None or int(per_page.group(1)) == 0:
        return None
    items: int | None = None
    call = _ITEMS_CALL.search(text)
    if call is not None:
        items = int(call.group(1)) if call.group(1) else variables.get(call.group(2))
    if items is None:
        option = _ITEMS_OPTION.search(text)
        items = int(option.group(1)) if option is not None else None
    if items is None:
        return None
    return math.ceil(items / int(per_page.group(1)))


def _current_in_options(text: str) -> int | None:
    """The current page (1-based) a plugin's options state, if they do."""
    zero = _ZERO_BASED_CURRENT.search(text)
    if zero is not None:
        return int(zero.group(1)) + 1
    one = _ONE_BASED_CURRENT.search(text)
    return int(one.group(1)) if one is not None else None


def _show(value: int | str | None) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return "?" if value is None else str(value)
