"""Widgets: zone tree, virtual article list, reader, status line, empty-cache panel."""
