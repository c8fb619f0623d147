"""CJK bigram splitting: the text form the search index is built from (no SQLite here).

SQLite's ``unicode61`` tokenizer treats a run of Han characters as one long token, so text is
split before it reaches FTS5 (see :mod:`zonereader.store.search` for the index and queries):

* every run of CJK characters becomes its overlapping bigrams, followed by the run's last
  character on its own (``舟山高新`` -> ``舟山 山高 高新 新``); a one-character run is that
  character;
* everything else is left to ``unicode61`` (ASCII words, numbers; case-folded by FTS5);
* the text is NFKC-normalised first, so full-width ``５Ｇ`` equals ``5G``.

This module must stay deterministic: the index is contentless, and deleting an article's rows
recomputes its tokens with :func:`index_text`. Changing the splitting needs a migration that
rebuilds the index. It lives in the text layer, free of the store, so that parse helper
processes can split what they parse without loading SQLite.
"""

from __future__ import annotations

import operator
import re
import unicodedata

#: A regex character class (no brackets): Han ideographs (basic, extension A, compatibility,
#: supplementary planes), kana and hangul.
CJK_CLASS = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0002ffff\U00030000-\U0003134f"
)

#: Text split at CJK runs: ``[other, run, other, run, ..., other]``.
_CJK_SPLIT = re.compile(f"([{CJK_CLASS}]+)")
#: Full-width ASCII forms (and the ideographic space), mapped to what NFKC makes of them.
_FULL_WIDTH = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = " "
#: The same, keyed by character, for :data:`_FULL_WIDTH_RE` (faster than ``str.translate`` on
#: long Chinese text, where these characters are few and far between).
_FULL_WIDTH_CHARS = {chr(code): text for code, text in _FULL_WIDTH.items()}
_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")


def _nfkc(text: str) -> str:
    """Return ``unicodedata.normalize("NFKC", text)``, faster for typical Chinese text.

    Most text is already NFKC (a cheap check), or only its full-width punctuation is not: those
    characters are replaced by their compatibility decompositions first, which never changes
    the NFKC result, and the full normalisation runs only if something else remains.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = _FULL_WIDTH_RE.sub(_full_width_replacement, text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def _full_width_replacement(match: re.Match[str]) -> str:
    return _FULL_WIDTH_CHARS[match.group()]


def index_text(text: str) -> str:
    """Return ``text`` prepared for the bigram FTS5 index.

    Args:
        text: title or body text, any mix of Chinese and other scripts.

    Returns:
        The text with every CJK run replaced by its bigrams (plus its final character),
        separated from neighbouring words by spaces.
    """
    if not text:
        return ""
    parts = _CJK_SPLIT.split(_nfkc(text))
    add = operator.add
    for index in range(1, len(parts), 2):
        run = parts[index]
        if len(run) == 1:
            parts[index] = f" {run} "
        else:
            parts[index] = f" {' '.join(map(add, run, run[1:]))} {run[-1]} "
    return "".join(parts)
