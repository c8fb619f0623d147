"""Full-text search for Chinese: text pre-split into CJK bigrams for an FTS5 ``unicode61`` index.

SQLite's ``unicode61`` tokenizer treats a run of Han characters as one long token, and the
``trigram`` tokenizer cannot match queries shorter than three characters (on SQLite 3.40 it
returns zero rows for them, without an error). So text is split before it reaches FTS5:

* every run of CJK characters becomes its overlapping bigrams, followed by the run's last
  character on its own (``舟山高新`` -> ``舟山 山高 高新 新``); a one-character run is that
  character;
* everything else is left to ``unicode61`` (ASCII words, numbers; case-folded by FTS5);
* both the text and the query are NFKC-normalised first, so full-width ``５Ｇ`` equals ``5G``.

A query is split the same way and becomes, per whitespace-separated term, an FTS5 phrase of
consecutive tokens (terms are ANDed). A CJK run of two or more characters is its bigrams, so a
match is exactly a substring match inside a run. A one-character CJK run is a prefix token
(``区*`` matches every bigram starting with 区 and the run-final 区), so single characters are
found without a table scan. The last ASCII word of a term is a prefix too, so ``GD`` finds
``GDP``. Limitation: an ASCII word is otherwise matched whole (``DP`` does not find ``GDP``).

This module must stay deterministic: the index is contentless, and deleting an article's rows
recomputes its tokens with :func:`index_text`. Changing the splitting needs a migration that
rebuilds the index.
"""

from __future__ import annotations

import operator
import re
import unicodedata

#: Han ideographs (basic, extension A, compatibility, supplementary planes), kana and hangul.
_CJK = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0002ffff\U00030000-\U0003134f"
)
#: A query term's pieces: a CJK run, or an FTS5 "word" (letters and digits, no underscore).
_PIECE = re.compile(f"(?P<cjk>[{_CJK}]+)|(?P<word>[^\\W_{_CJK}]+)")
#: Between query terms: whitespace and punctuation (after NFKC, full-width forms are ASCII).
_TERM_SPLIT = re.compile(r"[\W_]+")


#: Text split at CJK runs: ``[other, run, other, run, ..., other]``.
_CJK_SPLIT = re.compile(f"([{_CJK}]+)")
#: Full-width ASCII forms (and the ideographic space), mapped to what NFKC makes of them.
_FULL_WIDTH = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = " "


def _nfkc(text: str) -> str:
    """Return ``unicodedata.normalize("NFKC", text)``, faster for typical Chinese text.

    Most text is already NFKC (a cheap check), or only its full-width punctuation is not: those
    characters are replaced by their compatibility decompositions first, which never changes
    the NFKC result, and the full normalisation runs only if something else remains.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = text.translate(_FULL_WIDTH)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


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


def article_index_texts(title: str, paragraphs: list[str]) -> dict[str, str]:
    """Return ``{text: index_text(text)}`` for an article's title and body.

    A sync computes this where it parses (a helper process) and hands it to
    :meth:`zonereader.store.Store.upsert_articles`, so the writer only looks the texts up.
    Keyed by the text itself, a stale entry can never be used for another text.
    """
    body = "\n".join(paragraphs)
    return {title: index_text(title), body: index_text(body)}


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _term_expression(term: str) -> str | None:
    """Return the FTS5 phrase for one whitespace-free query term, or None if it has no tokens."""
    pieces = [(m.lastgroup, m.group(0)) for m in _PIECE.finditer(term)]
    if not pieces:
        return None
    tokens: list[str] = []
    last = len(pieces) - 1
    for index, (kind, text) in enumerate(pieces):
        if kind == "word":
            tokens.append(_quote(text) + ("*" if index == last else ""))
        elif len(text) == 1:
            # A lone character: at the end of a term or before a word it may be the start of
            # any bigram in the text, or a run's final character: a prefix token finds both.
            tokens.append(_quote(text) + "*")
        else:
            grams = [text[i : i + 2] for i in range(len(text) - 1)]
            if index != last:
                # Something follows inside the term: the text's run ended here, so its final
                # character stands alone right before the next word.
                grams.append(text[-1])
            tokens.extend(_quote(gram) for gram in grams)
    return " + ".join(tokens)


def fts_query(query: str) -> str | None:
    """Translate a user's search text into an FTS5 MATCH expression for the bigram index.

    Whitespace and punctuation separate terms; every term must match (AND), each as a
    phrase of consecutive tokens.

    Args:
        query: what the user typed, e.g. ``舟山 5G基站``.

    Returns:
        The MATCH expression, or None when the query holds nothing searchable.
    """
    normalised = unicodedata.normalize("NFKC", query)
    expressions = [
        expression
        for term in _TERM_SPLIT.split(normalised)
        if term and (expression := _term_expression(term)) is not None
    ]
    if not expressions:
        return None
    return " AND ".join(f"({expression})" for expression in expressions)


#: Article ids take the low 28 bits of a search rowid (268 million articles).
ROWID_ID_BITS = 28
ROWID_ID_MASK = (1 << ROWID_ID_BITS) - 1
#: Sort keys (epoch seconds) must fit beside the id in a signed 64-bit rowid.
_MAX_SORT_TS = (1 << (62 - ROWID_ID_BITS)) - 1


def search_rowid(sort_ts: int, article_id: int) -> int:
    """Return the FTS5 rowid of an article: ascending rowid order is list order.

    Lists run newest first, ties by id newest first, so the rowid is the negated
    ``(sort_ts, article_id)`` key packed into one integer. The index then yields matches
    already in list order: a page is an index walk that stops after ``offset + limit`` rows.

    Args:
        sort_ts: the article's list key (published or first seen), epoch seconds.
        article_id: the article's id, below ``2**28``.
    """
    if not 0 < article_id <= ROWID_ID_MASK:
        raise ValueError(f"article id {article_id} out of range for the search index")
    clamped = max(-_MAX_SORT_TS, min(_MAX_SORT_TS, sort_ts))
    return -((clamped << ROWID_ID_BITS) | article_id)
