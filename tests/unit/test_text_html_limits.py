"""The checks made before the HTML parser sees a page: nesting depth, and what is cheap."""

from __future__ import annotations

from zonereader.text.html_limits import MAX_NESTING, cheap_to_parse, nesting_problem


def test_deep_nesting_is_refused_before_parsing() -> None:
    assert nesting_problem("<div>" * 20_000) is not None
    assert nesting_problem("<b><i>" * 300) is not None
    assert "more than 512 deep" in (nesting_problem("<span>" * 600) or "")


def test_real_page_shapes_pass() -> None:
    # thousands of tags, shallow: rows, unclosed <p> and <li>, void elements, closed divs
    rows = "<tr><td>a<td>b<br><img src=x>" * 3000
    assert nesting_problem(f"<table>{rows}</table>") is None
    assert nesting_problem("<ul>" + "<li>x<p>y" * 5000 + "</ul>") is None
    assert nesting_problem("<div><span>x</span></div>" * 5000) is None
    # unclosed inline tags inside closed blocks are closed with them
    assert nesting_problem("<div><font><b>x</div>" * 2000) is None
    # tags inside comments and scripts do not count
    assert nesting_problem("<!--" + "<div>" * 2000 + "-->") is None
    assert nesting_problem("<script>" + "<div>" * 2000 + "</script>") is None
    assert nesting_problem("<div>" * MAX_NESTING) is None


def test_cheap_pages_are_small_in_bytes_and_tags() -> None:
    assert cheap_to_parse(b"<p>x</p>" * 1000)
    assert not cheap_to_parse(b"<p>" * 5000)
    assert not cheap_to_parse(b"x" * (65 * 1024))
