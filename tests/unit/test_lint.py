"""ruff, ruff-format and mypy --strict are part of the test command: a slip fails the suite."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).with_name("ruff")
TARGETS = ["src", "tests", "benchmarks", "scripts"]


def test_ruff_check_is_clean() -> None:
    """No lint findings anywhere in the code we ship or test with."""
    result = subprocess.run(
        [str(RUFF), "check", "--no-cache", *TARGETS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    """Every file is formatted as ruff-format would."""
    result = subprocess.run(
        [str(RUFF), "format", "--check", "--no-cache", *TARGETS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


MYPY = Path(sys.executable).with_name("mypy")


def test_mypy_strict_is_clean() -> None:
    """The whole package type-checks under ``mypy --strict`` (settings in pyproject.toml)."""
    result = subprocess.run(
        [str(MYPY), "--strict", "src/zonereader"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    """``# type: ignore`` only as ``# type: ignore[code]  # reason``, never bare."""
    pattern = re.compile(r"#\s*type:\s*ignore(?!\[[a-z-]+(?:,\s*[a-z-]+)*\]\s+#\s*\S)")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
