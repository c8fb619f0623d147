"""Allow ``python -m zonereader``."""

from zonereader.cli import main

raise SystemExit(main())
