"""The query language of searches and topics, parsed into a tree (pure: no SQLite, no clock).

What a person types in the search prompt, in ``zonereader search`` and in a topic's ``query``::

    半导体 zone:长三角                 words, and filters; a space means AND
    "数字 经济" OR 数字化 NOT 舟山      phrases in quotes, OR, NOT
    (签约 OR 开工) zone:舟山 after:2024-01-01 unread

* A word is matched as text: Chinese of any length (an exact substring: 2 characters are enough),
  ASCII words from their start; punctuation inside a word separates its parts, which must all
  match. ``"..."`` is a phrase: its parts must follow each other.
* ``AND``, ``OR``, ``NOT`` (upper case) and parentheses combine terms; ``NOT`` binds tightest,
  then AND (also written as a space), then OR. Quote them (``"OR"``) to search for the word.
* Filters: ``zone:`` (a zone path, or any unique ending of one), ``source:``, ``origin:``
  (来源), ``publisher:`` (发布开发区), ``after:YYYY-MM-DD`` (on or after that day),
  ``before:YYYY-MM-DD`` (before that day), and the words ``unread`` and ``bookmarked``. A
  filter's value may be quoted: ``source:"My feed"``.

:func:`parse_query` returns the tree or raises :class:`QueryError`, whose message is one line
saying what is wrong and where. Hostile input is bounded before any work: the length, the
number of terms and the nesting depth. Control characters count as spaces. Full-width
parentheses, quotes and colons (``（ ）“ ” ：``, as a Chinese input method types them) are
read as their ASCII forms. The store compiles the tree to SQL.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

#: Longest query accepted, in characters (a saved topic OR-ing dozens of zones fits easily).
MAX_QUERY_CHARS = 2000
#: Most words, phrases and filters in one query.
MAX_TERMS = 100
#: Deepest nesting of parentheses and NOTs (the parser recurses once per level).
MAX_DEPTH = 20
#: Characters of the query quoted back in an error message, around the place it points at.
_EXCERPT_CHARS = 24


class QueryError(ValueError):
    """A query that cannot be understood; ``str()`` is one line saying what and where.

    Attributes:
        reason: what is wrong, e.g. ``'(' is never closed``.
        position: the 0-based index in the query where it is wrong.
    """

    def __init__(self, reason: str, position: int, query: str = "") -> None:
        self.reason = reason
        self.position = max(0, position)
        self.query = query
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"at character {self.position + 1}"
        excerpt = _excerpt(self.query, self.position)
        if excerpt:
            where += f", near {excerpt}"
        return f"{self.reason} ({where})"


class Field(enum.StrEnum):
    """A filter of the ``name:value`` form."""

    ZONE = "zone"
    SOURCE = "source"
    ORIGIN = "origin"
    PUBLISHER = "publisher"
    AFTER = "after"
    BEFORE = "before"


class Flag(enum.StrEnum):
    """A filter written as one word."""

    UNREAD = "unread"
    BOOKMARKED = "bookmarked"


@dataclass(frozen=True, slots=True)
class Words:
    """Text to find: a bare word (its parts ANDed) or a quoted phrase (its parts in a row)."""

    text: str
    phrase: bool = False
    position: int = 0


@dataclass(frozen=True, slots=True)
class FieldTerm:
    """A ``name:value`` filter; ``day`` is the parsed date of ``after:`` and ``before:``."""

    field: Field
    value: str
    position: int = 0
    day: date | None = None


@dataclass(frozen=True, slots=True)
class FlagTerm:
    """``unread`` or ``bookmarked``."""

    flag: Flag
    position: int = 0


@dataclass(frozen=True, slots=True)
class And:
    """Every item must hold (two or more items)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one item must hold (two or more items)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The item must not hold."""

    item: Node


#: A parsed query.
Node = Words | FieldTerm | FlagTerm | And | Or | Not

_FIELDS = {field.value: field for field in Field}
_FLAGS = {flag.value: flag for flag in Flag}
_OPERATORS = frozenset({"AND", "OR", "NOT"})

#: Full-width forms a Chinese input method types, read as their ASCII selves (one character
#: each, so positions in messages stay those of what was typed).
_FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "“": '"', "”": '"', "＂": '"'})
#: Control characters (C0, DEL, C1) and bidi controls: read as spaces.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
#: Something worth searching for: a letter, digit or ideograph (after NFKC).
_SEARCHABLE = re.compile(r"[^\W_]")
#: A filter name: ASCII letters followed by a colon, at the start of a word.
_FIELD_PREFIX = re.compile(r"([A-Za-z]+):")
#: Dates of ``after:`` and ``before:``: ``2024-01-31``, ``2024/1/31`` or ``2024.01.31``.
_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")


class _Kind(enum.Enum):
    OPEN = "("
    CLOSE = ")"
    WORDS = "words"
    PHRASE = "phrase"
    FIELD = "field"
    FLAG = "flag"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    END = "end"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    position: int
    text: str = ""
    node: Node | None = None


def normalise_query(text: str) -> str:
    """Return ``text`` as the parser reads it: controls as spaces, full-width syntax as ASCII.

    The result has the same length as ``text``, so positions point at what was typed.
    """
    return _CONTROLS.sub(" ", text).translate(_FULL_WIDTH)


def is_searchable(text: str) -> bool:
    """Whether ``text`` holds a letter, digit or ideograph to search for."""
    return _SEARCHABLE.search(unicodedata.normalize("NFKC", text)) is not None


def parse_query(text: str) -> Node:
    """Parse a search or topic query.

    Args:
        text: what the person typed.

    Returns:
        The query as a tree of :data:`Node`; And/Or nodes are flattened (no And directly in
        an And), and hold two items or more.

    Raises:
        QueryError: the query is empty, too long or too complex, or malformed; the message
            says where.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})",
            MAX_QUERY_CHARS,
        )
    normalised = normalise_query(text)
    tokens = _tokenise(normalised)
    terms = sum(1 for token in tokens if token.node is not None)
    if terms > MAX_TERMS:
        position = [t.position for t in tokens if t.node is not None][MAX_TERMS]
        raise QueryError(
            f"the query has too many terms ({terms}; at most {MAX_TERMS})", position, normalised
        )
    if tokens[0].kind is _Kind.END:
        raise QueryError("the query is empty: type words to find, or filters", 0, normalised)
    return _Parser(tokens, normalised).parse()


