"""A no-change `sdkforge generate`, decided from stat() alone: the output folder as sdkforge last left it.

memo.py answers "same inputs → same files" without loading the spec, but the run still imports the
pipeline's modules and reads every output file to compare. Here, after a run that leaves the folder
exactly as generated (nothing more to write or delete), sdkforge stores a stamp under the run's memo
key (spec bytes, options, sdkforge's source and templates, tool versions) and the resolved spec and
output paths: every file of the folder as `scan_files` sees it, with its mode, size, modification and
change times (ns) and inode, and the SHA-256 of the files it wrote; and what the run printed
(findings, counts, the files left alone). The next run with the same key whose folder still stats
the same prints that and stops, without importing the loader, the validator, Jinja or the formatter.

Racy files (git's term): a file changed within RACY_NS of the stamp could be edited again without its
times moving on a filesystem with coarse timestamps, so such a file is trusted only if its bytes still
hash to what was written. A file that was not generated (left alone) matters only by its presence.
The stamp changes speed, never output: any difference, or any doubt, takes the normal path.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..config import Config
from ..droppings import is_quiet
from ..report.diagnostics import Diagnostic
from .memo import document_digests_match, run_key
from .store import cache_dir, cache_get, cache_key, cache_put

_NAMESPACE = "stamps-v1"
RACY_NS = 3_000_000_000  # FAT's 2 s modification times, with a margin


@dataclass(frozen=True, slots=True)
class Stamped:
    """What a no-change run prints: the run's findings and counts, and the files it left alone."""

    diagnostics: list[Diagnostic]
    file_count: int
    operations_generated: int
    operations_total: int
    operations_skipped: tuple[str, ...]
    operations_degraded: int
    foreign: list[PurePosixPath]


def stamp_key(config: Config, display: str, *, take_over: bool) -> str | None:
    key = run_key(config.spec, config, display)
    if key is None:
        return None
    return cache_key(
        [_NAMESPACE, key, str(config.spec.resolve()), str(config.output.resolve()), str(take_over)]
    )


def recall(config: Config, display: str, *, take_over: bool) -> Stamped | None:
    """The stored outcome if the inputs and the output folder are as a stamp recorded them, else None."""
    folder = cache_dir(_NAMESPACE)
    key = stamp_key(config, display, take_over=take_over) if folder is not None else None
    stored = cache_get(folder, key) if key is not None else None
    if stored is None:
        return None
    entry = json.loads(stored)
    if not document_digests_match(config.spec, entry["documents"]):
        return None
    if not _folder_matches(config.output, entry["files"], entry["taken"]):
        return None
    from ..report.codes import diagnostic_from_json

    outcome = entry["outcome"]
    return Stamped(
        diagnostics=[diagnostic_from_json(item) for item in outcome["diagnostics"]],
        file_count=outcome["file_count"],
        operations_generated=outcome["generated"],
        operations_total=outcome["total"],
        operations_skipped=tuple(outcome["skipped"]),
        operations_degraded=outcome["degraded"],
        foreign=[PurePosixPath(name) for name in outcome["foreign"]],
    )


def remember(
    config: Config,
    display: str,
    *,
    take_over: bool,
    stamped: Stamped,
    documents: dict[str, str],
    written: dict[PurePosixPath, bytes],
) -> None:
    """Stamp the folder as it is now: right after a run that wrote `written` (every generated file, with its
    bytes, and the manifest) and found nothing else to do but leave `stamped.foreign` alone."""
    folder = cache_dir(_NAMESPACE)
    key = stamp_key(config, display, take_over=take_over) if folder is not None else None
    if key is None:
        return
    taken = time.time_ns()
    files = _stat_folder(config.output)
    if files is None or set(files) != {str(rel) for rel in (*written, *stamped.foreign)}:
        return  # the folder is not what the run left (changed meanwhile): no stamp
    for rel, data in written.items():
        files[str(rel)].append(hashlib.sha256(data).hexdigest())
    entry = {
        "taken": taken,
        "documents": documents,
        "files": files,
        "outcome": {
            "diagnostics": [d.to_json() for d in stamped.diagnostics],
            "file_count": stamped.file_count,
            "generated": stamped.operations_generated,
            "total": stamped.operations_total,
            "skipped": list(stamped.operations_skipped),
            "degraded": stamped.operations_degraded,
            "foreign": [str(rel) for rel in stamped.foreign],
        },
    }
    if _folder_matches(config.output, files, taken):  # a writer racing this one: no stamp
        cache_put(folder, key, json.dumps(entry, ensure_ascii=False))


def _folder_matches(out_dir: Path, recorded: dict[str, list[Any]], taken: int) -> bool:
    now = _stat_folder(out_dir)
    if now is None or now.keys() != recorded.keys():
        return False
    for rel, stat in now.items():
        before = recorded[rel]
        if stat != before[:5]:
            return False
        if max(stat[2], stat[3]) + RACY_NS >= taken:  # mtime, ctime
            digest = before[5] if len(before) > 5 else None
            if digest is not None and _digest_of(out_dir / rel) != digest:
                return False
    return True


def _stat_folder(out_dir: Path) -> dict[str, list[Any]] | None:
    """Every file `write.scan_files` would see, as [mode, size, mtime_ns, ctime_ns, inode]; None if unreadable."""
    found: dict[str, list[Any]] = {}
    top = os.fspath(out_dir)
    try:
        for folder, dirs, names in os.walk(top, onerror=_raise):
            dirs[:] = [d for d in dirs if not is_quiet(d)]
            prefix = (
                os.path.relpath(folder, top).replace(os.sep, "/") + "/" if folder != top else ""
            )
            for name in names:
                if not is_quiet(name):
                    st = os.lstat(os.path.join(folder, name))
                    found[prefix + name] = [
                        st.st_mode,
                        st.st_size,
                        st.st_mtime_ns,
                        st.st_ctime_ns,
                        st.st_ino,
                    ]
    except OSError:
        return None
    return found


def _raise(error: OSError) -> None:
    raise error


def _digest_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
