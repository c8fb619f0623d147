"""Find the date (and time, if any) a page or feed gives for an article.

Portals write dates many ways (``2023-12-28``, ``2023年12月28日``, ``2023/12/28``, ``2023.12.28``,
with or without ``10:30`` or ``10:30:15``) and almost never a zone: those are China Standard Time.
Feeds use RFC 822 (``Thu, 28 Dec 2023 10:30:00 +0800``) or ISO 8601 with a zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from zonereader.models import CST

#: A time of day after a date: ``10:30``, ``10:30:15``, ``10时30分``, ``下午3:30``, ``9:23:57 PM``.
_TIME = (
    r"(?P<pre>(?:上午|下午|晚上|凌晨|中午|早上)\s*)?"
    r"(?P<H>[0-9]{1,2})\s*[:：时]\s*(?P<M>[0-9]{2})"
    r"(?:\s*[:：分]\s*(?P<S>[0-9]{2})(?:\.[0-9]+)?)?\s*(?:分|秒)?"
    r"(?:\s*(?P<ap>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
)
_NUMERIC = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20|21)[0-9]{2})\s*(?P<sep>[-/.年])\s*(?P<m>[0-9]{1,2})\s*"
    r"(?:(?P=sep)|月)\s*(?P<d>[0-9]{1,2})(?![0-9])\s*日?"
    rf"(?:(?:\s*|T|\s*日\s*){_TIME}"
    r"(?P<zone>Z|[+-][0-9]{2}:?[0-9]{2}(?![0-9])|\s*(?:UTC|GMT)(?![A-Za-z]))?)?",
)
#: The year apart from month/day, as some CMSs print it: ``2023 11/17 20:52:15``.
_YEAR_APART = re.compile(
    r"(?<![0-9/.-])(?P<y>(?:19|20|21)[0-9]{2})\s+(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})(?![0-9/])"
    rf"(?:\s*{_TIME})?"
)
#: Month/day/year, as ASP sites print dates: ``7/5/2005 9:23:57 PM``.
_MONTH_FIRST = re.compile(
    r"(?<![0-9/.-])(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})/(?P<y>(?:19|20|21)[0-9]{2})(?![0-9/])"
    rf"(?:\s*[-–—,]?\s*{_TIME})?"
)

_MONTHS = {
    name: index
    for index, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_RFC822_ZONES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_RFC822 = re.compile(
    r"(?<![0-9])(?P<d>[0-9]{1,2})\s+(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<y>[0-9]{4}|[0-9]{2})"
    r"(?:\s+(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?"
    r"(?:\s*(?P<zone>[+-][0-9]{4}|[A-Za-z]{1,5}))?)?",
)


def parse_date(text: str) -> tuple[datetime | None, bool]:
    """Find the first date in ``text``.

    Args:
        text: Any text holding a date, such as ``发布时间:2023-12-28  来源:…``, ``[2023-12-28]``,
            ``日期：2023年12月28日 10:30``, ``Thu, 28 Dec 2023 10:30:00 +0800`` or
            ``2023-12-28T10:30:00Z``.

    Returns:
        ``(published, has_time)``: an aware datetime (China Standard Time when the text names no
        zone; midnight when it gives no time) and whether a time of day was given; ``(None,
        False)`` when the text holds no valid date.
    """
    if not text:
        return None, False
    best: tuple[int, datetime, bool] | None = None
    for pattern in (_NUMERIC, _YEAR_APART, _MONTH_FIRST):
        for match in pattern.finditer(text, 0, best[0] if best else len(text)):
            found = _from_numeric(match)
            if found is not None:
                best = (match.start(), *found)
                break
    for match in _RFC822.finditer(text, 0, best[0] if best else len(text)):
        found = _from_rfc822(match)
        if found is not None:
            return found
    if best is None:
        return None, False
    return best[1], best[2]


def _from_numeric(match: re.Match[str]) -> tuple[datetime, bool] | None:
    groups = match.groupdict()
    if groups.get("sep") == "年" and "月" not in match.group(0):
        return None
    hour_text, minute, second = groups["H"], groups["M"], groups["S"]
    hour = int(hour_text or 0)
    if hour_text is not None and hour <= 12:
        marker = (groups["ap"] or "").lower()[:1]
        afternoon = marker == "p" or (groups["pre"] or "").strip() in ("下午", "晚上")
        if afternoon and hour < 12:
            hour += 12
        elif marker == "a" and hour == 12:
            hour = 0
    tz = _zone(groups.get("zone"))
    try:
        return datetime(
            int(groups["y"]),
            int(groups["m"]),
            int(groups["d"]),
            hour,
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        ), hour_text is not None
    except ValueError:
        return None


def _zone(text: str | None) -> timezone:
    if not text:
        return CST
    text = text.strip()
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset >= timedelta(hours=24):
        return CST
    if offset == timedelta(hours=8) and sign == 1:
        return CST
    return timezone(sign * offset)


def _from_rfc822(match: re.Match[str]) -> tuple[datetime, bool] | None:
    month = _MONTHS.get(match.group("mon").lower())
    if month is None:
        return None
    year = int(match.group("y"))
    if year < 100:
        year += 2000 if year < 50 else 1900
    hour = match.group("H")
    zone_text = match.group("zone")
    tz: timezone = CST
    if zone_text:
        if zone_text[0] in "+-":
            sign = -1 if zone_text[0] == "-" else 1
            offset = timedelta(hours=int(zone_text[1:3]), minutes=int(zone_text[3:5]))
            tz = CST if sign == 1 and offset == timedelta(hours=8) else timezone(sign * offset)
        elif zone_text.upper() in _RFC822_ZONES:
            tz = timezone(timedelta(hours=_RFC822_ZONES[zone_text.upper()]))
            if tz.utcoffset(None) == timedelta(0):
                tz = UTC
    try:
        return datetime(
            year,
            month,
            int(match.group("d")),
            int(hour or 0),
            int(match.group("M") or 0),
            int(match.group("S") or 0),
            tzinfo=tz,
        ), hour is not None
    except ValueError:
        return None