# --------------------------------------------------------------------------- tokens


def _tokenise(text: str) -> list[_Token]:
    """Split the (normalised) query into tokens, ending with an END token."""
    tokens: list[_Token] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            index += 1
        elif char == "(":
            tokens.append(_Token(_Kind.OPEN, index))
            index += 1
        elif char == ")":
            tokens.append(_Token(_Kind.CLOSE, index))
            index += 1
        elif char == '"':
            value, end = _quoted(text, index)
            if not is_searchable(value):
                raise QueryError("this phrase holds nothing to search for", index, text)
            tokens.append(_Token(_Kind.PHRASE, index, value, Words(value, True, index)))
            index = end
        else:
            end = index
            while end < length and not text[end].isspace() and text[end] not in '()"':
                end += 1
            token, end = _word(text, index, end)
            if token is not None:
                tokens.append(token)
            index = end
    tokens.append(_Token(_Kind.END, length))
    return tokens


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text of the quote opening at ``start`` and the index after its closing quote."""
    close = text.find('"', start + 1)
    if close < 0:
        raise QueryError('this quote (") is never closed', start, text)
    return text[start + 1 : close], close + 1


def _word(text: str, start: int, end: int) -> tuple[_Token | None, int]:
    """Read the word ``text[start:end]``: an operator, a flag, a filter or words to find.

    Returns the token (None for a word with nothing to search for, such as lone punctuation)
    and where the next token starts (after a filter's quoted value, if it has one).
    """
    word = text[start:end]
    if word in _OPERATORS:
        return _Token(_Kind[word], start, word), end
    flag = _FLAGS.get(word)
    if flag is not None:
        return _Token(_Kind.FLAG, start, word, FlagTerm(flag, start)), end
    prefix = _FIELD_PREFIX.match(word)
    if prefix is not None:
        name = prefix.group(1).lower()
        field = _FIELDS.get(name)
        if field is None:
            names = ", ".join(f"{f.value}:" for f in Field)
            raise QueryError(
                f"unknown filter '{prefix.group(1)}:' (filters are {names}, unread and "
                "bookmarked; quote the word to search for it)",
                start,
                text,
            )
        value = word[prefix.end() :]
        if not value and end < len(text) and text[end] == '"':
            value, end = _quoted(text, end)
        return _Token(_Kind.FIELD, start, word, _field_term(field, value, start, text)), end
    if not is_searchable(word):
        return None, end
    return _Token(_Kind.WORDS, start, word, Words(word, False, start)), end


def _field_term(field: Field, value: str, position: int, text: str) -> FieldTerm:
    """Check a filter's value and build its term."""
    value = value.strip()
    if field is Field.ZONE:
        value = value.strip("/")
    if not value:
        raise QueryError(f"'{field.value}:' needs a value, e.g. {_EXAMPLES[field]}", position, text)
    if field in (Field.AFTER, Field.BEFORE):
        return FieldTerm(field, value, position, _day(field, value, position, text))
    return FieldTerm(field, value, position)


_EXAMPLES = {
    Field.ZONE: "zone:舟山",
    Field.SOURCE: "source:zhoushan",
    Field.ORIGIN: "origin:舟山日报",
    Field.PUBLISHER: "publisher:舟山高新区",
    Field.AFTER: "after:2024-01-31",
    Field.BEFORE: "before:2024-01-31",
}


def _day(field: Field, value: str, position: int, text: str) -> date:
    match = _DATE.fullmatch(value)
    problem = f"'{field.value}:' expects a date such as 2024-01-31, not {value!r}"
    if match is None:
        raise QueryError(problem, position, text)
    try:
        return date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    except ValueError:
        raise QueryError(problem, position, text) from None


# --------------------------------------------------------------------------- grammar


class _Parser:
    """Recursive descent over the tokens; each level of nesting is bounded by MAX_DEPTH.

    ::

        query   := or_expr END
        or_expr := and_expr ("OR" and_expr)*
        and_expr:= unary (["AND"] unary)*
        unary   := "NOT" unary | primary
        primary := "(" or_expr ")" | WORDS | PHRASE | FIELD | FLAG
    """

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def error(self, reason: str, token: _Token | None = None) -> QueryError:
        return QueryError(reason, (token or self.current).position, self.text)

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.current
        if token.kind is _Kind.CLOSE:
            raise self.error("')' has no '(' before it")
        if token.kind is not _Kind.END:  # cannot happen: every other token starts a term
            raise self.error("unexpected text")
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.current.kind is _Kind.OR:
            operator = self.current
            self.index += 1
            self.expect_term(operator)
            items.append(self.and_expr())
        return _combine(Or, items)

    def and_expr(self) -> Node:
        items = [self.unary()]
        while True:
            kind = self.current.kind
            if kind is _Kind.AND:
                operator = self.current
                self.index += 1
                self.expect_term(operator)
            elif kind in (_Kind.END, _Kind.CLOSE, _Kind.OR):
                break
            items.append(self.unary())
        return _combine(And, items)

    def unary(self) -> Node:
        token = self.current
        if token.kind is _Kind.NOT:
            self.index += 1
            self.expect_term(token)
            with _Deeper(self, token):
                return Not(self.unary())
        return self.primary()

    def primary(self) -> Node:
        token = self.current
        if token.kind is _Kind.OPEN:
            self.index += 1
            inside = self.current.kind
            if inside is _Kind.CLOSE:
                raise self.error("empty parentheses", token)
            if inside is _Kind.END:
                raise self.error("'(' is never closed", token)
            with _Deeper(self, token):
                node = self.or_expr()
            closing = self.current
            if closing.kind is not _Kind.CLOSE:
                raise self.error("'(' is never closed", token)
            self.index += 1
            return node
        if token.node is not None:
            self.index += 1
            return token.node
        if token.kind in (_Kind.AND, _Kind.OR):
            raise self.error(f"'{token.text}' needs a term before it")
        if token.kind is _Kind.CLOSE:
            raise self.error("')' has no '(' before it")
        raise self.error("a term is missing here")

    def expect_term(self, operator: _Token) -> None:
        """After AND, OR or NOT, a term must follow."""
        kind = self.current.kind
        if kind in (_Kind.END, _Kind.CLOSE, _Kind.AND, _Kind.OR):
            raise self.error(f"'{operator.text}' needs a term after it", operator)


class _Deeper:
    """One more level of nesting, refused past MAX_DEPTH."""

    def __init__(self, parser: _Parser, token: _Token) -> None:
        self.parser = parser
        self.token = token

    def __enter__(self) -> None:
        self.parser.depth += 1
        if self.parser.depth > MAX_DEPTH:
            raise self.parser.error(
                f"the query nests parentheses or NOTs more than {MAX_DEPTH} deep", self.token
            )

    def __exit__(self, *exc: object) -> None:
        self.parser.depth -= 1


def _combine(kind: type[And] | type[Or], items: list[Node]) -> Node:
    """One node for ``items``: the item itself, or an And/Or with nested ones flattened."""
    if len(items) == 1:
        return items[0]
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


def _excerpt(text: str, position: int) -> str:
    """A short, quoted piece of ``text`` starting at ``position`` (empty past its end)."""
    piece = " ".join(text[position : position + _EXCERPT_CHARS].split())
    if not piece:
        return ""
    if position + _EXCERPT_CHARS < len(text):
        piece += "…"
    return f"'{piece}'"


def iter_terms(node: Node) -> list[Words | FieldTerm | FlagTerm]:
    """Every leaf of ``node``, left to right (an explicit stack: no recursion)."""
    leaves: list[Words | FieldTerm | FlagTerm] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, And | Or):
            stack.extend(reversed(current.items))
        elif isinstance(current, Not):
            stack.append(current.item)
        else:
            leaves.append(current)
    return leaves
