"""The user's configuration: typed dataclasses, read with tomllib, edited with tomlkit.

``zonereader.config`` is the import path callers use; the work is split by job:

- :mod:`~zonereader.config.model`: the dataclasses (``Config``, ``SourceConfig``, the
  settings tables, ``TopicConfig``) and :class:`ConfigError`;
- :mod:`~zonereader.config.reader`: reading and checking the file (``load_config``,
  ``parse_config``), with errors that name the file, the line and the key;
- :mod:`~zonereader.config.edits`: the commands' edits of the user's file (sources, topics,
  a redirected feed's URL), which keep every line they are not about;
- :mod:`~zonereader.config.names`: a new source's name.

The bounds of numeric values and the host-name checks live in :mod:`zonereader.config_values`.
"""

from __future__ import annotations

from zonereader.config.edits import (
    add_sources,
    add_topic,
    remove_source,
    remove_topic,
    update_source_url,
)
from zonereader.config.model import (
    DEFAULT_USER_AGENT,
    Config,
    ConfigError,
    RetentionSettings,
    SourceConfig,
    SyncSettings,
    TopicConfig,
    UISettings,
)
from zonereader.config.names import default_source_name, unique_source_name
from zonereader.config.reader import load_config, parse_config

__all__ = [
    "DEFAULT_USER_AGENT",
    "Config",
    "ConfigError",
    "RetentionSettings",
    "SourceConfig",
    "SyncSettings",
    "TopicConfig",
    "UISettings",
    "add_sources",
    "add_topic",
    "default_source_name",
    "load_config",
    "parse_config",
    "remove_source",
    "remove_topic",
    "unique_source_name",
    "update_source_url",
]
