"""Package text (being written)."""
