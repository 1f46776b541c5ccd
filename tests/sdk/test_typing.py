"""mypy --strict and pyright (strict) accept the generated package and an application using it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
USAGE = Path(__file__).with_name("typing_usage.py")


def test_mypy_strict_on_usage() -> None:
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(USAGE)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict_on_package_and_usage(tmp_path: Path) -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if pyright is None:
        pytest.skip("pyright is not installed in this environment")
    config = {
        "typeCheckingMode": "strict",
        "include": [str(ROOT / "generated" / "gitaigc"), str(USAGE)],
        "extraPaths": [str(ROOT / "generated")],
        "pythonVersion": "3.11",
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    try:
        result = subprocess.run(
            [pyright, "--outputjson", "--pythonpath", sys.executable, "-p", str(tmp_path / "pyrightconfig.json")],
            capture_output=True, text=True, check=False, timeout=300,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("pyright did not finish (it may be trying to download node without network)")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.skip(f"pyright could not run offline: {result.stderr.strip()[:300]}")
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    summary = "\n".join(f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}" for d in errors[:30])
    assert errors == [], summary
