"""Editing the user's config file in place, keeping every line a change is not about.

The file is written only on an explicit change (``zonereader source add/remove``,
``topic add/remove``, OPML import, a feed's permanent redirect), and such a change edits the
user's own file with a style-preserving TOML library: every line it is not about (comments,
blank lines, order, quoting, alignment) stays byte for byte. tomlkit is loaded only when the
file is written. A file that does not read as a valid config is never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zonereader.config.model import ConfigError, SourceConfig, TopicConfig
from zonereader.config.reader import parse_config
from zonereader.models import FullText, PortalSelectors
from zonereader.paths import ensure_parent

if TYPE_CHECKING:
    from tomlkit import TOMLDocument


def _source_to_toml(source: SourceConfig) -> dict[str, Any]:
    data: dict[str, Any] = {"name": source.name, "kind": source.kind.value, "url": source.url}
    if source.extra_urls:
        data["urls"] = list(source.extra_urls)
    if source.zone:
        data["zone"] = source.zone
    if source.max_connections != 4:
        data["max_connections"] = source.max_connections
    if source.delay:
        data["delay"] = source.delay
    if source.allow_hosts:
        data["allow_hosts"] = list(source.allow_hosts)
    selectors = {
        f.name: getattr(source.selectors, f.name)
        for f in fields(PortalSelectors)
        if getattr(source.selectors, f.name) is not None
    }
    if source.full_text is not FullText.AUTO:
        data["full_text"] = source.full_text.value
    if selectors:
        data["selectors"] = selectors
    return data


def _read_document(path: Path) -> TOMLDocument:
    """The config file as an editable document (empty when there is no file).

    Raises:
        ConfigError: the file cannot be read or is not a valid config (it is never rewritten
            then: a command must not replace what it could not read).
    """
    import tomlkit

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return tomlkit.document()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    parse_config(text, path)  # refuse to rewrite a file we could not read
    return tomlkit.parse(text)


def _write_document(path: Path, document: TOMLDocument) -> None:
    """Write the config atomically (a temporary file renamed over it).

    Raises:
        ConfigError: the file or its directory cannot be written.
    """
    import tomlkit

    tmp = path.with_name(path.name + ".tmp")
    try:
        ensure_parent(path)
        tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write config: {exc.strerror or exc}") from exc


def _source_tables(document: TOMLDocument) -> list[MutableMapping[str, Any]]:
    """The document's ``[[sources]]`` tables (or inline tables), in file order."""
    return _tables(document, "sources")


def _tables(document: TOMLDocument, key: str) -> list[MutableMapping[str, Any]]:
    """The document's ``[[key]]`` tables (or inline tables), in file order."""
    found = document.get(key)
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, MutableMapping)]


def _append_source(document: TOMLDocument, source: SourceConfig) -> None:
    """Add ``source`` after the document's last source, touching no line of the user's."""
    _append_table(document, "sources", _source_to_toml(source))


def _append_table(document: TOMLDocument, key: str, data: dict[str, Any]) -> None:
    """Add ``data`` as the last ``[[key]]`` table, touching no line of the user's.

    A file that lists them as ``[[key]]`` tables (what zonereader writes) gets one more table,
    separated by a blank line; one that writes ``key = [...]`` inline gets one more inline
    table in that array.
    """
    import tomlkit
    from tomlkit.items import AoT, Array

    existing = document.get(key)
    if isinstance(existing, Array):
        inline = tomlkit.inline_table()
        inline.update(data)
        existing.append(inline)
        return
    table = tomlkit.table()
    for name, value in data.items():
        if isinstance(value, dict):
            sub = tomlkit.table()
            sub.update(value)
            table.add(name, sub)
        else:
            table.add(name, value)
    if isinstance(existing, AoT):
        if existing.body:  # a blank line between the last table and the new one
            last = existing.body[-1]
            for _ in range(_newlines_missing(last.as_string())):
                last.add(tomlkit.nl())
        if not _is_last(document, key):  # and one between it and what follows
            table.add(tomlkit.nl())
        existing.append(table)
        return
    for _ in range(_newlines_missing(tomlkit.dumps(document)) if document.body else 0):
        document.add(tomlkit.nl())
    tables = tomlkit.aot()
    tables.append(table)
    document.add(key, tables)


def _newlines_missing(text: str) -> int:
    """How many newlines ``text`` needs to end with a blank line."""
    if text.endswith("\n\n"):
        return 0
    return 1 if text.endswith("\n") else 2


def _is_last(document: TOMLDocument, key: str) -> bool:
    """Whether ``key`` is the document's last item."""
    keys = [name for name, _item in document.body if name is not None]
    return bool(keys) and keys[-1] == key


def add_sources(path: Path, sources: Iterable[SourceConfig]) -> list[SourceConfig]:
    """Append ``sources`` to the config file at ``path``, keeping everything else in it.

    Every line already in the file stays as it is, comments and blank lines included: the new
    sources are inserted after the last one (see :func:`_append_source`).

    Returns:
        The sources that were added; a source whose name or URL is already configured is
        skipped.
    """
    document = _read_document(path)
    tables = _source_tables(document)
    names = {table.get("name") for table in tables}
    urls = {table.get("url") for table in tables}
    added: list[SourceConfig] = []
    for source in sources:
        if source.name in names or source.url in urls:
            continue
        _append_source(document, source)
        names.add(source.name)
        urls.add(source.url)
        added.append(source)
    if added:
        _write_document(path, document)
    return added


def remove_source(path: Path, name: str) -> bool:
    """Remove the source called ``name`` from the config file; return whether it was there.

    Only the lines of that source's table go (with the comments written inside it); every
    other line of the file stays as it is.
    """
    document = _read_document(path)
    if not _remove_table(document, "sources", name):
        return False
    _write_document(path, document)
    return True


def _remove_table(document: TOMLDocument, key: str, name: str) -> bool:
    """Remove the ``[[key]]`` table called ``name``; return whether there was one.

    The last one takes its key along: an empty array of tables would otherwise be written
    back as ``key = []`` at the top of the file.
    """
    found = document.get(key)
    if not isinstance(found, list):
        return False
    for index, item in enumerate(found):
        if isinstance(item, MutableMapping) and item.get("name") == name:
            if len(found) == 1:
                del document[key]
            else:
                del found[index]
            return True
    return False


def update_source_url(path: Path, name: str, new_url: str) -> bool:
    """Point source ``name`` at ``new_url`` (after a permanent redirect); return whether done.

    Only the value of its ``url`` line changes: the line's spacing and comment stay.
    """
    document = _read_document(path)
    for table in _source_tables(document):
        if table.get("name") == name:
            table["url"] = new_url
            _write_document(path, document)
            return True
    return False


def add_topic(path: Path, topic: TopicConfig) -> None:
    """Append ``topic`` to the config file at ``path`` as a ``[[topics]]`` table.

    Every line already in the file stays as it is, comments and blank lines included.

    Raises:
        ConfigError: a topic of that name exists, or the file cannot be read or written.
    """
    document = _read_document(path)
    if any(table.get("name") == topic.name for table in _tables(document, "topics")):
        raise ConfigError(f"{path}: a topic called {topic.name!r} already exists")
    _append_table(document, "topics", {"name": topic.name, "query": topic.query})
    _write_document(path, document)


def remove_topic(path: Path, name: str) -> bool:
    """Remove the topic called ``name`` from the config file; return whether it was there.

    Only the lines of that topic's table go; every other line of the file stays as it is.
    """
    document = _read_document(path)
    if not _remove_table(document, "topics", name):
        return False
    _write_document(path, document)
    return True
