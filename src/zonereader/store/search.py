"""Full-text search for Chinese: an FTS5 ``unicode61`` index over text pre-split into bigrams.

SQLite's ``unicode61`` tokenizer treats a run of Han characters as one long token, and the
``trigram`` tokenizer cannot match queries shorter than three characters (on SQLite 3.40 it
returns zero rows for them, without an error). So titles and bodies are split into CJK bigrams
before they reach FTS5, by :func:`zonereader.text.bigrams.index_text`.

A query is split the same way (NFKC first, so full-width ``５Ｇ`` equals ``5G``) and becomes,
per whitespace-separated term, an FTS5 phrase of consecutive tokens (terms are ANDed). A CJK
run of two or more characters is its bigrams, so a match is exactly a substring match inside a
run. A one-character CJK run is a prefix token (``区*`` matches every bigram starting with 区
and the run-final 区), so single characters are found without a table scan. The last ASCII
word of a term is a prefix too, so ``GD`` finds ``GDP``. Limitation: an ASCII word is
otherwise matched whole (``DP`` does not find ``GDP``).
"""

from __future__ import annotations

import re
import unicodedata

from zonereader.text.bigrams import CJK_CLASS as _CJK

#: A query term's pieces: a CJK run, or an FTS5 "word" (letters and digits, no underscore).
_PIECE = re.compile(f"(?P<cjk>[{_CJK}]+)|(?P<word>[^\\W_{_CJK}]+)")
#: Between query terms: whitespace and punctuation (after NFKC, full-width forms are ASCII).
_TERM_SPLIT = re.compile(r"[\W_]+")


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


def phrase_query(text: str) -> str | None:
    """Translate a quoted phrase into one FTS5 phrase: all its tokens, one after the other.

    Whitespace and punctuation inside the phrase end a CJK run (as they do in indexed text), so
    ``"产业 园区"`` finds 产业 and 园区 separated by a space or a comma, not 产业园区.

    Returns:
        The MATCH expression, or None when the phrase holds nothing searchable.
    """
    return _term_expression(unicodedata.normalize("NFKC", text))


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
    return -((clamp_sort_ts(sort_ts) << ROWID_ID_BITS) | article_id)


def clamp_sort_ts(sort_ts: int) -> int:
    """``sort_ts`` within what a search rowid can hold (years 1475 to 2514, about)."""
    return max(-_MAX_SORT_TS, min(_MAX_SORT_TS, sort_ts))
