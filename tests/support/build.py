"""Generate an SDK into a folder and check it the way a user would: mypy --strict, then import every module."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import Config, Report, generate


def generate_into(spec: Path, out: Path, package: str, *, display: str | None = None) -> Report:
    """Generate the full package (runtime included) for `spec` and write it under `out`."""
    report = generate(
        spec,
        Config(package_name=package, client_class="Client", sdk_version="0.0.1"),
        display=display,
    )
    errors = [d.format() for d in report.diagnostics if d.is_error]
    assert report.ok, "\n".join(errors)
    for rel, text in report.files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return report


def _env(out: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(out), "MYPYPATH": ""}


def run_mypy(out: Path, package: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            package,
        ],
        cwd=out,
        env=_env(out),
        capture_output=True,
        text=True,
        check=False,
    )


def mypy_errors_by_package(out: Path, packages: Sequence[str]) -> dict[str, str]:
    """`mypy --strict` once over several packages generated side by side under `out`: what each package
    got (empty when clean). One run instead of one per package: most of mypy's time goes to analysing
    pydantic and httpx2, which every package shares. Output mypy could not pin to a package (a crash, a
    bad flag) is given to every package, so it cannot pass unnoticed."""
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull]
    for package in packages:
        args += ["-p", package]
    result = subprocess.run(
        args, cwd=out, env=_env(out), capture_output=True, text=True, check=False
    )
    found: dict[str, list[str]] = {package: [] for package in packages}
    stray: list[str] = []
    for line in result.stdout.splitlines():
        owner = line.replace("\\", "/").split("/", 1)[0]
        if owner in found and ":" in line:
            found[owner].append(line)
        elif not line.startswith("Success:") and not line.startswith("Found "):
            stray.append(line)
    if result.returncode != 0 and not any(found.values()):
        stray += [result.stdout[-4000:], result.stderr[-4000:]]
    return {package: "\n".join([*lines, *stray]).strip() for package, lines in found.items()}


def import_all(out: Path, package: str) -> subprocess.CompletedProcess[str]:
    """Import every module of the package (models and resources included) in a fresh interpreter."""
    modules = sorted(
        ".".join((package, *p.relative_to(out / package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for p in (out / package).rglob("*.py")
    )
    code = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=out,
        env=_env(out),
        capture_output=True,
        text=True,
        check=False,
    )


def assert_imports(out: Path, package: str) -> None:
    imported = import_all(out, package)
    assert imported.returncode == 0, f"import failed:\n{imported.stderr[-4000:]}"


def assert_sdk_works(out: Path, package: str) -> None:
    assert_imports(out, package)
    checked = run_mypy(out, package)
    assert checked.returncode == 0, (
        f"mypy --strict failed:\n{checked.stdout[-6000:]}{checked.stderr[-2000:]}"
    )
