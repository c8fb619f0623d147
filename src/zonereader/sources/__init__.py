"""Package sources (being written)."""
