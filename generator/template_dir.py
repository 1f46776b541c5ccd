"""Where the Jinja templates and the SDK runtime are, without importing either (memo.py hashes them on every run)."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """`templates/` of the source tree, or its copy inside the installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "templates", here / "templates"):
        if (candidate / "sdk").is_dir():
            return candidate
    raise FileNotFoundError("sdkforge templates are missing from the installation")


def runtime_dir() -> Path:
    """`generator/runtime/`: the runtime copied into every SDK, read as files and never imported here."""
    return Path(__file__).resolve().parent / "runtime"
