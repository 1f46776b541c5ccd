"""Rendered files → the output folder, touching only what sdkforge made; or, with --check, a diff of what would change.

An output folder is sdkforge's when it is absent, empty, or holds sdkforge's manifest (manifest.py). sdkforge
then overwrites and deletes only the files the manifest lists. Anything else in the folder (a `.git`, notes,
a virtualenv) is foreign: it is never deleted or moved, and it is reported. A folder that is neither empty nor
sdkforge's is refused unless the user asks to take it over, and even then its foreign files stay.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..droppings import is_quiet
from .manifest import (
    MANIFEST_NAME,
    ManifestError,
    file_hash,
    manifest_of_hashes,
    read_manifest,
)

_MANIFEST = PurePosixPath(MANIFEST_NAME)


class OutputRefused(Exception):
    """sdkforge will not write into this folder; nothing was written."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class OutputFailed(Exception):
    """Writing stopped part-way (a full disk, a permission); the message says what was done before."""


@dataclass(slots=True)
class WritePlan:
    """What writing `files` into `out_dir` will do, decided before anything is touched."""

    out_dir: Path
    encoded: dict[PurePosixPath, bytes]
    previous: dict[PurePosixPath, str]
    written: list[PurePosixPath] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)
    unchanged: int = 0
    kept_edited: list[PurePosixPath] = field(
        default_factory=list
    )  # stale, but edited by hand: left in place
    overwritten_edited: list[PurePosixPath] = field(
        default_factory=list
    )  # generated, edited by hand, regenerated
    replaced_foreign: list[PurePosixPath] = field(
        default_factory=list
    )  # --take-over: not ours, now generated
    adopted: list[PurePosixPath] = field(
        default_factory=list
    )  # not ours, but already exactly what we generate
    foreign: list[PurePosixPath] = field(default_factory=list)  # not ours: left alone
    hashes: dict[PurePosixPath, str] = field(
        init=False
    )  # SHA-256 of each of `encoded`: hashed once

    def __post_init__(self) -> None:
        self.hashes = {rel: file_hash(data) for rel, data in self.encoded.items()}

    @property
    def manifest(self) -> bytes:
        return manifest_of_hashes(self.hashes).encode("utf-8")


# -- deciding ---------------------------------------------------------------------------------------


def plan_write(
    out_dir: Path,
    files: Mapping[PurePosixPath, str],
    *,
    spec_path: Path | None = None,
    take_over: bool = False,
) -> WritePlan:
    """Decide what to write, overwrite and delete; raise OutputRefused if the folder is not sdkforge's to write."""
    refuse_spec_folder(out_dir, spec_path)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputRefused(
            f"{out_dir} is a file, not a folder; nothing was written.", "pass a folder with --out"
        )
    existing = scan_files(out_dir)
    previous = _previous_manifest(out_dir, existing, take_over)
    plan = WritePlan(out_dir, {rel: text.encode("utf-8") for rel, text in files.items()}, previous)
    foreign = sorted(set(existing) - set(previous) - {_MANIFEST})
    # A foreign file that already holds exactly what sdkforge generates loses nothing by being adopted.
    plan.adopted = [
        rel for rel in foreign if rel in plan.encoded and _read(existing[rel]) == plan.encoded[rel]
    ]
    clashes = [rel for rel in foreign if rel in plan.encoded and rel not in plan.adopted]
    if clashes and not take_over:
        raise OutputRefused(
            f"{_listing(out_dir, clashes)} {'is' if len(clashes) == 1 else 'are'} in the way: sdkforge would generate "
            f"{'it' if len(clashes) == 1 else 'them'} but did not make {'it' if len(clashes) == 1 else 'them'} "
            f"(not in {MANIFEST_NAME}); nothing was written.",
            "move them elsewhere, or pass --take-over to replace them with generated files",
        )
    plan.replaced_foreign = clashes
    plan.foreign = [rel for rel in foreign if rel not in plan.encoded]
    _plan_generated(plan, existing)
    _plan_stale(plan, existing)
    return plan


