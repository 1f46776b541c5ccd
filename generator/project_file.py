"""Where a project's pyproject.toml is looked for: the working folder, then each folder above it.

Standard library only: config.py reads the file found, and cache/replay.py watches every place looked
at, before anything else is imported.
"""

from __future__ import annotations

import os


def pyproject_candidates(start: str) -> list[str]:
    """Each `pyproject.toml` looked for, nearest first, up to and including the first that is a file."""
    found = []
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        found.append(candidate)
        if os.path.isfile(candidate):
            return found
        parent = os.path.dirname(folder)
        if parent == folder:
            return found
        folder = parent
