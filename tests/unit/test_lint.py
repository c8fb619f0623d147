"""ruff and ruff-format are part of the test command, so a lint slip fails the suite."""

from __future__ import annotations

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
