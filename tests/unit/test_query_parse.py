"""The query language's parser: the grammar, filters, and hostile input (pure, no SQLite)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from zonereader.text.query import (
    MAX_DEPTH,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    And,
    Field,
    FieldTerm,
    Flag,
    FlagTerm,
    Node,
    Not,
    QueryError,
    Words,
    iter_terms,
    parse_query,
)


def shape(node: Node) -> str:
    """A compact rendering of a tree, for readable assertions."""
    if isinstance(node, Words):
        return f'"{node.text}"' if node.phrase else node.text
    if isinstance(node, FieldTerm):
        return f"{node.field.value}:{node.value}"
    if isinstance(node, FlagTerm):
        return node.flag.value
    if isinstance(node, Not):
        return f"-{shape(node.item)}"
    joiner = " & " if isinstance(node, And) else " | "
    return "(" + joiner.join(shape(item) for item in node.items) + ")"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("半导体", "半导体"),
        ("半导体 长三角", "(半导体 & 长三角)"),
        ("半导体 AND 长三角", "(半导体 & 长三角)"),
        ("签约 OR 开工", "(签约 | 开工)"),
        ("签约 开工 OR 投产", "((签约 & 开工) | 投产)"),
        ("签约 OR 开工 投产", "(签约 | (开工 & 投产))"),
        ("(签约 OR 开工) 舟山", "((签约 | 开工) & 舟山)"),
        ("NOT 舟山", "-舟山"),
        ("园区 NOT 舟山", "(园区 & -舟山)"),
        ("NOT NOT 舟山", "--舟山"),
        ("NOT (a OR b)", "-(a | b)"),
        ('"数字 经济" OR 数字化', '("数字 经济" | 数字化)'),
        ("a OR b OR c", "(a | b | c)"),
        ("a b c", "(a & b & c)"),
        ("((a))", "a"),
        ("a (b c) d", "(a & b & c & d)"),
        ("and or not", "(and & or & not)"),
        ('"OR" AND "NOT"', '("OR" & "NOT")'),
    ],
)
def test_grammar(query: str, expected: str) -> None:
    assert shape(parse_query(query)) == expected


def test_filters_and_flags() -> None:
    node = parse_query(
        "zone:舟山 source:zhoushan origin:舟山日报 publisher:高新区 "
        "after:2024-01-31 before:2024/2/1 unread bookmarked"
    )
    assert isinstance(node, And)
    terms = iter_terms(node)
    assert [(t.field, t.value) for t in terms if isinstance(t, FieldTerm)] == [
        (Field.ZONE, "舟山"),
        (Field.SOURCE, "zhoushan"),
        (Field.ORIGIN, "舟山日报"),
        (Field.PUBLISHER, "高新区"),
        (Field.AFTER, "2024-01-31"),
        (Field.BEFORE, "2024/2/1"),
    ]
    days = [t.day for t in terms if isinstance(t, FieldTerm) and t.day is not None]
    assert days == [date(2024, 1, 31), date(2024, 2, 1)]
    assert [t.flag for t in terms if isinstance(t, FlagTerm)] == [Flag.UNREAD, Flag.BOOKMARKED]


def test_filter_values_may_be_quoted_and_zone_slashes_are_trimmed() -> None:
    node = parse_query('source:"My feed" zone:/开发区新闻/舟山/ ZONE:温州')
    assert shape(node) == "(source:My feed & zone:开发区新闻/舟山 & zone:温州)"


def test_full_width_syntax_from_a_chinese_input_method() -> None:
    assert shape(parse_query("（签约 OR 开工） zone：舟山")) == "((签约 | 开工) & zone:舟山)"
    assert shape(parse_query("“数字 经济”")) == '"数字 经济"'


def test_positions_point_at_what_was_typed() -> None:
    node = parse_query("签约  zone:舟山")
    assert isinstance(node, And)
    assert [t.position for t in iter_terms(node)] == [0, 4]


def test_punctuation_alone_is_a_separator() -> None:
    assert shape(parse_query("舟山 ， 签约 - ")) == "(舟山 & 签约)"
    assert shape(parse_query("5G-基站")) == "5G-基站"  # one word, its parts ANDed by the store


def test_a_colon_after_something_else_than_a_filter_name_is_text() -> None:
    assert shape(parse_query("10:30 舟山:签约")) == "(10:30 & 舟山:签约)"


@pytest.mark.parametrize(
    ("query", "reason", "position"),
    [
        ("", "the query is empty", 0),
        ("   ", "the query is empty", 0),
        ("，。", "the query is empty", 0),
        ('"数字 经济', 'this quote (") is never closed', 0),
        ('舟山 "', 'this quote (") is never closed', 3),
        ('""', "this phrase holds nothing to search for", 0),
        ("(签约 OR 开工", "'(' is never closed", 0),
        ("((签约)", "'(' is never closed", 0),
        ("签约)", "')' has no '(' before it", 2),
        (")", "')' has no '(' before it", 0),
        ("()", "empty parentheses", 0),
        ("签约 OR", "'OR' needs a term after it", 3),
        ("OR 签约", "'OR' needs a term before it", 0),
        ("签约 AND AND 开工", "'AND' needs a term after it", 3),
        ("签约 OR ) ", "'OR' needs a term after it", 3),
        ("NOT", "'NOT' needs a term after it", 0),
        ("(NOT)", "'NOT' needs a term after it", 1),
        ("zone:", "'zone:' needs a value", 0),
        ("zone: 舟山", "'zone:' needs a value", 0),
        ('zone:""', "'zone:' needs a value", 0),
        ("zone:/", "'zone:' needs a value", 0),
        ("after:yesterday", "'after:' expects a date such as 2024-01-31, not 'yesterday'", 0),
        ("before:2024-13-01", "'before:' expects a date", 0),
        ("after:2024-02-30", "'after:' expects a date", 0),
        ("舟山 zonee:舟山", "unknown filter 'zonee:'", 3),
        ("is:unread", "unknown filter 'is:'", 0),
    ],
)
def test_malformed_queries_say_what_and_where(query: str, reason: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.reason.startswith(reason)
    assert caught.value.position == position
    message = str(caught.value)
    assert "\n" not in message
    assert f"at character {position + 1}" in message


def test_error_quotes_the_place_briefly() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("签约 OR 开工 OR " + "舟山 " * 30 + "(")
    message = str(caught.value)
    assert message.endswith("near '(')")
    with pytest.raises(QueryError) as caught:
        parse_query("(" + "舟山 " * 30)
    assert "near '(舟山 舟山 舟山 舟山 舟山 舟山 舟山 舟山…'" in str(caught.value)


# --------------------------------------------------------------------------- hostile input


def test_a_10000_character_query_is_refused_in_one_line() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("舟山" * 5000)
    assert "too long (10,000 characters; at most 2,000)" in str(caught.value)
    parse_query("舟" * MAX_QUERY_CHARS)  # the limit itself is fine


def test_too_many_terms_are_refused() -> None:
    parse_query(" ".join(["舟山"] * MAX_TERMS))
    with pytest.raises(QueryError, match="too many terms"):
        parse_query(" ".join(["舟山"] * (MAX_TERMS + 1)))


@pytest.mark.parametrize(
    "query",
    [
        "(" * 1000 + "舟山" + ")" * 1000,
        "NOT " * 450 + "舟山",
        "(" * 1999,
        ")" * 1999,
    ],
)
def test_deep_nesting_is_refused_not_a_recursion_error(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)


def test_nesting_up_to_the_limit_is_fine() -> None:
    assert shape(parse_query("(" * MAX_DEPTH + "舟山" + ")" * MAX_DEPTH)) == "舟山"


def test_fts_syntax_is_plain_text_to_the_parser() -> None:
    node = parse_query("NEAR a*b ^开发区 -x +y {title} title")
    assert [t.text for t in iter_terms(node) if isinstance(t, Words)] == [
        "NEAR",
        "a*b",
        "^开发区",
        "-x",
        "+y",
        "{title}",
        "title",
    ]


def test_control_characters_are_spaces() -> None:
    node = parse_query("舟山\x00签约\x1b[31m\t开工\r\n投产\u202e园区\x9b")
    assert [t.text for t in iter_terms(node) if isinstance(t, Words)] == [
        "舟山",
        "签约",
        "[31m",
        "开工",
        "投产",
        "园区",
    ]
    with pytest.raises(QueryError) as caught:
        parse_query('"\x1b]0;pwned\x07')
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)


def test_random_hostile_queries_parse_or_fail_cleanly() -> None:
    """Thousands of random strings over the syntax's alphabet: a tree or a QueryError."""
    alphabet = list('()"“”（）：: \t\x00\x1bORANDNOT舟山签约区aZ9*^-+:zone:after:unread_.,，')
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        try:
            node = parse_query(text)
        except QueryError as exc:
            assert "\n" not in str(exc)
            assert 0 <= exc.position <= len(text)
        else:
            assert iter_terms(node)
