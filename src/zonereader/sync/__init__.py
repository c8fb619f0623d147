"""Package sync (being written)."""
