"""The rendered runtime passes ``mypy --strict`` and ``pyright`` in strict mode."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def test_mypy_strict(rendered: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-version",
            "3.10",
            "rtpkg",
        ],
        cwd=rendered.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict(rendered: Path) -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if pyright is None:
        pytest.skip("pyright is not installed in this environment")
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "include": ["rtpkg"]}
    (rendered.parent / "pyrightconfig.json").write_text(json.dumps(config))
    try:
        result = subprocess.run(
            [pyright, "--outputjson", "--pythonpath", sys.executable],
            cwd=rendered.parent,
            capture_output=True,
            text=True,
            timeout=120,
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
    assert report["summary"]["filesAnalyzed"] >= 10
