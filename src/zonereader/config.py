"""The user's configuration: typed dataclasses, read with tomllib, edited with tomlkit.

A missing file means defaults. A malformed file or a bad value raises :class:`ConfigError`
whose message names the file, the line and the key. Unknown keys are collected as warnings.
The file is written only on an explicit change (``zonereader source add/remove``, OPML import,
a feed's permanent redirect), and such a change edits the user's own file in place with a
style-preserving TOML library: every line it is not about (comments, blank lines, order,
quoting, alignment) stays byte for byte. tomlkit is loaded only when the file is written.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from zonereader.config_values import (
    MAX_BODY_BYTES,
    MAX_CONNECTIONS,
    MAX_PAGES,
    MAX_REDIRECTS,
    MAX_REQUEST_SECONDS,
    MAX_RETRIES,
    MAX_RUN_SECONDS,
    delay_check,
    in_range,
    normalise_host_pattern,
)
from zonereader.models import MAX_ZONE_DEPTH, PortalSelectors, SourceKind, join_zone, zone_parts
from zonereader.paths import ensure_parent

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

DEFAULT_USER_AGENT = "zonereader/{version} (+terminal news reader)"


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is one line naming file, line and key."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One configured source.

    For a portal, ``zone`` is an optional prefix put before the breadcrumb's zone path;
    for a feed, it is the zone its entries go to.
    """

    name: str
    url: str
    kind: SourceKind = SourceKind.PORTAL
    extra_urls: tuple[str, ...] = ()
    zone: str = ""
    max_connections: int = 4
    delay: float = 0.0
    selectors: PortalSelectors = field(default_factory=PortalSelectors)
    allow_hosts: tuple[str, ...] = ()
    """Hosts besides its own that a portal may fetch from (``img.example.cn``, ``*.example.cn``)."""

    @property
    def urls(self) -> tuple[str, ...]:
        """Every start URL of the source, the main one first."""
        return (self.url, *self.extra_urls)


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """How sync talks to servers."""

    timeout: float = 20.0
    """Overall deadline of one request, in seconds."""
    connect_timeout: float = 10.0
    retries: int = 3
    max_body_bytes: int = 8 * 1024 * 1024
    max_redirects: int = 5
    max_pages: int = 500
    """Upper bound on list pages walked per channel (guards against pagination loops)."""
    user_agent: str = ""
    max_run_seconds: float = 3600.0
    """A whole run stops cleanly after this long, keeping what it stored."""
    max_source_seconds: float = 3600.0
    """One source stops cleanly after this long (or at the run's limit, if sooner)."""
    parse_timeout: float = 30.0
    """The most time one page may take to parse before it is given up (that page only)."""
    busy_timeout: float = 30.0
    """How long a sync's write waits for another program's write lock on the cache."""


@dataclass(frozen=True, slots=True)
class UISettings:
    """How the app looks."""

    theme: str = ""
    """A Textual theme name; empty means the default."""


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration."""

    sources: tuple[SourceConfig, ...] = ()
    sync: SyncSettings = field(default_factory=SyncSettings)
    ui: UISettings = field(default_factory=UISettings)
    keys: dict[str, str] = field(default_factory=dict)
    """Key remaps: action id -> comma-separated keys, e.g. ``{"next_article": "n,ctrl+n"}``."""
    path: Path | None = None
    warnings: tuple[str, ...] = ()

    def source(self, name: str) -> SourceConfig | None:
        """Return the source called ``name``, or None."""
        return next((s for s in self.sources if s.name == name), None)


# --------------------------------------------------------------------------- loading


def load_config(path: Path) -> Config:
    """Read the config at ``path``; a missing file gives the defaults.

    Raises:
        ConfigError: the file cannot be read, is not TOML, or holds a bad value.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    """Parse config ``text`` that came from ``path`` (the path is used in messages)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {_toml_error_line(exc)}") from exc
    reader = _Reader(path, text)
    return reader.config(raw)


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> str:
    """Turn tomllib's message '... (at line 3, column 7)' into 'line 3: ...'."""
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        reason = message[: match.start()].strip()
        return f"line {match.group(1)}: invalid TOML: {reason}"
    return f"invalid TOML: {message}"


