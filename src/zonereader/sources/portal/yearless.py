"""Row dates written without their year (``11-17``, ``[12-01]``, ``12月01日``) and the year
they belong to.

Lists of recent news often show only the month and day. The year is worked out from the page,
in this order:

1. the row's own address, when it carries a date whose month (and day) agree with the row's
   (``/202311/t20231117_4412345.html``, ``/2023/1117/88231.html``);
2. the newest full date the page shows: the other rows' full dates, else the page's own date
   (``更新时间：2023-11-17``, ``2023年11月17日 星期五``). The row's year is that date's, or
   the year before when the month and day fall after it: a row's date is never later than
   the newest full date on its page.

With neither, the row has no date (rather than a guessed one): the article's page gives it when
it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from zonereader.models import CST, ListEntry
from zonereader.sources.portal.page import Page
from zonereader.text.dates import parse_date

#: A month and day with no year before them, and an optional time: ``11-17``, ``11/17``,
#: ``11月17日``, ``11-17 09:30``. Not a range (``1-9月``, ``1-2季度``, ``3-5个``), a share
#: (``12-5%``) or a part of a longer number or date.
_MONTH_DAY = re.compile(
    r"(?<![\d/.\-:年])(?P<m>1[0-2]|0?[1-9])\s*(?:(?P<sep>[-/])|月)\s*(?P<d>3[01]|[12]\d|0?[1-9])"
    r"(?(sep)(?![\d/.\-%月日号年季期周届批次个名位家项条])|\s*[日号])"
    r"(?:\s+(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)(?![\d]))?"
)
#: The same with a dot, only inside brackets (``[11.17]``, ``(11.17)``): a bare ``10.25`` is
#: more often a figure than a date.
_BRACKETED_DOT = re.compile(
    r"[\[(（【]\s*(?P<m>1[0-2]|0?[1-9])\.(?P<d>3[01]|[12]\d|0?[1-9])\s*[\])）】]"
)
#: A date in an address: ``/202311/t20231117_``, ``/2023/1117/``, ``/2023-11-17/``,
#: ``/20231117/``.
_URL_DATE = re.compile(r"(?<!\d)(?P<y>20\d\d)[/_-]?(?P<m>[01]\d)(?:[/_-]?(?P<d>[0-3]\d))?(?!\d)")
#: Blocks read for the page's own date (its 更新时间 or 今天是… line), and characters of each.
MAX_DATED_BLOCKS, DATE_REACH = 400, 120
#: Dates looked at in one address (an address is short; a hostile one is bounded).
MAX_URL_DATES = 8


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A row's date without its year, with the time of day when the row gives one."""

    month: int
    day: int
    hour: int = 0
    minute: int = 0


def month_day(text: str) -> MonthDay | None:
    """The first yearless date in a row's text (its title already taken out), or None."""
    found: list[tuple[int, MonthDay]] = []
    match = _MONTH_DAY.search(text)
    if match is not None:
        hour, minute = match.group("H"), match.group("M")
        found.append(
            (
                match.start(),
                MonthDay(
                    int(match.group("m")), int(match.group("d")), int(hour or 0), int(minute or 0)
                ),
            )
        )
    dotted = _BRACKETED_DOT.search(text)
    if dotted is not None:
        found.append((dotted.start(), MonthDay(int(dotted.group("m")), int(dotted.group("d")))))
    return min(found, key=lambda item: item[0])[1] if found else None


def year_from_url(url: str, when: MonthDay) -> int | None:
    """The year of a date in ``url`` whose month (and day, if it has one) are ``when``'s."""
    for count, match in enumerate(_URL_DATE.finditer(url)):
        if count >= MAX_URL_DATES:
            break
        day = match.group("d")
        if int(match.group("m")) == when.month and (day is None or int(day) == when.day):
            return int(match.group("y"))
    return None


def with_year(when: MonthDay, url: str, newest: datetime | None) -> datetime | None:
    """``when`` with its year: from ``url``, else the latest not after ``newest``; None with
    neither (or when the day does not exist in that year, such as 02-29)."""
    year = year_from_url(url, when)
    if year is None:
        if newest is None:
            return None
        year = newest.year
        if (when.month, when.day) > (newest.month, newest.day):
            year -= 1
    try:
        return datetime(year, when.month, when.day, when.hour, when.minute, tzinfo=CST)
    except ValueError:
        return None


def page_date(page: Page) -> datetime | None:
    """The newest full date the page shows outside its links (its own date: 更新时间：…,
    今天是…; not a date in a row's title, such as an effective date ``2025年1月1日起``)."""
    newest: datetime | None = None
    for block in page.blocks[:MAX_DATED_BLOCKS]:
        head = block.text[:DATE_REACH]
        if not any(character.isdigit() for character in head):
            continue
        if block.link_chars * 2 > len(block.text):
            continue  # mostly a link's text: a row's title
        found = parse_date(head)[0]
        if found is not None and (newest is None or found > newest):
            newest = found
    return newest


def give_years(
    entries: list[ListEntry], yearless: dict[int, tuple[MonthDay, str]], page: Page
) -> None:
    """Date the ``yearless`` entries (``{position: (month and day, address)}``) in place: from
    their address, else from the newest full date of the list's other entries, else from the
    page's own date (see the module docstring)."""
    full = [entry.published for entry in entries if entry.published is not None]
    newest = max(full) if full else page_date(page)
    for position, (when, url) in yearless.items():
        entry = entries[position]
        entries[position] = ListEntry(entry.url, entry.title, with_year(when, url, newest))
