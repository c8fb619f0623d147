"""Turn the bytes of a page or feed into text, the way Chinese portals need it.

Portals lie about their character sets: a header that says UTF-8 over GBK bytes, a GBK page with
no declaration at all, a GB2312 label on text that uses GBK-only characters. The rules (DESIGN §5):

1. a byte-order mark wins;
2. then the charset of the HTTP ``Content-Type`` header;
3. then ``<meta charset>`` / ``<meta http-equiv>`` and the XML declaration;
4. GB2312 and GBK are decoded as GB18030 (their superset);
5. a declared charset must decode the bytes *strictly*; when none does, strict UTF-8 is tried,
   then detection among the encodings Chinese sites use. Because GBK/GB18030 decode most UTF-8
   bytes without error (into mojibake), valid UTF-8 that reads as better Chinese than the declared
   legacy charset wins over the declaration (reported as ``"detected"``). A Latin-1/cp1252 label,
   which any bytes satisfy, is believed only when the bytes are neither UTF-8 nor CJK.

6. a page that no encoding decodes strictly, but that one of the encodings above decodes with
   only a few broken byte sequences (at most one per :data:`BYTES_PER_REPAIR` bytes, and
   :data:`MAX_REPAIRS` in all: a title a CMS cut in the middle of a character, a half
   character before an escaped quote), is decoded in that encoding with each broken sequence
   replaced by U+FFFD, and says how many it replaced (``Decoded.repaired``).

Otherwise nothing is decoded with replacement characters: when no encoding fits,
:class:`DecodeError` is raised rather than storing mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: Labels that name a subset of GB18030, or GB18030 itself.
_GB_LABELS = frozenset(
    {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80",
     "gb_2312", "csgb2312", "chinese", "iso-ir-58", "euc-cn", "euccn", "x-euc-cn"}
)  # fmt: skip
#: Single-byte labels that decode any byte string without error, so a strict decode proves nothing.
_PERMISSIVE = frozenset({"latin_1", "iso8859-1", "cp1252"})
#: What detection tries, in order of preference on a tie.
_DETECT = ("gb18030", "big5hkscs", "shift_jis", "euc_kr")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"'\s;,]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
#: How far into a document to look for a ``<meta>`` or XML declaration.
_PRESCAN = 8192

#: Character classes that score a detected decoding (see :func:`_plausibility`). Compiled on
#: first use: each wide Unicode class takes ~2 ms to compile, and most runs never detect.
_HAN = "[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]"
_KANA_HANGUL = "[\u3040-\u30ff\uac00-\ud7af]"
_RARE = "[\u0080-\u02ff\u0370-\u1fff\u2e80-\u2fff\u3100-\u33ff\u3400-\u4dbf\ue000-\uf8ff]"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and how it was chosen.

    ``how`` is one of ``"bom"``, ``"header"``, ``"meta"``, ``"xml"``, ``"fallback-utf-8"``,
    ``"detected"``. ``repaired`` counts the broken byte sequences replaced by U+FFFD (rule 6
    of the module docstring; 0 for every page that decodes strictly).
    """

    text: str
    encoding: str
    how: str
    repaired: int = 0


class DecodeError(ValueError):
    """No encoding decodes the bytes cleanly; the page is not stored rather than garbled."""