class _Reader:
    """Turns the raw TOML dict into typed config, with file:line errors."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.warnings: list[str] = []

    # -- locating keys for messages

    def _line_of(self, table: str | None, key: str, occurrence: int = 0) -> int | None:
        """Best-effort line number (1-based) of ``key`` inside ``[table]`` (or ``[[table]]`` #n)."""
        start = 0
        if table is not None:
            header = re.compile(r"^\s*\[\[?\s*" + re.escape(table) + r"\s*\]\]?\s*(#.*)?$")
            seen = -1
            for number, line in enumerate(self.lines):
                if header.match(line):
                    seen += 1
                    if seen == occurrence:
                        start = number + 1
                        break
            else:
                return None
        key_re = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            leaves_table = (
                number > start
                and table is not None
                and re.match(r"^\s*\[", line)
                and not line.strip().startswith(f"[{table}.")
            )
            if leaves_table:
                break
            if key_re.match(line):
                return number + 1
        return start or None

    def error(self, table: str | None, key: str, message: str, occurrence: int = 0) -> ConfigError:
        """Build an error naming file, line and the dotted key."""
        line = self._line_of(table, key.split(".")[-1], occurrence)
        where = f"{self.path}:{line}" if line else str(self.path)
        dotted = f"{table}.{key}" if table else key
        if table == "sources":
            dotted = f"sources[{occurrence}].{key}"
        return ConfigError(f"{where}: {dotted}: {message}")

    def warn_unknown(self, table: str | None, data: dict[str, Any], known: Iterable[str]) -> None:
        """Record a warning for every key in ``data`` that is not in ``known``."""
        known_set = set(known)
        for key in data:
            if key not in known_set:
                where = f"[{table}] " if table else ""
                self.warnings.append(f"{self.path}: unknown key {where}{key!r} ignored")

    # -- typed getters

    def _get(
        self,
        data: dict[str, Any],
        table: str | None,
        key: str,
        kind: type | tuple[type, ...],
        default: Any,
        occurrence: int = 0,
        check: Callable[[Any], str | None] | None = None,
    ) -> Any:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.error(table, key, f"expected a number, got {value!r}", occurrence)
        if not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else "number"
            names = {"str": "a string", "int": "a whole number", "number": "a number"}
            raise self.error(
                table,
                key,
                f"expected {names.get(expected, expected)}, got {value!r}",
                occurrence,
            )
        if check is not None:
            problem = check(value)
            if problem:
                raise self.error(table, key, problem, occurrence)
        return value

    # -- sections

    def config(self, raw: dict[str, Any]) -> Config:
        self.warn_unknown(None, raw, ("sources", "sync", "ui", "keys"))
        sync = self.sync(self._table(raw, "sync"))
        ui = self.ui(self._table(raw, "ui"))
        keys = self.keys(self._table(raw, "keys"))
        sources_raw = raw.get("sources", [])
        if not isinstance(sources_raw, list):
            raise self.error(None, "sources", "expected [[sources]] tables")
        sources: list[SourceConfig] = []
        names: set[str] = set()
        for index, item in enumerate(sources_raw):
            if not isinstance(item, dict):
                raise self.error(None, "sources", "expected [[sources]] tables")
            source = self.source(item, index)
            if source.name in names:
                raise self.error("sources", "name", f"duplicate source name {source.name!r}", index)
            names.add(source.name)
            sources.append(source)
        return Config(
            sources=tuple(sources),
            sync=sync,
            ui=ui,
            keys=keys,
            path=self.path,
            warnings=tuple(self.warnings),
        )

    def _table(self, raw: dict[str, Any], name: str) -> dict[str, Any]:
        value = raw.get(name, {})
        if not isinstance(value, dict):
            raise self.error(None, name, f"expected a [{name}] table")
        return value

    def sync(self, data: dict[str, Any]) -> SyncSettings:
        t = "sync"
        names = [f.name for f in fields(SyncSettings)]
        self.warn_unknown(t, data, names)
        d = SyncSettings()
        number = (int, float)

        def seconds(key: str, default: float, most: float) -> float:
            return float(self._get(data, t, key, number, default, check=in_range(0, most)))

        def count(key: str, default: int, least: int, most: int) -> int:
            value: int = self._get(data, t, key, int, default, check=in_range(least, most, True))
            return value

        return SyncSettings(
            timeout=seconds("timeout", d.timeout, MAX_REQUEST_SECONDS),
            connect_timeout=seconds("connect_timeout", d.connect_timeout, MAX_REQUEST_SECONDS),
            retries=count("retries", d.retries, 0, MAX_RETRIES),
            max_body_bytes=count("max_body_bytes", d.max_body_bytes, 1, MAX_BODY_BYTES),
            max_redirects=count("max_redirects", d.max_redirects, 0, MAX_REDIRECTS),
            max_pages=count("max_pages", d.max_pages, 1, MAX_PAGES),
            user_agent=self._get(data, t, "user_agent", str, d.user_agent),
            max_run_seconds=seconds("max_run_seconds", d.max_run_seconds, MAX_RUN_SECONDS),
            max_source_seconds=seconds("max_source_seconds", d.max_source_seconds, MAX_RUN_SECONDS),
            parse_timeout=seconds("parse_timeout", d.parse_timeout, MAX_REQUEST_SECONDS),
            busy_timeout=seconds("busy_timeout", d.busy_timeout, MAX_REQUEST_SECONDS),
        )

    def ui(self, data: dict[str, Any]) -> UISettings:
        self.warn_unknown("ui", data, ("theme",))
        return UISettings(theme=self._get(data, "ui", "theme", str, ""))

    def keys(self, data: dict[str, Any]) -> dict[str, str]:
        result: dict[str, str] = {}
        for key, value in data.items():
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = ",".join(value)
            if not isinstance(value, str) or not value.strip():
                raise self.error("keys", key, 'expected keys such as "n" or "n,ctrl+n"')
            result[key] = value
        return result

    def source(self, data: dict[str, Any], index: int) -> SourceConfig:
        t = "sources"
        known = (
            "name", "kind", "url", "urls", "zone", "max_connections", "delay", "selectors",
            "allow_hosts",
        )  # fmt: skip
        self.warn_unknown(f"sources[{index}]", data, known)
        urls: list[str] = []
        if "url" in data:
            urls.append(self._get(data, t, "url", str, "", index, check=_http_url))
        if "urls" in data:
            extra = data["urls"]
            if not isinstance(extra, list) or not all(isinstance(u, str) for u in extra):
                raise self.error(t, "urls", "expected a list of URLs", index)
            for url in extra:
                problem = _http_url(url)
                if problem:
                    raise self.error(t, "urls", problem, index)
            urls.extend(u for u in extra if u not in urls)
        if not urls:
            raise self.error(t, "url", "every source needs a url", index)
        kind_text = self._get(data, t, "kind", str, SourceKind.PORTAL.value, index)
        try:
            kind = SourceKind(kind_text)
        except ValueError:
            raise self.error(
                t, "kind", f'expected "portal" or "feed", got {kind_text!r}', index
            ) from None
        name = self._get(data, t, "name", str, "", index, check=_non_empty) or default_source_name(
            urls[0]
        )
        selectors_raw = data.get("selectors", {})
        if not isinstance(selectors_raw, dict):
            raise self.error(t, "selectors", "expected a table of CSS selectors", index)
        selector_names = [f.name for f in fields(PortalSelectors)]
        self.warn_unknown(f"sources[{index}].selectors", selectors_raw, selector_names)
        selector_values = {
            key: _selector(self, selectors_raw, key, index)
            for key in selector_names
            if key in selectors_raw
        }
        return SourceConfig(
            name=name,
            url=urls[0],
            kind=kind,
            extra_urls=tuple(urls[1:]),
            zone=self._zone(data, index),
            max_connections=self._get(
                data, t, "max_connections", int, 4, index, check=in_range(1, MAX_CONNECTIONS, True)
            ),
            delay=float(self._get(data, t, "delay", (int, float), 0.0, index, check=delay_check)),
            selectors=PortalSelectors(**selector_values),
            allow_hosts=self._hosts(data, index),
        )

    def _zone(self, data: dict[str, Any], index: int) -> str:
        """The source's ``zone``, normalised; a path deeper than the zone tree keeps is cut
        (with a warning)."""
        raw: str = self._get(data, "sources", "zone", str, "", index)
        depth = len(zone_parts(raw))
        if depth > MAX_ZONE_DEPTH:
            line = self._line_of("sources", "zone", index)
            where = f"{self.path}:{line}" if line else str(self.path)
            self.warnings.append(
                f"{where}: sources[{index}].zone: {depth} levels, more than the {MAX_ZONE_DEPTH} "
                "a zone path keeps; the deeper ones are joined into its last"
            )
        return join_zone(raw)

    def _hosts(self, data: dict[str, Any], index: int) -> tuple[str, ...]:
        """The source's ``allow_hosts``: host names, each maybe ``*.`` + a domain."""
        raw = data.get("allow_hosts", [])
        if not isinstance(raw, list) or not all(isinstance(h, str) for h in raw):
            raise self.error("sources", "allow_hosts", "expected a list of host names", index)
        hosts: list[str] = []
        for item in raw:
            host = normalise_host_pattern(item)
            if host is None:
                raise self.error(
                    "sources",
                    "allow_hosts",
                    f'expected a host name such as "img.example.cn" or "*.example.cn", '
                    f"got {item!r}",
                    index,
                )
            if host not in hosts:
                hosts.append(host)
        return tuple(hosts)


def _selector(reader: _Reader, data: dict[str, Any], key: str, index: int) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise reader.error("sources", f"selectors.{key}", "expected a CSS selector string", index)
    return value


def _non_empty(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


def _http_url(value: str) -> str | None:
    try:
        parts = urlsplit(value)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a malformed host such as "http://[::1"
        usable = False
    return None if usable else f"expected an http:// or https:// URL, got {value!r}"


def default_source_name(url: str, title: str = "") -> str:
    """Derive a source name: a feed's or outline's title when there is one, else the URL's host.

    ``www.example.cn`` gives ``example.cn``; a title keeps its words (control characters and
    runs of white space folded, at most 40 characters), so ``source list`` and
    ``sync --source`` read as the user knows the source.
    """
    # isprintable() is False for controls, bidi controls, zero-width characters and surrogates.
    words = " ".join("".join(ch for ch in title if ch.isprintable()).split())[:40].strip()
    if words:
        return words
    try:
        host = urlsplit(url).hostname or "source"
    except ValueError:
        host = "source"
    return host.removeprefix("www.")


def unique_source_name(base: str, taken: Iterable[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``… whichever no source in ``taken`` has."""
    used = set(taken)
    base = base.strip() or "source"
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"


# --------------------------------------------------------------------------- writing


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
    found = document.get("sources")
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, MutableMapping)]


def _append_source(document: TOMLDocument, source: SourceConfig) -> None:
    """Add ``source`` after the document's last source, touching no line of the user's.

    A file that lists its sources as ``[[sources]]`` tables (what zonereader writes) gets one
    more table, separated by a blank line; one that writes ``sources = [...]`` inline gets one
    more inline table in that array.
    """
    import tomlkit
    from tomlkit.items import AoT, Array

    data = _source_to_toml(source)
    existing = document.get("sources")
    if isinstance(existing, Array):
        inline = tomlkit.inline_table()
        inline.update(data)
        existing.append(inline)
        return
    table = tomlkit.table()
    for key, value in data.items():
        if isinstance(value, dict):
            sub = tomlkit.table()
            sub.update(value)
            table.add(key, sub)
        else:
            table.add(key, value)
    if isinstance(existing, AoT):
        if existing.body:  # a blank line between the last source and the new one
            last = existing.body[-1]
            for _ in range(_newlines_missing(last.as_string())):
                last.add(tomlkit.nl())
        if not _is_last(document, "sources"):  # and one between it and what follows
            table.add(tomlkit.nl())
        existing.append(table)
        return
    for _ in range(_newlines_missing(tomlkit.dumps(document)) if document.body else 0):
        document.add(tomlkit.nl())
    sources = tomlkit.aot()
    sources.append(table)
    document.add("sources", sources)


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
    found = document.get("sources")
    if not isinstance(found, list):
        return False
    for index, item in enumerate(found):
        if isinstance(item, MutableMapping) and item.get("name") == name:
            del found[index]
            _write_document(path, document)
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
