"""A content-addressed cache on disk for slow, pure steps (openapi-spec-validator, whole runs: memo.py).

Keys are hashes of everything the result depends on (tool version, options, input bytes), so a hit is
exactly what the step would compute: the cache changes speed, never output. Set SDKFORGE_NO_CACHE=1 to
bypass it, SDKFORGE_CACHE_DIR to move it (default: $XDG_CACHE_HOME/sdkforge or ~/.cache/sdkforge).

The cache is bounded: after a store, if all its entries together exceed SDKFORGE_CACHE_MAX_MB
(default 256 MiB: the stored runs of a few of the largest public specs), the least recently used go
first. A hit marks its entry as used by touching its modification time (access times are often not
kept), so eviction order is least recently stored or read. A process counts the cache by walking it at
its first store, then adds what it stores, and walks again only when that count passes the cap.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

DEFAULT_MAX_MB = 256


def cache_root() -> Path:
    return Path(
        os.environ.get("SDKFORGE_CACHE_DIR")
        or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
            "sdkforge",
        )
    )


def max_bytes() -> int:
    """The cap, from SDKFORGE_CACHE_MAX_MB (MiB, fractions allowed); the default when unset or unreadable."""
    try:
        megabytes = float(os.environ.get("SDKFORGE_CACHE_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return max(0, int(megabytes * 1024 * 1024))


def cache_dir(namespace: str) -> Path | None:
    if os.environ.get("SDKFORGE_NO_CACHE"):
        return None
    folder = cache_root() / namespace
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
    path = folder / key
    try:
        stored = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    checksum, _, value = stored.partition("\n")
    if checksum != _checksum(value):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be evicted
    return value


def _checksum(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def cache_put(folder: Path | None, key: str, value: str) -> None:
    cache_put_many(folder, [(key, value)])


# The cache's total size as this process last counted it, plus what it stored since: a run stores several
# times, and only the first store (or one that may pass the cap) walks the whole cache.
_counted: dict[Path, int] = {}


def cache_put_many(folder: Path | None, items: Iterable[tuple[str, str]]) -> None:
    """Store each (key, value), then evict if the cache may exceed its cap (cache_put: one of each)."""
    if folder is None:
        return
    import tempfile  # only a store needs it: a run answered from the cache never imports it

    added = 0
    for key, value in items:
        data = (_checksum(value) + "\n" + value).encode("utf-8")
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / key)  # atomic: a reader never sees half a file
        except OSError:
            break
        added += len(data)  # a replaced entry is counted twice: the estimate errs towards a walk
    root, limit = folder.parent, max_bytes()
    if added and (root not in _counted or _counted[root] + added > limit):
        _counted[root] = evict(root, limit)
    elif added:
        _counted[root] += added


def evict(root: Path, limit: int) -> int:
    """Delete the least recently used entries under `root` until they total at most `limit` bytes; the total left.

    Every file counts, whatever namespace it is in (also those of older sdkforge versions, which are
    never read again and so go first). Another process may delete the same file meanwhile: fine.
    """
    entries: list[tuple[int, str, int, Path]] = []
    for folder, _, names in os.walk(
        root
    ):  # os.walk + os.stat: several times cheaper than Path.rglob
        for name in names:
            file = os.path.join(folder, name)
            try:
                stat = os.stat(file)
            except OSError:
                continue
            entries.append((stat.st_mtime_ns, file, stat.st_size, Path(file)))
    total = sum(size for _, _, size, _ in entries)
    for _, _, size, path in sorted(entries):
        if total <= limit:
            break
        try:
            path.unlink(missing_ok=True)
        except OSError:
            continue
        total -= size
    return total
