"""The runtime package (generator/runtime/) passes ``mypy --strict``, ``pyright`` strict and ruff, as the
generated SDKs run it (Python 3.10); pyright and ruff read their settings from pyproject.toml."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_strict() -> None:
    # From inside generator/, with explicit package bases, the runtime is checked as a package of its
    # own (`runtime`) and at the SDK's minimum Python, not as part of the generator.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--python-version",
            "3.10",
            "--explicit-package-bases",
            "runtime",
        ],
        cwd=ROOT / "generator",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict() -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if pyright is None:
        pytest.skip("pyright is not installed in this environment")
    try:
        result = subprocess.run(
            [pyright, "--outputjson", "--pythonpath", sys.executable],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("pyright did not finish (it may be trying to download node without network)")
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        pytest.skip(f"pyright could not run offline: {result.stderr.strip()[:300]}")
    problems = [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
    ]
    assert not problems, "\n".join(problems)
    assert report["summary"]["filesAnalyzed"] >= 11


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", "generator/runtime"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
