"""The output folder's manifest: which files sdkforge generated there, with their SHA-256 → `.sdkforge-manifest.json`.

sdkforge overwrites and deletes only the files its manifest lists, so the manifest is the whole of its claim on
a folder. Its bytes depend only on the files (sorted keys, fixed indentation), and it is committed with them,
so `generate --check` compares it like any other file.

SECURITY: a manifest is read from disk and may have been edited. An entry that could reach outside the folder
(absolute, `..`, a drive) or into a `.git` folder is dropped on reading, so it can never be deleted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

MANIFEST_NAME = ".sdkforge-manifest.json"
_FORMAT = 1
_NOTE = "Files sdkforge generated in this folder and their SHA-256. It overwrites and deletes only these."


class ManifestError(Exception):
    """The manifest exists but cannot be read as one."""


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(files: Mapping[PurePosixPath, bytes]) -> str:
    """The manifest for `files` (the manifest itself is never listed)."""
    return manifest_of_hashes({rel: file_hash(data) for rel, data in files.items()})


def manifest_of_hashes(hashes: Mapping[PurePosixPath, str]) -> str:
    entries = {
        str(rel): digest for rel, digest in sorted(hashes.items()) if str(rel) != MANIFEST_NAME
    }
    body = {"generator": "sdkforge", "format": _FORMAT, "note": _NOTE, "files": entries}
    return json.dumps(body, indent=2, ensure_ascii=True) + "\n"


def read_manifest(out_dir: Path) -> dict[PurePosixPath, str] | None:
    """The files the manifest in `out_dir` lists, with their hashes; None when there is no manifest."""
    path = out_dir / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(f"{MANIFEST_NAME} cannot be read: {exc}") from None
    entries = (
        body.get("files")
        if isinstance(body, dict) and body.get("generator") == "sdkforge"
        else None
    )
    if not isinstance(entries, dict):
        raise ManifestError(
            f'{MANIFEST_NAME} is not an sdkforge manifest (no "generator": "sdkforge" and "files")'
        )
    return {
        PurePosixPath(name): digest
        for name, digest in entries.items()
        if is_safe_entry(name) and isinstance(digest, str)
    }


def is_safe_entry(name: object) -> bool:
    """A relative path that stays inside the folder and out of `.git`; anything else is never ours."""
    if not isinstance(name, str) or not name or "\\" in name or ":" in name or "\x00" in name:
        return False
    rel = PurePosixPath(name)
    if rel.is_absolute() or str(rel) != name:
        return False
    return all(part not in ("", ".", "..", ".git") for part in rel.parts) and name != MANIFEST_NAME
