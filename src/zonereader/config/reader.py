"""Reading the config file: TOML to typed dataclasses, with file:line errors.

A missing file means defaults. A malformed file or a bad value raises :class:`ConfigError`
whose message names the file, the line and the key. Unknown keys are collected as warnings,
and so are topics whose query does not parse (the topic stays, and says what is wrong when
opened).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zonereader.config.model import (
    Config,
    ConfigError,
    RetentionSettings,
    SourceConfig,
    SyncSettings,
    TopicConfig,
    UISettings,
)
from zonereader.config.names import default_source_name
from zonereader.config_values import (
    MAX_BODY_BYTES,
    MAX_CONNECTIONS,
    MAX_IMAGE_CACHE_MB,
    MAX_KEEP_DAYS,
    MAX_PAGES,
    MAX_REDIRECTS,
    MAX_REQUEST_SECONDS,
    MAX_RETRIES,
    MAX_RUN_SECONDS,
    delay_check,
    in_range,
    normalise_host_pattern,
)
from zonereader.models import (
    MAX_ZONE_DEPTH,
    FullText,
    PortalSelectors,
    SourceKind,
    join_zone,
    zone_parts,
)
from zonereader.text.query import QueryError, parse_query


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
        if table in ("sources", "topics"):
            dotted = f"{table}[{occurrence}].{key}"
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
            names = {
                "str": "a string",
                "int": "a whole number",
                "number": "a number",
                "bool": "true or false",
            }
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
        self.warn_unknown(None, raw, ("sources", "topics", "sync", "retention", "ui", "keys"))
        sync = self.sync(self._table(raw, "sync"))
        retention = self.retention(self._table(raw, "retention"))
        topics = self.topics(raw.get("topics", []))
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
            topics=topics,
            sync=sync,
            retention=retention,
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

    def retention(self, data: dict[str, Any]) -> RetentionSettings:
        self.warn_unknown("retention", data, ("keep_days",))
        days: int = self._get(
            data, "retention", "keep_days", int, 0, check=in_range(0, MAX_KEEP_DAYS, True)
        )
        return RetentionSettings(keep_days=days)

    def topics(self, raw: object) -> tuple[TopicConfig, ...]:
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            raise self.error(None, "topics", "expected [[topics]] tables")
        topics: list[TopicConfig] = []
        for index, item in enumerate(raw):
            self.warn_unknown(f"topics[{index}]", item, ("name", "query"))
            name = self._get(item, "topics", "name", str, None, index, check=_non_empty)
            query = self._get(item, "topics", "query", str, None, index, check=_non_empty)
            if name is None or query is None:
                missing = "name" if name is None else "query"
                raise self.error("topics", missing, f"every topic needs a {missing}", index)
            name = name.strip()
            if any(topic.name == name for topic in topics):
                raise self.error("topics", "name", f"duplicate topic name {name!r}", index)
            try:
                parse_query(query)
            except QueryError as exc:
                line = self._line_of("topics", "query", index)
                where = f"{self.path}:{line}" if line else str(self.path)
                self.warnings.append(
                    f"{where}: topics[{index}].query: {exc}; the topic lists nothing until "
                    "it is fixed"
                )
            topics.append(TopicConfig(name=name, query=query))
        return tuple(topics)

    def ui(self, data: dict[str, Any]) -> UISettings:
        self.warn_unknown("ui", data, [f.name for f in fields(UISettings)])
        d = UISettings()
        return UISettings(
            theme=self._get(data, "ui", "theme", str, d.theme),
            images=self._get(data, "ui", "images", bool, d.images),
            image_cache_mb=self._get(
                data,
                "ui",
                "image_cache_mb",
                int,
                d.image_cache_mb,
                check=in_range(1, MAX_IMAGE_CACHE_MB, True),
            ),
        )

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
            "full_text",
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
        full_text_value = self._get(data, t, "full_text", str, FullText.AUTO.value, index)
        try:
            full_text = FullText(full_text_value)
        except ValueError:
            raise self.error(
                t,
                "full_text",
                f'expected "auto", "always" or "never", got {full_text_value!r}',
                index,
            ) from None
        if "full_text" in data and kind is not SourceKind.FEED:
            self.warnings.append(
                f"{self.path}: sources[{index}].full_text applies to feeds only; ignored"
            )
        return SourceConfig(
            name=name,
            url=urls[0],
            kind=kind,
            full_text=full_text,
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
