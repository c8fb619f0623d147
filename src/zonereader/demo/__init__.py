"""Package demo (being written)."""