def decode_body(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page or feed body following the rules in this module's docstring.

    Args:
        body: The raw bytes as received.
        content_type: The HTTP ``Content-Type`` header, if any.

    Returns:
        The decoded text (a BOM removed) with the encoding's Python name, how it was chosen,
        and how many broken byte sequences were replaced by U+FFFD (rule 6; usually 0).

    Raises:
        DecodeError: no declared, fallback or detected encoding decodes the bytes strictly, nor
            with at most one broken sequence per :data:`BYTES_PER_REPAIR` bytes (at least one,
            at most :data:`MAX_REPAIRS`).
    """
    for bom, bom_encoding in _BOMS:
        if body.startswith(bom):
            try:
                return Decoded(body[len(bom) :].decode(bom_encoding), bom_encoding, "bom")
            except UnicodeDecodeError:
                break
    declared: list[tuple[str, str]] = []
    if content_type:
        header = _HEADER_CHARSET.search(content_type)
        if header:
            declared.append((header.group(1), "header"))
    head = body[:_PRESCAN]
    for how, found in (("xml", _XML_DECL.match(head)), ("meta", _META_CHARSET.search(head))):
        if found:
            declared.append((found.group(1).decode("ascii"), how))

    permissive: tuple[str, str] | None = None
    for label, how in declared:
        encoding = normalise_encoding(label, how)
        if encoding is None:
            continue
        if encoding in _PERMISSIVE:
            permissive = permissive or (encoding, how)
            continue
        text = _strict(body, encoding)
        if text is not None:
            if encoding != "utf-8" and not text.isascii():
                # Legacy multi-byte charsets decode most UTF-8 without error, as mojibake. Valid
                # UTF-8 that reads better than the declared charset is what the page is.
                utf8 = _strict(body, "utf-8")
                if utf8 is not None and _plausibility(utf8, "utf-8") > _plausibility(
                    text, encoding
                ):
                    return Decoded(utf8, "utf-8", "detected")
            return Decoded(text, encoding, how)
    text = _strict(body, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "fallback-utf-8")
    detected = _detect(body)
    if detected is not None:
        return detected
    if permissive is not None:
        # A Latin-1 label over bytes that are no CJK encoding: believe it.
        encoding, how = permissive
        return Decoded(body.decode(encoding, errors="strict"), encoding, how)
    repaired = _repaired(body, declared)
    if repaired is not None:
        return repaired
    raise DecodeError(
        "cannot decode the page: "
        + (
            ", ".join(f"{how} says {label!r}" for label, how in declared) + ", "
            if declared
            else "no charset declared, "
        )
        + "and it is neither UTF-8 nor a known Chinese encoding"
    )


#: A page may hold one broken byte sequence per this many bytes and still be decoded (rule 6).
BYTES_PER_REPAIR = 1000
#: ... and at most this many in all.
MAX_REPAIRS = 64


def _decode_counting(body: bytes, encoding: str, limit: int) -> tuple[str, int] | None:
    """Decode ``body`` replacing each broken sequence with U+FFFD: ``(text, how many)``, or
    None past ``limit`` of them. Each sequence costs one more pass over the rest of the body,
    so the work is bounded by ``limit`` passes."""
    pieces: list[str] = []
    position = 0
    count = 0
    while True:
        try:
            pieces.append(body[position:].decode(encoding))
        except UnicodeDecodeError as error:
            count += 1
            if count > limit:
                return None
            pieces.append(body[position : position + error.start].decode(encoding))
            pieces.append("\ufffd")
            position += error.end
        except LookupError:
            return None
        else:
            return "".join(pieces), count


def _repaired(body: bytes, declared: list[tuple[str, str]]) -> Decoded | None:
    """Rule 6: the first encoding (declared, then UTF-8, then GB18030) that decodes ``body``
    with few broken sequences."""
    limit = min(MAX_REPAIRS, max(1, len(body) // BYTES_PER_REPAIR))
    tried: list[tuple[str, str]] = []
    for label, how in declared:
        encoding = normalise_encoding(label, how)
        if encoding is not None and encoding not in _PERMISSIVE:
            tried.append((encoding, how))
    tried += [("utf-8", "fallback-utf-8"), ("gb18030", "detected")]
    seen: set[str] = set()
    for encoding, how in tried:
        if encoding in seen:
            continue
        seen.add(encoding)
        result = _decode_counting(body, encoding, limit)
        if result is None:
            continue
        text, count = result
        if count and (how != "detected" or _plausibility(text, encoding) > 0):
            return Decoded(text, encoding, how, repaired=count)
    return None


def normalise_encoding(label: str, how: str = "header") -> str | None:
    """Return the Python codec name for a charset label, or None when it is unknown.

    GB2312, GBK and their aliases map to GB18030. A ``<meta>`` that claims UTF-16 in an
    ASCII-compatible document means UTF-8 (as in the HTML standard).
    """
    label = label.strip().strip("\"'").lower()
    if label in _GB_LABELS:
        return "gb18030"
    if label in ("big5", "big5-hkscs", "x-x-big5", "cn-big5"):
        return "big5hkscs"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8" if how in ("meta", "xml") else name
    if name in ("gb2312", "gbk"):
        return "gb18030"
    if name in ("ascii", "us-ascii"):
        return "utf-8"  # a superset, and pages that say "ascii" rarely are
    return name


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(body: bytes) -> Decoded | None:
    """Pick the CJK encoding that decodes ``body`` strictly into the most plausible text."""
    best: tuple[float, str, str] | None = None
    for encoding in _DETECT:
        text = _strict(body, encoding)
        if text is None:
            continue
        score = _plausibility(text, encoding)
        if best is None or score > best[0]:
            best = (score, encoding, text)
    if best is None or best[0] <= 0:
        return None
    return Decoded(best[2], best[1], "detected")


def _plausibility(text: str, encoding: str) -> float:
    """Score decoded text: common Chinese characters count for it, rare blocks against it."""
    non_ascii = sum(1 for char in text if char > "\x7f")
    if not non_ascii:
        return 0.0
    good = len(re.findall(_HAN, text))
    if encoding in ("shift_jis", "euc_kr"):
        good += len(re.findall(_KANA_HANGUL, text))
    bad = len(re.findall(_RARE, text))
    return (good - 3 * bad) / non_ascii
