"""The one exception the store raises."""

from __future__ import annotations


class StoreError(Exception):
    """The cache cannot be opened or used (corrupt file, newer schema, disk full...)."""
