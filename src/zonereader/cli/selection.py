"""Which articles a command acts on: ids or URLs, a zone, a topic; and query errors as one line.

Shared by ``bookmark``, ``mark``, ``topic``, ``digest`` and ``prune``. Zone names are resolved
by the store (a path, or a unique ending of one, as ``zone:`` in a query); topics come from the
config.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zonereader.cli.common import EXIT_USAGE, CommandError
from zonereader.config import Config, TopicConfig
from zonereader.models import ListQuery
from zonereader.text.query import QueryError
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

if TYPE_CHECKING:
    from zonereader.store import Store


@contextmanager
def query_errors(what: str) -> Iterator[None]:
    """Report a :class:`QueryError` raised inside as ``what: reason (where)``, exit code 2."""
    try:
        yield
    except QueryError as exc:
        raise CommandError(f"{what}: {clean_line(str(exc))}", EXIT_USAGE) from exc


def topic_named(config: Config, name: str, command: str) -> TopicConfig:
    """The configured topic called ``name``.

    Raises:
        CommandError: there is none (exit 2), naming the topics there are.
    """
    topic = config.topic(name.strip())
    if topic is None:
        known = ", ".join(t.name for t in config.topics) or "none configured"
        raise CommandError(f"{command}: no topic called {name.strip()!r} (topics: {known})")
    return topic


def zone_query(store: Store, zone: str, command: str) -> tuple[str, ListQuery]:
    """The zone ``zone`` names (a path or a unique ending of one) and its list.

    Raises:
        CommandError: no zone or several zones match (exit 2).
    """
    with query_errors(f"{command}: --zone"):
        path = store.zone_path(zone)
    return path, ListQuery(zone=path)


def topic_query(topic: TopicConfig) -> ListQuery:
    """The list of a topic (from the topic index when it is up to date)."""
    return ListQuery(topic=topic.query)


@dataclass(frozen=True, slots=True)
class Found:
    """Articles named on the command line: the ids found, and what was not found."""

    ids: list[int]
    missing: list[str]


def find_articles(store: Store, targets: Iterable[str]) -> Found:
    """Look up articles by id (digits) or URL (made canonical), in the order given.

    Duplicates are kept once; what is not cached is listed in ``missing`` as given.
    """
    ids: dict[int, None] = {}
    missing: list[str] = []
    for target in targets:
        text = target.strip()
        if text.isdigit():
            stored = store.article(int(text))
        else:
            try:
                url = canonical_url(text)
            except ValueError:
                url = ""
            stored = store.article_by_url(url) if url else None
        if stored is None:
            missing.append(text)
        else:
            ids[stored.id] = None
    return Found(list(ids), missing)
