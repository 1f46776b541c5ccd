"""Rendered files → the output folder, atomically; or, with --check, a diff of what would change."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Files in the output folder that sdkforge does not own (a maintainer's virtualenv, caches).
_IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".venv"})
_IGNORED_SUFFIXES = (".pyc", ".egg-info")
# Written by `sdkforge release`, not by generate (release history is not a function of the spec): kept.
_RELEASE_FILES = frozenset({"CHANGELOG.md"})


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: tuple[PurePosixPath, ...]
    removed: tuple[PurePosixPath, ...]
    unchanged: int


def existing_files(out_dir: Path) -> dict[PurePosixPath, bytes]:
    files: dict[PurePosixPath, bytes] = {}
    if not out_dir.is_dir():
        return files
    for path in sorted(out_dir.rglob("*")):
        rel = PurePosixPath(path.relative_to(out_dir).as_posix())
        if path.is_file() and not _ignored(rel):
            files[rel] = path.read_bytes()
    return files


def _ignored(rel: PurePosixPath) -> bool:
    return rel.as_posix() in _RELEASE_FILES or any(
        part in _IGNORED_PARTS or part.endswith(_IGNORED_SUFFIXES) for part in rel.parts
    )


def diff_files(out_dir: Path, files: Mapping[PurePosixPath, str]) -> str:
    """Unified diff from what is on disk to what would be written ('' when up to date)."""
    current = existing_files(out_dir)
    chunks: list[str] = []
    for rel in sorted(set(current) | set(files)):
        old = current.get(rel)
        new = files.get(rel)
        new_bytes = new.encode("utf-8") if new is not None else None
        if old == new_bytes:
            continue
        old_lines = old.decode("utf-8", errors="replace").splitlines(keepends=True) if old is not None else []
        new_lines = new.splitlines(keepends=True) if new is not None else []
        label = f"{out_dir.name}/{rel}"
        chunks.extend(difflib.unified_diff(old_lines, new_lines, f"a/{label}" if old is not None else "/dev/null",
                                           f"b/{label}" if new is not None else "/dev/null"))
    return "".join(chunks)


def write_files(out_dir: Path, files: Mapping[PurePosixPath, str]) -> WriteResult:
    """Replace the output folder's content with `files`, or leave it untouched if anything fails.

    The new tree is built in a sibling temporary folder (unchanged files are hard-linked or copied,
    so their timestamps stay), then swapped in with two renames. A crash between the renames leaves
    the old tree beside the new one under a `.sdkforge-tmp-*` name, never a mix of both.
    """
    current = existing_files(out_dir)
    encoded = {rel: text.encode("utf-8") for rel, text in files.items()}
    written = tuple(sorted(rel for rel, data in encoded.items() if current.get(rel) != data))
    removed = tuple(sorted(rel for rel in current if rel not in encoded))
    unchanged = len(encoded) - len(written)
    if not written and not removed and out_dir.is_dir():
        return WriteResult((), (), unchanged)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sdkforge-tmp-", dir=out_dir.parent))
    try:
        _fill(staging, out_dir, encoded, set(written))
        _keep_ignored(staging, out_dir)
        _swap(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return WriteResult(written, removed, unchanged)


def _fill(staging: Path, out_dir: Path, encoded: Mapping[PurePosixPath, bytes], changed: set[PurePosixPath]) -> None:
    for rel, data in sorted(encoded.items()):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in changed:
            target.write_bytes(data)
        else:
            shutil.copy2(out_dir / rel, target)  # keeps mtime: tools see the file as untouched


def _keep_ignored(staging: Path, out_dir: Path) -> None:
    """A maintainer's .venv or caches inside the output folder survive regeneration."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        if entry.name in _IGNORED_PARTS or entry.name in _RELEASE_FILES or entry.name.endswith(".egg-info"):
            os.replace(entry, staging / entry.name)


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    old = out_dir.with_name(f".sdkforge-tmp-old-{out_dir.name}-{os.getpid()}")
    os.replace(out_dir, old)
    try:
        os.replace(staging, out_dir)
    except OSError:
        os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
