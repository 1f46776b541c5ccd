"""Rendered text → black-formatted text. One pinned black, one Mode: same input, same bytes.

Black is the slowest stage, so results go through the content-addressed cache (cache.py), and cold
runs with many files format in parallel processes. Black itself is imported only on a cache miss.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
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
    return FormatJob(files).result()


class FormatJob:
    """Black over many files, started now and collected later, so the caller can validate meanwhile.

    Cache hits are served at once; misses go to worker processes when there are enough of them to pay
    for starting the workers, else they are formatted in this process when the result is asked for.
    """

    def __init__(self, files: Mapping[PurePosixPath, str]) -> None:
        self._files = dict(files)
        self._folder = cache_dir(f"black-{BLACK_VERSION}")
        self._done: dict[PurePosixPath, str] = {}
        self._misses: dict[PurePosixPath, str] = {}
        for path, text in self._files.items():
            cached = cache_get(self._folder, _key(text)) if path.suffix == ".py" else text
            if cached is None:
                self._misses[path] = text
            else:
                self._done[path] = cached
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[PurePosixPath, Future[str]] = {}
        workers = min(4, os.cpu_count() or 1)
        if len(self._misses) >= _PARALLEL_THRESHOLD and workers >= 2:
            # spawn, not fork: the caller may have threads (a test server), and a forked child would
            # inherit their locks in whatever state they were.
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
            # Largest first: a few big resource modules dominate, and must not queue behind small ones.
            for path in sorted(self._misses, key=lambda p: -len(self._misses[p])):
                self._futures[path] = self._pool.submit(format_source, self._misses[path], path)

    @property
    def size(self) -> int:
        return len(self._files)

    def result(self, on_done: Callable[[int], None] | None = None) -> dict[PurePosixPath, str]:
        """Every file formatted; `on_done(n)` hears of the cache hits at once, then of each miss (progress)."""
        if on_done is not None:
            on_done(len(self._files) - len(self._misses))
        try:
            for path, text in self._misses.items():
                future = self._futures.get(path)
                formatted = future.result() if future is not None else format_source(text, path)
                self._done[path] = formatted
                cache_put(self._folder, _key(text), formatted)
                if on_done is not None:
                    on_done(1)
        finally:
            self.cancel()
        return {path: self._done[path] for path in self._files}

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _key(text: str) -> str:
    return cache_key([BLACK_VERSION, str(LINE_LENGTH), ",".join(TARGET_VERSIONS), text])
