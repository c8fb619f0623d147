"""parse_date: the first date in a text, as an aware datetime (CST unless zoned)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from zonereader.models import CST
from zonereader.text.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("发布时间:2023-12-28  来源:舟山日报", datetime(2023, 12, 28, tzinfo=CST), False),
        ("[2023-12-28]", datetime(2023, 12, 28, tzinfo=CST), False),
        ("日期：2023年12月28日 10:30", datetime(2023, 12, 28, 10, 30, tzinfo=CST), True),
        ("2023年1月5日", datetime(2023, 1, 5, tzinfo=CST), False),
        ("2023/12/28 09:05:07", datetime(2023, 12, 28, 9, 5, 7, tzinfo=CST), True),
        ("2023.12.28", datetime(2023, 12, 28, tzinfo=CST), False),
        ("2023年12月28日10时30分", datetime(2023, 12, 28, 10, 30, tzinfo=CST), True),
        ("Thu, 28 Dec 2023 10:30:00 +0800", datetime(2023, 12, 28, 10, 30, tzinfo=CST), True),
        ("Mon, 01 Jan 2024 00:00:00 GMT", datetime(2024, 1, 1, tzinfo=UTC), True),
        ("Tue, 10 Jun 03 04:00:00 EST",
         datetime(2003, 6, 10, 4, tzinfo=timezone(timedelta(hours=-5))), True),
        ("2023-12-28T10:30:00Z", datetime(2023, 12, 28, 10, 30, tzinfo=UTC), True),
        ("2023-12-28T10:30:00+05:30",
         datetime(2023, 12, 28, 10, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))), True),
        ("2023-12-28T10:30:00.123-04:00",
         datetime(2023, 12, 28, 10, 30, tzinfo=timezone(timedelta(hours=-4))), True),
        ("点击 12 次 2023-13-01 再看 2023-01-02", datetime(2023, 1, 2, tzinfo=CST), False),
        ("2023 11/17 20:52:15", datetime(2023, 11, 17, 20, 52, 15, tzinfo=CST), True),
        ("发布日期： 7/5/2005 9:23:57 PM", datetime(2005, 7, 5, 21, 23, 57, tzinfo=CST), True),
        ("12/12/2023 12:05:00 AM", datetime(2023, 12, 12, 0, 5, tzinfo=CST), True),
        ("06/02/2022 - 13:48", datetime(2022, 6, 2, 13, 48, tzinfo=CST), True),
        ("2023年11月17日 下午3:30", datetime(2023, 11, 17, 15, 30, tzinfo=CST), True),
        ("2023年11月17日 星期五", datetime(2023, 11, 17, tzinfo=CST), False),
        ("( 2022-04-26)", datetime(2022, 4, 26, tzinfo=CST), False),
        ("2005-04-27 14:32PM", datetime(2005, 4, 27, 14, 32, tzinfo=CST), True),
    ],
)  # fmt: skip
def test_parse_date(text: str, expected: datetime, has_time: bool) -> None:
    published, got_time = parse_date(text)
    assert published == expected
    assert published is not None and published.utcoffset() == expected.utcoffset()
    assert got_time is has_time


@pytest.mark.parametrize("text", ["", "没有日期", "2023-02-30", "2023年12月", "12345678", "v1.2.3"])
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) == (None, False)


def test_naive_dates_are_china_standard_time() -> None:
    published, _ = parse_date("2023-12-28 00:30")
    assert published is not None
    assert published.astimezone(UTC) == datetime(2023, 12, 27, 16, 30, tzinfo=UTC)
