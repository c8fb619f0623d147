"""Sync: fetch → decode → parse → store, incremental, resumable, one run at a time per cache.

``http`` is the only module that imports httpx; ``engine.run_sync`` is the entry point for the
CLI and the TUI; ``portal_walk`` and ``feed_walk`` walk one source each through a shared
``context.WalkContext``.
"""
