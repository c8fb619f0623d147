"""Pure text helpers for the app: cell-width truncation, Chinese-aware wrapping, numbers, dates.

No Textual here: these functions are unit-tested on their own. Widths are terminal cells as
:func:`rich.cells.cell_len` counts them (a CJK character takes two).
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len, get_character_cell_size

from zonereader.models import CST

#: Characters that must not begin a line in Chinese typesetting (closing punctuation).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉…—·％,.;:?!)]}’”%")
#: Characters that must not end a line (opening punctuation).
NO_LINE_END = frozenset("（《「『【〔〈‘“([{")

ELLIPSIS = "…"


def truncate_cells(text: str, width: int) -> str:
    """Return ``text`` cut to at most ``width`` cells, ending in an ellipsis when cut.

    A wide character that would straddle the limit is dropped rather than split.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    limit = width - 1  # room for the ellipsis
    for char in text:
        size = get_character_cell_size(char)
        if used + size > limit:
            break
        out.append(char)
        used += size
    return "".join(out) + ELLIPSIS


def fit_cells(text: str, width: int) -> str:
    """Return ``text`` truncated and padded with spaces to exactly ``width`` cells."""
    cut = truncate_cells(text, width)
    return cut + " " * (width - cell_len(cut))


def _is_wide_or_cjk(char: str) -> bool:
    return get_character_cell_size(char) == 2 or ord(char) >= 0x2E80


def _tokens(text: str) -> list[str]:
    """Split text into wrap units: single CJK characters, runs of other non-space characters,
    and single spaces."""
    tokens: list[str] = []
    word: list[str] = []
    for char in text:
        if char.isspace() and char != "\u3000":
            if word:
                tokens.append("".join(word))
                word = []
            tokens.append(" ")
        elif _is_wide_or_cjk(char) or char in NO_LINE_START:
            if word and char in NO_LINE_START and not _is_wide_or_cjk(char):
                word.append(char)  # ASCII punctuation stays on its word
                continue
            if word:
                tokens.append("".join(word))
                word = []
            tokens.append(char)
        else:
            word.append(char)
    if word:
        tokens.append("".join(word))
    return tokens


def _split_long(token: str, width: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in token:
        if cell_len(current + char) > width and current:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def _carry(line: list[str], token: str) -> list[str]:
    """Pop from ``line`` what must go down to the next line with ``token`` (kinsoku rules).

    Closing punctuation may not start a line: it takes the closing punctuation before it and
    one more character down with it. Opening punctuation may not end a line. When obeying would
    leave the line empty, the rule gives way.
    """
    carry: list[str] = []
    original = list(line)
    if token[0] in NO_LINE_START:
        while line and line[-1] != " " and line[-1][0] in NO_LINE_START:
            carry.insert(0, line.pop())
        if line and line[-1] != " ":
            carry.insert(0, line.pop())
    while line and line[-1] in NO_LINE_END:
        carry.insert(0, line.pop())
    if not line or not "".join(line).strip():
        line[:] = original
        return []
    return carry


def wrap_cjk(text: str, width: int) -> list[str]:
    """Wrap one paragraph to ``width`` cells, the way Chinese text is set.

    Lines may break between any two CJK characters, Latin words stay whole unless longer than a
    line, closing punctuation (。，、) never starts a line and opening punctuation (（《) never
    ends one: the character before is carried down instead.

    Args:
        text: One paragraph (newlines are treated as spaces).
        width: Line width in cells (at least 2).

    Returns:
        The lines, without trailing spaces; ``[""]`` for empty text.
    """
    width = max(width, 2)
    lines: list[str] = []
    line: list[str] = []
    used = 0

    def emit() -> None:
        nonlocal line, used
        while line and line[-1] == " ":
            line.pop()
        lines.append("".join(line))
        line = []
        used = 0

    for token in _tokens(text.replace("\n", " ")):
        size = cell_len(token)
        if used + size <= width:
            if token == " " and not line:
                continue
            line.append(token)
            used += size
            continue
        if token == " ":
            emit()
            continue
        if size > width:
            pieces = _split_long(token, width)
            for piece in pieces[:-1]:
                if line:
                    emit()
                line, used = [piece], cell_len(piece)
                emit()
            if line:
                emit()
            line, used = [pieces[-1]], cell_len(pieces[-1])
            continue
        carry = _carry(line, token)
        if sum(cell_len(t) for t in carry) + size > width:
            line.extend(carry)  # too narrow to obey the rule
            carry = []
        emit()
        line = [*carry, token]
        used = sum(cell_len(t) for t in line)
    if line or not lines:
        emit()
    return lines


def format_count(value: int) -> str:
    """Return ``value`` with thousands separators, e.g. ``3,481``."""
    return f"{value:,}"


def format_date(value: datetime | None, *, short: bool = False) -> str:
    """Return a published date as shown in lists: ``2023-12-28`` (``23-12-28`` when short).

    The short form keeps the year: archives span years, and ``12-28`` of two years must not
    look alike. Dates are shown in China Standard Time, the zone of the portals. Missing dates
    give spaces.
    """
    if value is None:
        return " " * (8 if short else 10)
    local = value.astimezone(CST) if value.tzinfo else value
    return local.strftime("%y-%m-%d" if short else "%Y-%m-%d")


def format_age(then: datetime, now: datetime) -> str:
    """Return how long ago ``then`` was: ``just now``, ``5 min ago``, ``3 h ago`` or a date."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    local = then.astimezone(CST) if then.tzinfo else then
    return local.strftime("%Y-%m-%d %H:%M")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``3,481 articles`` (``many`` for irregular plurals)."""
    return f"{format_count(count)} {word if count == 1 else (many or word + 's')}"


def list_header(title: str, total: int, unread: int, *, unread_only: bool = False) -> str:
    """The article list's header: its name and totals, e.g. ``舟山 · 35 articles, 3 unread``."""
    if not total:
        counts = "no articles"
    elif unread == total:
        counts = f"{plural(total, 'article')}, all unread"
    elif unread:
        counts = f"{plural(total, 'article')}, {format_count(unread)} unread"
    else:
        counts = f"{plural(total, 'article')}, all read"
    if unread_only:
        counts += " (unread shown)"
    return f"{title} · {counts}"
