"""`sdkforge watch`: one warm process that regenerates whenever a file the last run read changes.

A cold `sdkforge generate` spends most of an edit's time starting up (the interpreter, click, PyYAML,
Jinja, the IR's classes) before it reads a byte of the spec. Watching keeps all of that loaded, and
the caches' work in memory (compiled templates, the validator), so an edit costs only the stages.

Changes are found by stat() every `interval` (a handful of files: cheaper than a dependency on an
OS notification library, and the same on every platform). A run reports the SHA-256 of what it read
of each file; a file that no longer hashes to that once the run is over changed during the run, and
the next run starts at once rather than waiting for another change.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .cache.folder_state import digest_of, stat_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cache.folder_state import Stat


def watch(run: Callable[[], dict[str, str | None]], *, interval: float) -> None:
    """Call `run` (it returns {path: SHA-256 of what it read, or None}), then again after any of those files
    changes; until KeyboardInterrupt. A file that no longer hashes to what the run read changed during
    the run (an editor that truncates, then writes): the next run starts at once."""
    while True:
        read = run()
        state = _state(read)
        if any(digest is not None and digest_of(path) != digest for path, digest in read.items()):
            continue  # changed while the run read it: the run's output is already stale
        while _state(read) == state:
            time.sleep(interval)


def _state(read: dict[str, str | None]) -> dict[str, Stat | None]:
    return {path: _stat(path) for path in read}


def _stat(path: str) -> Stat | None:
    try:
        return stat_of(path, follow_symlinks=True)
    except OSError:
        return None
