"""Which list the article pane shows: zones, virtual nodes, topics and searches, as data.

A list is named by a key that is also what the app saves as the user's position:
``unread``, ``bookmarks``, ``all``, ``zone:PATH``, ``topic:NAME`` or ``search:QUERY``. A topic
is a saved search from the config: its key names it, and its query comes from the config.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from zonereader.models import ListQuery
from zonereader.text.query import And, Node, Or, QueryError, Words, parse_query
from zonereader.ui.layout import Column

UNREAD = "unread"
BOOKMARKS = "bookmarks"
ALL = "all"
ZONE_PREFIX = "zone:"
SEARCH_PREFIX = "search:"
TOPIC_PREFIX = "topic:"

VIRTUAL_TITLES = {UNREAD: "Unread", BOOKMARKS: "Bookmarks", ALL: "All"}

#: A run of letters, digits or ideographs: what a search matches.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class ListSpec:
    """One article list: its key, a title for the status line and its store query."""

    key: str
    title: str
    query: ListQuery

    @property
    def zone(self) -> str | None:
        """The zone path when this list is a zone, else None."""
        return self.query.zone if self.key.startswith(ZONE_PREFIX) else None

    @property
    def column(self) -> Column:
        """The list's extra column: the publishing zone in a zone, else the article's zone."""
        return Column.PUBLISHER if self.zone is not None else Column.ZONE

    @property
    def is_search(self) -> bool:
        """Whether this list holds search results."""
        return self.key.startswith(SEARCH_PREFIX)

    @property
    def topic(self) -> str | None:
        """The topic's name when this list is a topic, else None."""
        return self.key[len(TOPIC_PREFIX) :] if self.key.startswith(TOPIC_PREFIX) else None

    def effective(self, unread_only: bool) -> ListQuery:
        """The query to show, with the user's unread-only filter applied."""
        if unread_only and not self.query.unread_only:
            return replace(self.query, unread_only=True)
        return self.query

    def base(self) -> ListQuery:
        """The list without any unread filter: the order next/previous-unread walks in."""
        return replace(self.query, unread_only=False)


def zone_key(path: str) -> str:
    """Return the list key of a zone."""
    return ZONE_PREFIX + path


def search_key(text: str) -> str:
    """Return the list key of a search."""
    return SEARCH_PREFIX + text


def topic_key(name: str) -> str:
    """Return the list key of a topic."""
    return TOPIC_PREFIX + name


def spec_for_key(key: str, topics: Mapping[str, str] | None = None) -> ListSpec:
    """Return the list a key names; unknown keys (a topic no longer configured) give Unread.

    Args:
        key: A list key as saved in the user's position.
        topics: The configured topics, name -> query.
    """
    if key.startswith(TOPIC_PREFIX) and topics:
        name = key[len(TOPIC_PREFIX) :]
        query = topics.get(name)
        if query is not None:
            return ListSpec(key, f"Topic: {name}", ListQuery(topic=query))
    if key == BOOKMARKS:
        return ListSpec(key, VIRTUAL_TITLES[BOOKMARKS], ListQuery(bookmarks=True))
    if key == ALL:
        return ListSpec(key, VIRTUAL_TITLES[ALL], ListQuery())
    if key.startswith(ZONE_PREFIX) and len(key) > len(ZONE_PREFIX):
        path = key[len(ZONE_PREFIX) :]
        return ListSpec(key, path, ListQuery(zone=path))
    if key.startswith(SEARCH_PREFIX) and len(key) > len(SEARCH_PREFIX):
        text = key[len(SEARCH_PREFIX) :]
        return ListSpec(key, f"Search: {text}", ListQuery(search=text))
    return ListSpec(UNREAD, VIRTUAL_TITLES[UNREAD], ListQuery(unread_only=True))


def search_terms(text: str) -> list[str]:
    """The words a search looks for (not those under NOT), to highlight in what it found.

    A query that does not parse gives its words as typed.
    """
    try:
        tree = parse_query(text)
    except QueryError:
        return _WORD.findall(text)
    terms: list[str] = []
    stack: list[Node] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, And | Or):
            stack.extend(node.items)
        elif isinstance(node, Words):
            terms.extend(_WORD.findall(node.text))
    return terms


def empty_list_text(spec: ListSpec, *, unread_only: bool) -> str:
    """What the article list says when ``spec`` has no article to show."""
    if spec.topic is not None:
        return "No article matches this topic yet."
    if spec.is_search:
        return "No article matches this search. Esc goes back."
    if unread_only or spec.key == UNREAD:
        return "No unread articles here. u shows all."
    if spec.query.bookmarks:
        return "No bookmarks yet: b bookmarks the article under the cursor."
    return "No articles here."
