"""mypy --strict and pyright (strict) accept the generated package and an application using it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
USAGE = Path(__file__).with_name("typing_usage.py")
MISTAKES = Path(__file__).with_name("typing_errors.py")


def _marked_lines(path: Path) -> set[int]:
    return {
        n
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if line.rstrip().endswith("# error")
    }


def test_mypy_rejects_misspelled_request_dicts() -> None:
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--hide-error-context",
            str(MISTAKES),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    reported = {
        int(m.group(1)) for m in re.finditer(r"typing_errors\.py:(\d+): error:", result.stdout)
    }
    assert reported == _marked_lines(MISTAKES), result.stdout + result.stderr


def test_mypy_strict_on_usage() -> None:
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            str(USAGE),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict_on_package_and_usage(tmp_path: Path) -> None:
    errors = _pyright_errors(tmp_path, [str(ROOT / "generated" / "gitaigc"), str(USAGE)])
    summary = "\n".join(
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}" for d in errors[:30]
    )
    assert errors == [], summary


def test_pyright_rejects_misspelled_request_dicts(tmp_path: Path) -> None:
    errors = _pyright_errors(tmp_path, [str(MISTAKES)])
    reported = {d["range"]["start"]["line"] + 1 for d in errors}
    summary = "\n".join(f"{d['range']['start']['line'] + 1}: {d['message']}" for d in errors)
    assert reported == _marked_lines(MISTAKES), summary


def _pyright_errors(tmp_path: Path, include: list[str]) -> list[dict[str, Any]]:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if pyright is None:
        pytest.skip("pyright is not installed in this environment")
    config = {
        "typeCheckingMode": "strict",
        # pyright ignores absolute entries in "include" (it says so and checks nothing): relative ones
        "include": [os.path.relpath(path, tmp_path) for path in include],
        "extraPaths": [os.path.relpath(ROOT / "generated", tmp_path)],
        "pythonVersion": "3.11",
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    try:
        result = subprocess.run(
            [
                pyright,
                "--outputjson",
                "--pythonpath",
                sys.executable,
                "-p",
                str(tmp_path / "pyrightconfig.json"),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("pyright did not finish (it may be trying to download node without network)")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.skip(f"pyright could not run offline: {result.stderr.strip()[:300]}")
    return [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
