"""Rendered text → black-formatted text. One pinned black, one Mode: same input, same bytes.

Black is the slowest stage, so results go through the content-addressed cache (cache.py), and cold
runs with many files format in parallel processes. Black itself is imported only on a cache miss.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import PurePosixPath

from .cache import cache_dir, cache_get, cache_key, cache_put

BLACK_VERSION = version("black")
LINE_LENGTH = 100
TARGET_VERSIONS = ("PY310",)
_PARALLEL_THRESHOLD = 24  # below this many cache misses, starting worker processes costs more than it saves


class FormatError(Exception):
    """Black could not parse what a template produced: a bug in sdkforge, never in the spec."""


def format_source(text: str, path: PurePosixPath) -> str:
    if path.suffix != ".py":
        return text
    import black
    from black.mode import Mode, TargetVersion
    from black.parsing import InvalidInput

    mode = Mode(target_versions={TargetVersion[v] for v in TARGET_VERSIONS}, line_length=LINE_LENGTH)
    try:
        return black.format_str(text, mode=mode)
    except InvalidInput as exc:
        raise FormatError(f"generated {path} is not valid Python ({exc}); this is a bug in sdkforge") from None


def format_files(files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    """Format every .py file, through the cache; the result is ordered like the input."""
    folder = cache_dir(f"black-{BLACK_VERSION}")
    out: dict[PurePosixPath, str] = {}
    misses: dict[PurePosixPath, str] = {}
    for path, text in files.items():
        if path.suffix != ".py":
            out[path] = text
            continue
        cached = cache_get(folder, _key(text))
        if cached is None:
            misses[path] = text
        else:
            out[path] = cached
    for path, formatted in _format_many(misses).items():
        out[path] = formatted
        cache_put(folder, _key(misses[path]), formatted)
    return {path: out[path] for path in files}


def _key(text: str) -> str:
    return cache_key([BLACK_VERSION, str(LINE_LENGTH), ",".join(TARGET_VERSIONS), text])


def _format_many(files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    workers = min(4, os.cpu_count() or 1)
    if len(files) < _PARALLEL_THRESHOLD or workers < 2:
        return {path: format_source(text, path) for path, text in files.items()}
    # Largest first, one file per task: a few big resource modules dominate, and must not share a worker.
    paths = sorted(files, key=lambda p: -len(files[p]))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(format_source, [files[p] for p in paths], paths))
    formatted = dict(zip(paths, results, strict=True))
    return {path: formatted[path] for path in files}
