"""A content-addressed cache on disk for slow, pure steps (black, openapi-spec-validator).

Keys are hashes of everything the result depends on (tool version, options, input bytes), so a hit is
exactly what the step would compute: the cache changes speed, never output. Set SDKFORGE_NO_CACHE=1 to
bypass it, SDKFORGE_CACHE_DIR to move it (default: $XDG_CACHE_HOME/sdkforge or ~/.cache/sdkforge).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def cache_dir(namespace: str) -> Path | None:
    if os.environ.get("SDKFORGE_NO_CACHE"):
        return None
    base = os.environ.get("SDKFORGE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "sdkforge"
    )
    folder = Path(base) / namespace
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: run without the cache
    return folder


def cache_key(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))  # length-prefixed: ("ab", "c") != ("a", "bc")
        digest.update(data)
    return digest.hexdigest()


def cache_get(folder: Path | None, key: str) -> str | None:
    """The stored value, or None on a miss or an entry that fails its checksum (a torn or edited file)."""
    if folder is None:
        return None
    try:
        stored = (folder / key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    checksum, _, value = stored.partition("\n")
    return value if checksum == _checksum(value) else None


def _checksum(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def cache_put(folder: Path | None, key: str, value: str) -> None:
    if folder is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_checksum(value) + "\n" + value)
        os.replace(tmp, folder / key)  # atomic: a reader never sees half a file
    except OSError:
        pass
