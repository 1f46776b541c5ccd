"""sdkforge as far as its output is concerned: its modules, its templates and the tools' versions.

Part of every cache key (memo.py, prose_free.py, the compiled templates), so a development checkout
invalidates on every edit. Standard library only: replay.py reads it before anything else is imported.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from ..template_dir import templates_dir
from .store import cache_key

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@functools.cache
def sdkforge_fingerprint() -> str:
    """The hash of sdkforge's source and templates (their bytes), the Python version and the tools'."""
    tools = installed_distributions(("ruff", "black", "openapi_spec_validator"))
    parts: list[str | bytes] = [f"{sys.version_info[0]}.{sys.version_info[1]}", *tools]
    for path in source_files():
        parts += [f"{path.parent.name}/{path.name}", path.read_bytes()]
    return cache_key(parts)


def sdkforge_stat_signature() -> str:
    """sdkforge_fingerprint from stat() alone (path, size, modification time, inode of each file): what a
    no-change run can afford. An edit moves the modification time; `pip install` moves the dist-info."""
    tools = installed_distributions(("ruff", "black", "openapi_spec_validator"))
    parts: list[str | bytes] = [sys.version, *tools]
    for path in source_files():
        stat = os.stat(path)
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}")
    return cache_key(parts)


@functools.cache
def installed_distributions(names: tuple[str, ...]) -> list[str]:
    """The `.dist-info` folder of each tool, first on sys.path as for an import ("ruff-0.17.6.dist-info"):
    its version, without importlib.metadata, whose import costs more than the rest of a no-change run."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for item in listing:
            name = item.partition("-")[0].replace(".", "_").lower()
            if item.endswith(".dist-info") and name in names and name not in found:
                found[name] = item
    return [found.get(name, f"{name}-?") for name in names]


def source_files() -> list[Path]:
    """sdkforge's modules and templates (os.walk: a no-change run cannot afford pathlib's rglob)."""
    files = _walk(str(_PACKAGE_DIR), ".py", skip="templates") + _walk(
        str(templates_dir()), ".jinja"
    )
    return [Path(name) for name in sorted(files)]


def _walk(top: str, suffix: str, skip: str = "") -> list[str]:
    found = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if d != skip and d != "__pycache__"]
        found += [os.path.join(folder, name) for name in names if name.endswith(suffix)]
    return found
