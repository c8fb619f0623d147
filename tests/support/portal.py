"""Fixtures around the sample portal: a loopback server per test or per session."""
