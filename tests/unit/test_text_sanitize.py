"""clean_text / clean_line: untrusted text loses escape sequences and controls, keeps Chinese."""

from __future__ import annotations

import pytest

from zonereader.text.sanitize import clean_line, clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("标题\x1b]0;pwned\x07正文", "标题正文"),  # OSC retitle, BEL-terminated
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink, ST
        ("\x1b[31;1m红色\x1b[0m", "红色"),  # CSI colours
        ("\x9b2J清屏", "清屏"),  # 8-bit CSI
        ("\x1bPq#0;2;0;0;0\x1b\\after", "after"),  # DCS (sixel) string
        ("x\x1b(By", "xy"),  # charset designation
        ("nul\x00del\x7fbell\x07c1\x85", "nuldelbellc1\n"),
        ("\u202eevil\u202c \u2066iso\u2069 \u200emark\u200f", "evil iso mark"),
        ("阿\u061c拉伯 zero\u200bwidth\u200c\u200d\u2060\u180e\ufeffend", "阿拉伯 zerowidthend"),
        ("tag\U000e0041\U000e0042s hidden", "tags hidden"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("line1\r\nline2\rline3\u2028line4", "line1\nline2\nline3\nline4"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\u3000\u3000开发区，“新篇章”！😀", "\u3000\u3000开发区，“新篇章”！😀"),
        ("unterminated \x1b]0;title forever", "unterminated "),
        ("\x1b]0;title\n下一行", "\n下一行"),  # an unterminated string ends with its line
        ("", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_leaves_no_control_characters() -> None:
    # every control in one string; the next line survives the unterminated C1 strings
    raw = "".join(chr(c) for c in range(0x00, 0xA0)) + "\ufeff\ud800\n中文"
    cleaned = clean_text(raw)
    assert all(ch in "\n\t" or ord(ch) >= 0xA0 or 0x20 <= ord(ch) < 0x7F for ch in cleaned)
    assert "\x1b" not in cleaned and "\ufeff" not in cleaned and "\ud800" not in cleaned
    assert cleaned.endswith("中文")


def test_clean_line_collapses_whitespace() -> None:
    assert clean_line("  标题\n\n第二行\t\u3000 尾\xa0 ") == "标题 第二行 尾"
    assert clean_line("\x1b[2J\n") == ""


def test_scrub_surrogates_makes_text_encodable() -> None:
    from zonereader.text.sanitize import scrub_surrogates

    assert scrub_surrogates("a\ud800b\udfffc").encode("utf-8") == "a\ufffdb\ufffdc".encode()
    assert scrub_surrogates("中文") == "中文"
