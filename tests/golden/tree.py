"""Helpers to compare a generated file set with a folder on disk, with readable diffs."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

UPDATE_HINT = "pytest tests/golden --update-golden   # then review: git diff tests/golden"


def read_tree(folder: Path) -> dict[PurePosixPath, str]:
    if not folder.is_dir():
        return {}
    return {
        PurePosixPath(p.relative_to(folder).as_posix()): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not any(part.startswith((".", "__pycache__")) for part in p.relative_to(folder).parts)
    }


def compare_trees(expected_dir: Path, actual: Mapping[PurePosixPath, str]) -> list[str]:
    """Missing, extra and changed files; each change as a unified diff."""
    expected = read_tree(expected_dir)
    problems = []
    for rel in sorted(set(expected) | set(actual)):
        if rel not in actual:
            problems.append(f"no longer generated: {rel}")
        elif rel not in expected:
            problems.append(f"newly generated: {rel}")
        elif expected[rel] != actual[rel]:
            diff = difflib.unified_diff(
                expected[rel].splitlines(keepends=True),
                actual[rel].splitlines(keepends=True),
                f"expected/{rel}",
                f"actual/{rel}",
            )
            problems.append("".join(diff))
    return problems


def rewrite_tree(folder: Path, files: Mapping[PurePosixPath, str]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
