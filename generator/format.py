"""Rendered text → black-formatted text. One pinned black, one Mode: same input, same bytes.

Black is the slowest stage, so results are cached by content: the key is a hash of black's version, the
mode and the input text, the value is black's output. A hit returns exactly what black would print, so
the cache changes speed, never bytes. Cold runs with many files format in parallel processes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePosixPath

from importlib.metadata import version

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

BLACK_VERSION = version("black")
MODE = Mode(target_versions={TargetVersion.PY310}, line_length=100)
_PARALLEL_THRESHOLD = 24  # below this many cache misses, starting worker processes costs more than it saves


class FormatError(Exception):
    """Black could not parse what a template produced: a bug in sdkforge, never in the spec."""


def format_source(text: str, path: PurePosixPath) -> str:
    if path.suffix != ".py":
        return text
    try:
        return black.format_str(text, mode=MODE)
    except InvalidInput as exc:
        raise FormatError(f"generated {path} is not valid Python ({exc}); this is a bug in sdkforge") from None


def format_files(files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    """Format every .py file, through the cache; the result is ordered like the input."""
    cache = _cache_dir()
    out: dict[PurePosixPath, str] = {}
    misses: dict[PurePosixPath, str] = {}
    for path, text in files.items():
        cached = _cache_get(cache, text) if cache and path.suffix == ".py" else None
        if cached is not None:
            out[path] = cached
        elif path.suffix == ".py":
            misses[path] = text
        else:
            out[path] = text
    for path, formatted in _format_many(misses).items():
        out[path] = formatted
        if cache:
            _cache_put(cache, misses[path], formatted)
    return {path: out[path] for path in files}


def _format_many(files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    if len(files) < _PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return {path: format_source(text, path) for path, text in files.items()}
    paths = list(files)
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(format_source, [files[p] for p in paths], paths, chunksize=8))
    return dict(zip(paths, results, strict=True))


def _cache_dir() -> Path | None:
    if os.environ.get("SDKFORGE_NO_CACHE"):
        return None
    base = os.environ.get("SDKFORGE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "sdkforge"
    )
    folder = Path(base) / f"black-{BLACK_VERSION}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: run without the cache
    return folder


def _key(text: str) -> str:
    digest = hashlib.sha256()
    digest.update(repr((BLACK_VERSION, MODE.line_length, sorted(v.name for v in MODE.target_versions))).encode())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def _cache_get(folder: Path, text: str) -> str | None:
    try:
        return (folder / _key(text)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _cache_put(folder: Path, text: str, formatted: str) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(formatted)
        os.replace(tmp, folder / _key(text))  # atomic: a reader never sees half a file
    except OSError:
        pass
