"""zonereader: mirror development-zone news portals and feeds, read them in a terminal."""

__version__ = "0.1.0"
