"""Fixtures around caches filled by a real sync of the sample portal."""
