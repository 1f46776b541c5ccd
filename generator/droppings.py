"""What other tools leave in an output folder (caches, a virtualenv, `.git`): never sdkforge's, never
reported, never deleted. Shared by the writer (output/write.py) and the no-change stamp (cache/stamp.py),
which must see the folder the same way; it sits below both so that neither imports the other."""

from __future__ import annotations

_QUIET_PARTS = frozenset(
    {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".venv", ".git"}
)
_QUIET_SUFFIXES = (".pyc", ".egg-info")


def is_quiet(name: str) -> bool:
    """A tool dropping (a cache, a virtualenv, `.git`): neither sdkforge's nor reported."""
    return name in _QUIET_PARTS or name.endswith(_QUIET_SUFFIXES)