def refuse_spec_folder(out_dir: Path, spec_path: Path | None) -> None:
    """The spec's own folder, and every folder above it, are never an output folder."""
    if spec_path is None:
        return
    out, spec_folder = out_dir.resolve(), spec_path.resolve().parent
    if out == spec_folder or out in spec_folder.parents:
        raise OutputRefused(
            f"--out {out_dir} {'is' if out == spec_folder else 'contains'} the spec's folder ({spec_path}); "
            "sdkforge never generates there, so that the spec and the files beside it are safe; nothing was written.",
            "pass a separate folder with --out, such as a new `generated` folder next to the spec's folder",
        )


def _previous_manifest(
    out_dir: Path, existing: Mapping[PurePosixPath, Path], take_over: bool
) -> dict[PurePosixPath, str]:
    try:
        previous = read_manifest(out_dir)
    except ManifestError as exc:
        if take_over:
            return {}
        raise OutputRefused(
            f"{out_dir} is not sdkforge's output folder: {exc}; nothing was written.",
            "pass --take-over to generate into it anyway (files sdkforge did not make are never deleted)",
        ) from None
    if previous is not None:
        return {rel: digest for rel, digest in previous.items() if rel in existing}
    entries = sorted(p.name for p in out_dir.iterdir()) if out_dir.is_dir() else []
    if entries and not take_over:
        what = (
            f"{len(existing)} file(s) sdkforge did not make ({_examples(existing)})"
            if existing
            else ", ".join(entries)
        )
        raise OutputRefused(
            f"{out_dir} is not sdkforge's output folder: it holds {what} and no {MANIFEST_NAME}; nothing was written.",
            "pass a new or empty folder with --out, or pass --take-over to generate into this one "
            "(files sdkforge did not make are never deleted)",
        )
    return {}


def _plan_generated(plan: WritePlan, existing: Mapping[PurePosixPath, Path]) -> None:
    for rel, data in sorted(plan.encoded.items()):
        path = existing.get(rel)
        current = _read(path) if path is not None else None
        if current == data:
            plan.unchanged += 1
            continue
        plan.written.append(rel)
        if (
            current is not None
            and rel in plan.previous
            and file_hash(current) != plan.previous[rel]
        ):
            plan.overwritten_edited.append(rel)


def _plan_stale(plan: WritePlan, existing: Mapping[PurePosixPath, Path]) -> None:
    for rel, digest in sorted(plan.previous.items()):
        if rel in plan.encoded:
            continue
        current = _read(existing[rel])
        if current is not None and file_hash(current) == digest:
            plan.removed.append(rel)
        else:
            plan.kept_edited.append(rel)


def scan_files(out_dir: Path) -> dict[PurePosixPath, Path]:
    """Every file under `out_dir` but tool droppings (caches, virtualenvs, `.git`); symlinks are not followed."""
    found: dict[PurePosixPath, Path] = {}
    if not out_dir.is_dir():
        return found
    top = os.fspath(out_dir)
    for folder, dirs, names in os.walk(top):  # strings, not Paths: a run scans every file it made
        dirs[:] = sorted(d for d in dirs if not is_quiet(d))
        prefix = os.path.relpath(folder, top).replace(os.sep, "/") + "/" if folder != top else ""
        for name in sorted(names):
            if not is_quiet(name):
                found[PurePosixPath(prefix + name)] = Path(folder, name)
    return found


def _read(path: Path) -> bytes | None:
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _examples(paths: Mapping[PurePosixPath, object], limit: int = 3) -> str:
    names = sorted(str(p) for p in paths)
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _listing(out_dir: Path, paths: list[PurePosixPath]) -> str:
    return ", ".join(f"{out_dir / p}" for p in paths[:3]) + (
        f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    )


