"""Row dates written without their year: read, and given the year the page implies.

Small pages written for the test, one pattern each: ``MM-DD`` beside a title, ``[12-01]``,
``12月01日``, a time after the day; the year from the row's address, from the list's other
full dates or from the page's own date, never later than the newest full date shown; no date
at all where the page gives no year.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from zonereader.models import CST, PortalSelectors
from zonereader.sources.portal import parse_list_page
from zonereader.sources.portal.yearless import MonthDay, month_day, with_year

URL = "http://www.kfq.example.cn/xwzx/yqdt/index.html"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11-17", MonthDay(11, 17)),
        ("  [12-01] ", MonthDay(12, 1)),
        ("12月01日", MonthDay(12, 1)),
        ("发布：3月5号", MonthDay(3, 5)),
        ("11-17 15:13", MonthDay(11, 17, 15, 13)),
        ("11/17", MonthDay(11, 17)),
        ("(11.17)", MonthDay(11, 17)),
    ],
)
def test_a_month_and_day_are_read(text: str, expected: MonthDay) -> None:
    assert month_day(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1-9月份规上工业产值",  # a range of months
        "第1-2季度",
        "3-5个工作日",
        "同比增长12.5%",
        "投资10.25亿元",  # a figure, not a bracketed date
        "12-5%",
        "10:30",
        "13-01",  # no 13th month
        "11-32",
        "第12期",
    ],
)
def test_figures_are_not_dates(text: str) -> None:
    assert month_day(text) is None


NEWEST = datetime(2024, 1, 5, tzinfo=CST)


def test_the_year_comes_from_the_address_first() -> None:
    when = with_year(MonthDay(12, 28), "http://x.cn/a/202212/t20221228_1.html", NEWEST)
    assert when == datetime(2022, 12, 28, tzinfo=CST)
    when = with_year(MonthDay(11, 17), "http://x.cn/a/2023/1117/881.html", None)
    assert when == datetime(2023, 11, 17, tzinfo=CST)


def test_an_address_date_of_another_day_is_not_the_rows() -> None:
    when = with_year(MonthDay(12, 28), "http://x.cn/a/2019/0301/881.html", NEWEST)
    assert when == datetime(2023, 12, 28, tzinfo=CST)


def test_the_year_is_the_latest_not_after_the_newest_full_date() -> None:
    assert with_year(MonthDay(1, 3, 9, 30), "", NEWEST) == datetime(2024, 1, 3, 9, 30, tzinfo=CST)
    assert with_year(MonthDay(1, 5), "", NEWEST) == datetime(2024, 1, 5, tzinfo=CST)
    assert with_year(MonthDay(12, 28), "", NEWEST) == datetime(2023, 12, 28, tzinfo=CST)


def test_no_year_without_an_address_date_or_a_full_date() -> None:
    assert with_year(MonthDay(11, 17), "http://x.cn/a/881.html", None) is None
    assert with_year(MonthDay(2, 29), "", datetime(2023, 3, 1, tzinfo=CST)) is None


def rows(days: list[str], full: str = "") -> str:
    cells = [
        f"<li><a href='/xwzx/yqdt/{80 + i}.html'>开发区第{i}个重点招商项目签约仪式举行</a>"
        f"<span>{day}</span></li>"
        for i, day in enumerate(days)
    ]
    if full:
        cells.insert(
            0,
            "<li><a href='/xwzx/yqdt/79.html'>开发区重点项目集中开工仪式隆重举行</a>"
            f"<span>{full}</span></li>",
        )
    return "<ul class='list'>" + "".join(cells) + "</ul>"


def dates(html: str, selectors: PortalSelectors | None = None) -> list[str | None]:
    page = parse_list_page(html, URL, selectors)
    return [e.published.strftime("%Y-%m-%d") if e.published else None for e in page.entries]


def test_a_list_dates_its_yearless_rows_from_its_full_dates() -> None:
    html = rows(["[01-03]", "[12-30]", "[12-28]"], full="2024-01-05")
    assert dates(html) == ["2024-01-05", "2024-01-03", "2023-12-30", "2023-12-28"]


def test_a_list_dates_its_yearless_rows_from_the_pages_own_date() -> None:
    html = "<div class='top'>更新时间：2024年01月05日</div>" + rows(["01月03日", "12月28日"])
    assert dates(html) == ["2024-01-03", "2023-12-28"]


def test_a_row_is_never_dated_after_the_newest_full_date() -> None:
    html = rows(["01-04", "06-01"], full="2024-01-05")
    assert dates(html) == ["2024-01-05", "2024-01-04", "2023-06-01"]


def test_with_no_year_anywhere_rows_stay_undated() -> None:
    assert dates(rows(["11-17", "11-16", "11-15"])) == [None, None, None]


def test_a_date_selector_reads_yearless_dates_too() -> None:
    selectors = PortalSelectors(list_item="ul.list li", list_date="span")
    html = rows(["01-03", "12-28"], full="2024-01-05")
    assert dates(html, selectors) == ["2024-01-05", "2024-01-03", "2023-12-28"]


def test_a_date_in_a_rows_title_is_not_the_pages_own_date() -> None:
    title_with_date = (
        "<li><a href='/xwzx/yqdt/90.html'>关于2025年1月1日起施行园区新规的通知</a>"
        "<span>11-20</span></li>"
    )
    html = (
        "<div class='top'>更新时间：2023-11-21</div><ul class='list'>"
        + title_with_date
        + rows(["11-17", "11-16"])[len("<ul class='list'>") :]
    )
    assert dates(html) == ["2023-11-20", "2023-11-17", "2023-11-16"]
