"""A no-change `sdkforge generate`, decided from stat() alone: the output folder as sdkforge last left it.

memo.py answers "same inputs → same files" without loading the spec, but the run still imports the
pipeline's modules and reads every output file to compare. Here, after a run that leaves the folder
exactly as generated (nothing more to write or delete), sdkforge stores a stamp under the run's memo
key (spec bytes, options, sdkforge's source and templates, tool versions) and the resolved spec and
output paths: every file of the folder as `scan_files` sees it, with its mode, size, modification and
change times (ns) and inode, and the SHA-256 of the files it wrote; and what the run printed
(findings, counts, the files left alone). The next run with the same key whose folder still stats
the same prints that and stops, without importing the loader, the validator, Jinja or the formatter.

Racy files are handled as folder_state.py says. The stamp changes speed, never output: any difference,
or any doubt, takes the normal path. replay.py answers the same question earlier still, from the
command line itself, before the config is read.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..config import Config
from ..report.diagnostics import Diagnostic
from .folder_state import folder_matches, stat_folder
from .memo import document_digests_match, run_key
from .store import cache_dir, cache_get, cache_key, cache_put

_NAMESPACE = "stamps-v2"  # v2: `documents` holds the spec too


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
    # What replay.py records besides: the SHA-256 of each file the run read, by path from the spec's
    # folder (Report.referenced), and of each file it wrote, by path in the output folder.
    documents: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)


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
    if not folder_matches(os.fspath(config.output), entry["files"], entry["taken"]):
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
        documents=entry["documents"],
        written={rel: stat[5] for rel, stat in entry["files"].items() if len(stat) > 5},
    )


def remember(
    config: Config,
    display: str,
    *,
    take_over: bool,
    stamped: Stamped,
) -> None:
    """Stamp the folder as it is now: right after a run that wrote `stamped.written` (every generated file,
    and the manifest) and found nothing else to do but leave `stamped.foreign` alone."""
    folder = cache_dir(_NAMESPACE)
    key = stamp_key(config, display, take_over=take_over) if folder is not None else None
    if key is None:
        return
    taken = time.time_ns()
    files = stat_folder(os.fspath(config.output))
    if files is None or set(files) != {*stamped.written, *(str(rel) for rel in stamped.foreign)}:
        return  # the folder is not what the run left (changed meanwhile): no stamp
    for rel, digest in stamped.written.items():
        files[rel].append(digest)
    entry = {
        "taken": taken,
        "documents": stamped.documents,
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
    if folder_matches(os.fspath(config.output), files, taken):  # a writer racing this one: no stamp
        cache_put(folder, key, json.dumps(entry, ensure_ascii=False))
