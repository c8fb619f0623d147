"""decode_body: BOM, header, meta/XML declaration, GBK as GB18030, strict fallbacks, detection."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from zonereader.text.decode import (
    BYTES_PER_REPAIR,
    MAX_REPAIRS,
    DecodeError,
    decode_body,
    normalise_encoding,
)

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
TEXT = "舟山高新技术产业园区发布时间来源，朱镕基与张喆调研开发区。"  # 镕 and 喆 are GBK-only


def page(charset_meta: str | None = None, body: str = TEXT) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">'
    return f"<html><head>{meta if charset_meta else ''}</head><body><p>{body}</p></body></html>"


def test_bom_wins_over_everything() -> None:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        decoded = decode_body(bom + page("gbk").encode(codec), "text/html; charset=gbk")
        assert (
            decoded.how == "bom" and TEXT in decoded.text and not decoded.text.startswith("\ufeff")
        )


def test_header_charset() -> None:
    decoded = decode_body(page().encode("gbk"), "text/html; charset=GBK")
    assert (decoded.encoding, decoded.how) == ("gb18030", "header")
    assert TEXT in decoded.text


def test_meta_charset_only_and_gb2312_read_as_gb18030() -> None:
    decoded = decode_body(page("gb2312").encode("gbk"), "text/html")
    assert (decoded.encoding, decoded.how) == ("gb18030", "meta")
    assert "朱镕基" in decoded.text and "张喆" in decoded.text


def test_html5_meta_charset() -> None:
    decoded = decode_body(f'<meta charset="GB2312"><p>{TEXT}'.encode("gb18030"))
    assert decoded.how == "meta" and TEXT in decoded.text


def test_xml_declaration() -> None:
    body = f'<?xml version="1.0" encoding="gb2312"?><rss><title>{TEXT}</title></rss>'
    decoded = decode_body(body.encode("gbk"), "application/rss+xml")
    assert (decoded.encoding, decoded.how) == ("gb18030", "xml")
    assert TEXT in decoded.text


def test_header_lies_utf8_over_gbk_meta_tells_truth() -> None:
    decoded = decode_body(page("gbk").encode("gbk"), "text/html; charset=utf-8")
    assert decoded.how == "meta" and TEXT in decoded.text


def test_everything_lies_gbk_detected() -> None:
    decoded = decode_body(page("utf-8").encode("gbk"), "text/html; charset=utf-8")
    assert (decoded.encoding, decoded.how) == ("gb18030", "detected")
    assert TEXT in decoded.text


def test_gbk_without_declaration_detected() -> None:
    decoded = decode_body(page().encode("gbk"))
    assert (decoded.encoding, decoded.how) == ("gb18030", "detected")
    assert TEXT in decoded.text


def test_declared_gbk_over_utf8_bytes_reads_utf8() -> None:
    # GB18030 decodes most UTF-8 bytes without error, into mojibake: that must not win
    decoded = decode_body(page("gbk").encode("utf-8"), "text/html; charset=gbk")
    assert decoded.encoding == "utf-8"
    assert TEXT in decoded.text


def test_latin1_label_over_gbk_bytes() -> None:
    decoded = decode_body(page().encode("gbk"), "text/html; charset=ISO-8859-1")
    assert decoded.encoding == "gb18030" and TEXT in decoded.text


def test_latin1_label_believed_for_latin1_text() -> None:
    decoded = decode_body("<p>Café crème</p>".encode("latin-1"), "text/html; charset=iso-8859-1")
    assert decoded.text == "<p>Café crème</p>"


def test_utf8_fallback_and_ascii() -> None:
    assert decode_body(page().encode("utf-8")).how == "fallback-utf-8"
    assert decode_body(b"plain").text == "plain"


def test_unknown_label_is_ignored() -> None:
    decoded = decode_body(page("x-no-such-charset").encode("utf-8"), "text/html; charset=bogus")
    assert decoded.how == "fallback-utf-8" and TEXT in decoded.text


def test_big5_detected() -> None:
    text = "臺灣經濟發展與產業園區的投資環境"
    decoded = decode_body(f"<p>{text}</p>".encode("big5"))
    assert decoded.how == "detected" and text in decoded.text


def test_garbage_raises_instead_of_mojibake() -> None:
    with pytest.raises(DecodeError, match="cannot decode"):
        decode_body(bytes(range(256)) * 4, "text/html; charset=utf-8")


def test_never_returns_replacement_characters() -> None:
    for name in PAGES.iterdir():
        decoded = decode_body(name.read_bytes())
        assert "\ufffd" not in decoded.text, name


def test_normalise_encoding() -> None:
    assert normalise_encoding("GB2312") == "gb18030"
    assert normalise_encoding("x-gbk") == "gb18030"
    assert normalise_encoding("UTF8") == "utf-8"
    assert normalise_encoding("utf-16", how="meta") == "utf-8"
    assert normalise_encoding("nope") is None


def test_a_few_broken_sequences_are_replaced_and_counted() -> None:
    # A CMS cut a related-news title in the middle of a character (…GBK lead byte, then "...").
    page = (
        "<html><head><meta charset=gb2312></head><body><p>园区召开招商引资推进会，签约项目12个。"
        * 40
    ).encode("gb18030")
    broken = page + "<li>相关：开发区".encode("gb18030") + b"\xc7...</li>" + page
    decoded = decode_body(broken)
    assert (decoded.encoding, decoded.how, decoded.repaired) == ("gb18030", "meta", 1)
    assert decoded.text.count("\ufffd") == 1 and "园区召开招商引资推进会" in decoded.text


def test_many_broken_sequences_are_not_repaired() -> None:
    page = "<meta charset=gbk><p>开发区新闻</p>".encode("gb18030")
    with pytest.raises(DecodeError):
        decode_body(page + b"\xc7." * 50)  # 50 broken sequences in 150 bytes


def _page_with_broken(size: int, broken: int) -> bytes:
    """A GBK page of ``size`` bytes (give or take a few) holding ``broken`` broken sequences
    (a lead byte followed by ``.``, as a CMS that cut a character in half leaves it)."""
    head = "<html><head><meta charset=gbk></head><body>".encode("gb18030")
    sentence = "<p>园区召开招商引资推进会，签约项目12个。</p>".encode("gb18030")
    body = head + sentence * ((size - len(head)) // len(sentence))
    return body + b"<p>\xc7.</p>" * broken


def test_the_repair_threshold_is_the_documented_one() -> None:
    # docs/feeds.md ("Character sets") promises these numbers to users.
    assert (BYTES_PER_REPAIR, MAX_REPAIRS) == (1000, 64)


@pytest.mark.parametrize(
    ("size", "allowed"),
    [(1_200, 1), (10_300, 10), (200_000, 64)],  # one per 1,000 bytes, at least 1, at most 64
)
def test_up_to_the_threshold_broken_sequences_are_replaced_past_it_refused(
    size: int, allowed: int
) -> None:
    page = _page_with_broken(size, allowed)
    assert max(1, min(MAX_REPAIRS, len(page) // BYTES_PER_REPAIR)) == allowed
    decoded = decode_body(page)
    assert (decoded.encoding, decoded.how, decoded.repaired) == ("gb18030", "meta", allowed)
    assert decoded.text.count("\ufffd") == allowed
    assert "园区召开招商引资推进会" in decoded.text
    with pytest.raises(DecodeError):
        decode_body(_page_with_broken(size, allowed + 1))
