"""Package ui (being written)."""
