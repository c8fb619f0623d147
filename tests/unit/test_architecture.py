"""The layer rules of DESIGN.md §3, enforced: import contracts and a headless import check."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "zonereader"

HEADLESS_MODULES = [
    "zonereader.cli",
    "zonereader.cli.sync_cmd",
    "zonereader.config",
    "zonereader.demo",
    "zonereader.models",
    "zonereader.paths",
    "zonereader.sources.portal",
    "zonereader.store",
    "zonereader.sync.engine",
    "zonereader.text.decode",
]


def test_import_contracts_are_kept() -> None:
    """import-linter's contracts in pyproject.toml all hold."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_headless_modules_never_import_textual() -> None:
    """`zonereader sync` in cron must not pay for (or depend on) the UI toolkit."""
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("module", "owner"),
    [("sqlite3", "store"), ("httpx", "sync"), ("textual", "ui")],
)
def test_only_one_layer_imports(module: str, owner: str) -> None:
    """sqlite3 only in store/, httpx only in sync/, textual only in ui/."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if module in _imported_modules(path) and path.relative_to(PACKAGE).parts[0] != owner
    ]
    assert offenders == []


def test_every_module_has_a_docstring() -> None:
    """Each file starts by saying what it is for."""
    missing = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("module", "heavy"),
    [
        # Building the command line (every command, `--version` too) loads no engine.
        ("zonereader.cli", ("httpx", "asyncio", "sqlite3", "selectolax", "textual")),
        # A sync's parse helpers start for every big run: no event loop, no SQLite, and the
        # HTML parser only when a page needs it (feed entries mostly do not).
        ("zonereader.sync.parse_worker", ("httpx", "asyncio", "sqlite3", "selectolax")),
    ],
)
def test_start_up_paths_stay_light(module: str, heavy: tuple[str, ...]) -> None:
    """Modules every run imports do not drag in what only some runs need."""
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        f"heavy = {heavy!r}\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_building_the_command_line_loads_no_parser_engine_or_toolkit() -> None:
    """Every ``zonereader`` start (the app's too) builds the whole parser, importing every
    command module: none may load what only its own command needs."""
    code = (
        "import sys\n"
        "from zonereader.cli import build_parser\n"
        "build_parser()\n"
        "heavy = ('httpx', 'asyncio', 'sqlite3', 'selectolax', 'textual', 'tomlkit')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
