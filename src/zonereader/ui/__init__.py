"""The Textual app: zone tree, virtual article list and reader over the cache.

The only package that imports Textual. :func:`zonereader.ui.app.make_app` builds the app from
its dependencies; ``zonereader`` with no command runs it (see :mod:`zonereader.cli.app_cmd`).
"""
