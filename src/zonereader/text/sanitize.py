"""Make untrusted text from the web safe to show in a terminal.

Article titles and bodies come from strangers. A terminal interprets escape sequences (an
``ESC]0;`` retitles the window, CSI sequences move the cursor or recolour the screen), and bidi
controls can make text read differently from what it holds. Everything that is shown goes through
:func:`clean_text` (multi-line text) or :func:`clean_line` (one line). Chinese text, ordinary
punctuation, emoji and the full-width space are kept as they are.
"""

from __future__ import annotations

import re

# Escape sequences, longest forms first so that their payload goes with them:
#   OSC/DCS/SOS/PM/APC strings (ESC ] ... BEL|ST, ESC P ... ST, ESC X/^/_ ... ST), in 7-bit and
#   C1 (0x90, 0x98, 0x9d, 0x9e, 0x9f) forms; an unterminated one runs to the end of its line;
#   CSI sequences (ESC [ or 0x9b, parameters, intermediates, a final byte);
#   any other two- or three-character ESC sequence (ESC ( B, ESC 7, ESC c ...).
_ESCAPES = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)

# What is left to drop once the sequences are gone: C0 controls except \t and \n, DEL, C1
# controls, bidi embeddings/overrides/isolates and marks, the byte-order mark used as a
# zero-width space, and lone surrogates (they cannot be encoded for a terminal).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)

# Anything clean_text would change; without it, the text is returned as it is (the fast path).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff\u2028\u2029]"
)
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Return ``text`` without escape sequences and control characters.

    Line breaks (``\\r\\n``, ``\\r``, U+2028, U+2029, NEL) become ``\\n``; tabs and newlines are
    kept; every other C0 or C1 control, every ANSI/VT escape sequence with its payload, NUL,
    and the bidi controls U+200E/U+200F, U+202A-U+202E and U+2066-U+2069 are removed.

    Args:
        text: Untrusted text.

    Returns:
        The text, safe to print or put in a widget.
    """
    if not text or _UNSAFE.search(text) is None:
        return text
    text = _NEWLINES.sub("\n", text)
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str, limit: int | None = None) -> str:
    """Return ``text`` cleaned as by :func:`clean_text`, on one line.

    Every run of whitespace (newlines, tabs, full-width and no-break spaces included) becomes one
    ordinary space, and the ends are stripped.

    Args:
        text: Untrusted text.
        limit: At most this many characters (a longer line is cut and ends with ``…``); None
            keeps it whole.
    """
    line = _SPACES.sub(" ", clean_text(text)).strip()
    if limit is not None and len(line) > limit:
        return line[: limit - 1] + "…"
    return line
