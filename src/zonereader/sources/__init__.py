"""Sources: pure functions from decoded pages and their URLs to records.

- :mod:`~zonereader.sources.portal`: HTML news portals (list pages, section indexes, articles).
- ``feed`` and ``opml``: RSS/Atom/JSON feeds and OPML outlines.

No I/O and no clock here: everything is testable against saved pages.
"""
