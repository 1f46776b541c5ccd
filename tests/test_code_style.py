"""The project's own code is formatted and linted by the formatter and linter it applies to its output.

`ruff format` (pinned in pyproject.toml) and `ruff check`, with the project's `[tool.ruff]` settings, over
the generator (runtime included), the tests and the benchmarks. To fix: `ruff format generator tests bench`
then `ruff check --fix generator tests bench`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("generator", "tests", "bench")


@pytest.mark.parametrize(
    "command", [["format", "--check", "--diff"], ["check"]], ids=["format", "check"]
)
def test_ruff_is_clean_on_the_project(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", *FOLDERS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"ruff {' '.join(command)}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
    )