# -- doing ------------------------------------------------------------------------------------------


def apply_plan(plan: WritePlan) -> None:
    """Write, then delete, then record. Each file is replaced atomically (a temporary file beside it, then a
    rename). The manifest is written first listing old and new files alike, so that a run stopped half-way
    still knows every file it may have written; the final manifest is written last."""
    manifest = plan.manifest
    on_disk_manifest = _read(plan.out_dir / MANIFEST_NAME)
    if not plan.written and not plan.removed and on_disk_manifest == manifest:
        return
    done: list[str] = []
    try:
        plan.out_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(plan.out_dir, _MANIFEST, _union_manifest(plan))
        for rel in plan.written:
            _write_atomic(plan.out_dir, rel, plan.encoded[rel])
            done.append(f"wrote {rel}")
        for rel in plan.removed:
            _remove(plan.out_dir, rel)
            done.append(f"removed {rel}")
        _write_atomic(plan.out_dir, _MANIFEST, manifest)
    except OSError as exc:
        what = (
            f"{len(done)} step(s) were done before it ({', '.join(done[-3:])}{', ...' if len(done) > 3 else ''})"
            if done
            else "no file was changed"
        )
        raise OutputFailed(
            f"could not write {exc.filename or plan.out_dir}: {exc.strerror or exc}; {what}. "
            f"{MANIFEST_NAME} lists every file sdkforge may have written, so running again is safe."
        ) from None


def _union_manifest(plan: WritePlan) -> bytes:
    """The in-progress manifest: the old files with their old hashes, and the new ones with their new hashes."""
    hashes = {**plan.previous, **{rel: file_hash(data) for rel, data in plan.encoded.items()}}
    return manifest_of_hashes(hashes).encode("utf-8")


def _inside(out_dir: Path, rel: PurePosixPath) -> Path:
    """The file's path, refusing one whose folder (through a symlink) lies outside the output folder."""
    target = out_dir / rel
    if (
        target.parent.resolve() != out_dir.resolve()
        and out_dir.resolve() not in target.parent.resolve().parents
    ):
        raise OSError(
            0,
            "its folder is a link out of the output folder; sdkforge does not follow it",
            str(target),
        )
    return target


def _write_atomic(out_dir: Path, rel: PurePosixPath, data: bytes) -> None:
    target = _inside(out_dir, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.sdkforge-tmp-{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def _remove(out_dir: Path, rel: PurePosixPath) -> None:
    """Delete one stale generated file, then any folder it leaves empty (never the output folder itself)."""
    target = _inside(out_dir, rel)
    target.unlink()
    folder = target.parent
    while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# -- checking ---------------------------------------------------------------------------------------


def diff_files(plan: WritePlan) -> str:
    """Unified diff from what is on disk to what `apply_plan` would write ('' when up to date).
    Only sdkforge's files take part: the manifest, what it lists, and what would be generated."""
    import difflib  # only --check needs it

    new = {**plan.encoded, _MANIFEST: plan.manifest}
    current = {
        rel: _read(plan.out_dir / rel)
        for rel in sorted({*plan.previous, *new})
        if (plan.out_dir / rel).is_file()
    }
    chunks: list[str] = []
    for rel in sorted(set(current) | set(new)):
        old, data = current.get(rel), new.get(rel)
        if old == data or rel in plan.kept_edited:
            continue
        old_lines = (
            old.decode("utf-8", errors="replace").splitlines(keepends=True)
            if old is not None
            else []
        )
        new_lines = data.decode("utf-8").splitlines(keepends=True) if data is not None else []
        label = f"{plan.out_dir.name}/{rel}"
        chunks.extend(
            difflib.unified_diff(
                old_lines,
                new_lines,
                f"a/{label}" if old is not None else "/dev/null",
                f"b/{label}" if data is not None else "/dev/null",
            )
        )
    return "".join(chunks)
