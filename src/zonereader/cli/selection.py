"""Which articles a command acts on: ids or URLs, a zone, a topic; and query errors as one line.

Shared by ``bookmark``, ``mark``, ``topic``, ``digest`` and ``prune``. Zone names are resolved
by the store (a path, or a unique ending of one, as ``zone:`` in a query); topics come from the
config.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zonereader.cli.common import EXIT_USAGE, CommandError
from zonereader.config import Config, TopicConfig
from zonereader.models import ListQuery, StoredArticle
from zonereader.sources.feed_identity import link_identity
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


def url_identities(text: str) -> list[str]:
    """The identities an article named by the URL ``text`` may be stored under, most exact
    first: ``text`` as given (an identity as ``zonereader list`` prints it), the URL made
    canonical with its ``#fragment`` kept (how a sync names a feed entry whose link it shares
    with others: ``…/2004/06/index.html#a000134``, ``…#zr-…``), then without it (every other
    article: a fragment points into a page, it does not name another)."""
    candidates = [text]
    with suppress(ValueError):  # not a URL the parser accepts: as given and canonical only
        candidates.append(link_identity(text))
    candidates.append(canonical_url(text))
    return [url for url in dict.fromkeys(candidates) if url]


def article_by_url(store: Store, text: str) -> StoredArticle | None:
    """The cached article the URL ``text`` names (see :func:`url_identities`), or None."""
    for url in url_identities(text):
        stored = store.article_by_url(url)
        if stored is not None:
            return stored
    return None


def find_articles(store: Store, targets: Iterable[str]) -> Found:
    """Look up articles by id (digits) or URL (made canonical), in the order given.

    Duplicates are kept once; what is not cached is listed in ``missing`` as given.
    """
    ids: dict[int, None] = {}
    missing: list[str] = []
    for target in targets:
        text = target.strip()
        stored = store.article(int(text)) if text.isdigit() else article_by_url(store, text)
        if stored is None:
            missing.append(text)
        else:
            ids[stored.id] = None
    return Found(list(ids), missing)
