"""Make untrusted text from the web safe to show in a terminal.

Article titles and bodies come from strangers. A terminal interprets escape sequences (an
``ESC]0;`` retitles the window, CSI sequences move the cursor or recolour the screen), bidi
controls make text read differently from what it holds, and zero-width characters hide text or
make two equal-looking titles differ. Everything that is shown goes through :func:`clean_text`
(multi-line text) or :func:`clean_line` (one line). Chinese text, ordinary punctuation, emoji and
the full-width space are kept as they are.

Code points that no encoder accepts (lone surrogates, which a JSON ``\\ud800`` escape or an XML
``&#xD800;`` reference can produce) are replaced with U+FFFD by :func:`scrub_surrogates`, which
every cleaner applies, so such text never reaches an encoder.

The zero-width joiner (U+200D) is removed from bodies too, not only from titles. It glues emoji
into one picture (👨‍👩‍👧), but terminals disagree on how wide such a sequence is, and a width
guessed wrong shifts every column after it on the line; without the joiner the same emoji show
one after the other, and nothing is hidden.
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

#: Bidi controls: the Arabic letter mark, LRM/RLM, the embeddings and overrides, the isolates.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Invisible formatting characters: zero-width space, non-joiner and joiner, word joiner and
#: the invisible operators, the Mongolian vowel separator, the deprecated format characters,
#: the byte-order mark (used as a zero-width no-break space), interlinear annotation marks and
#: the tag characters (which can carry hidden ASCII).
INVISIBLE_FORMAT = (
    "\u200b-\u200d\u2060-\u2064\u180e\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0001\U000e0020-\U000e007f"
)
#: C0 controls except tab and newline, DEL, and the C1 controls.
_CONTROL_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f"

# What is left to drop once the sequences are gone.
_CONTROLS = re.compile(f"[{_CONTROL_CHARS}{BIDI_CONTROLS}{INVISIBLE_FORMAT}]")
_SURROGATES = re.compile("[\ud800-\udfff]")

# Anything clean_text would change; without it, the text is returned as it is (the fast path).
_UNSAFE = re.compile(
    f"[{_CONTROL_CHARS}{BIDI_CONTROLS}{INVISIBLE_FORMAT}\ud800-\udfff\u2028\u2029]"
)
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"\s+")


def scrub_surrogates(text: str) -> str:
    """Return ``text`` with every lone surrogate (U+D800-U+DFFF) replaced by U+FFFD.

    Python strings can hold them (from ``\\ud800`` in JSON, or a ``&#xD800;`` reference), but
    no encoder accepts them: UTF-8 raises. Call this before encoding text that did not go
    through :func:`clean_text` (URLs, digests).
    """
    if text.isascii() or _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub("\ufffd", text)


def clean_text(text: str) -> str:
    """Return ``text`` without escape sequences, control and invisible formatting characters.

    Line breaks (``\\r\\n``, ``\\r``, U+2028, U+2029, NEL) become ``\\n``; tabs and newlines are
    kept; every other C0 or C1 control, every ANSI/VT escape sequence with its payload, NUL, the
    bidi controls (U+061C, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069) and the zero-width and
    other invisible formatting characters (U+200B-U+200D, U+2060-U+2064, U+180E, U+FEFF...)
    are removed; lone surrogates become U+FFFD.

    Args:
        text: Untrusted text.

    Returns:
        The text, safe to print, encode or put in a widget.
    """
    if not text or _UNSAFE.search(text) is None:
        return text
    text = _NEWLINES.sub("\n", text)
    text = _ESCAPES.sub("", text)
    return scrub_surrogates(_CONTROLS.sub("", text))


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
