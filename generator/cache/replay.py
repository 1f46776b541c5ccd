"""The last `sdkforge generate`, replayed: a no-change run answered from its command line alone.

stamp.py knows there is nothing to do once the command line is parsed and the config read, and
that takes click, tomllib and the config's dataclasses: more time than the rest of a no-change run.
Here the same question is asked earlier, in entry.py, with the standard library only. A replay is
recorded by a run that left its output folder exactly as generated (where stamp.py records one),
under a key made of its command line: the arguments, the working folder, the SDKFORGE_* variables,
whether stderr is a terminal, the interpreter, and sdkforge itself by stat (fingerprint.py). It holds
the stat() of every file that run read (each pyproject.toml it looked for, found or not; the spec
and the files it references), of the output folder's files, and what a no-change run prints.

A later run with the same key whose files all still stat the same (racy ones: hash the same, as in
folder_state.py) prints that transcript, with its own time, and exits 0. Any difference, or any
doubt, is a miss: the normal path runs and decides.
"""

from __future__ import annotations

import json
import os
import sys
import time

from .fingerprint import sdkforge_stat_signature
from .folder_state import digest_of, file_matches, folder_matches, stat_folder, stat_of
from .store import cache_dir, cache_get, cache_key, cache_put

TYPE_CHECKING = False  # see folder_state.py
if TYPE_CHECKING:
    from .folder_state import Stat

_NAMESPACE = "replays-v1"

# A transcript line is text, or the totals line split around its time: [before, after].
Line = str | list[str]


def invocation_key(argv: list[str]) -> str | None:
    """The key of this command line, or None when caching is off (SDKFORGE_NO_CACHE) or it is not a run
    that a replay could stand for."""
    if not argv or argv[0] != "generate" or cache_dir(_NAMESPACE) is None:
        return None
    environment = sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("SDKFORGE_"))
    try:
        where = os.getcwd()
        terminal = sys.stderr is not None and sys.stderr.isatty()
        sources = sdkforge_stat_signature()
    except (OSError, ValueError):
        return None
    return cache_key(
        [_NAMESPACE, sys.executable, where, str(terminal), sources, *environment, "--", *argv]
    )


class Invocation:
    """This run's command line, for the replay it may record (cli.py gets it as click's `obj`)."""

    __slots__ = ("key",)

    def __init__(self, key: str | None) -> None:
        self.key = key


def recall(key: str) -> list[Line] | None:
    """The recorded transcript, if everything is as the replay recorded it; else None."""
    stored = cache_get(cache_dir(_NAMESPACE), key)
    if stored is None:
        return None
    try:
        entry = json.loads(stored)
        taken = entry["taken"]
        if not _inputs_match(entry["inputs"], taken):
            return None
        if not folder_matches(entry["output"], entry["files"], taken):
            return None
        lines: list[Line] = entry["lines"]
    except (KeyError, TypeError, ValueError):
        return None
    return lines


def print_transcript(lines: list[Line], elapsed: float) -> None:
    """What the recorded run would print now, to stderr as click.echo(err=True) prints it."""
    stream = sys.stderr
    for line in lines:
        stream.write(
            (line if isinstance(line, str) else totals_line(line[0], line[1], elapsed)) + "\n"
        )
    stream.flush()


def totals_line(before: str, after: str, elapsed: float) -> str:
    """`generated: 28/28 operations, … in 0.01s; 0 error(s), 0 warning(s).`: the one line with a time."""
    return f"{before} in {elapsed:.2f}s; {after}"


def remember(
    key: str,
    *,
    read: dict[str, str | None],
    output: str,
    written: dict[str, str],
    lines: list[Line],
) -> None:
    """Record a replay of the run that read `read` ({path: SHA-256 of the bytes it read, or None for a file it
    found absent}) and left `output` holding `written` ({path in it: SHA-256}) and nothing else of its own.

    A file whose bytes are no longer those the run read (an edit during the run) means no replay."""
    folder = cache_dir(_NAMESPACE)
    if folder is None:
        return
    taken = time.time_ns()
    inputs: dict[str, Stat | None] = {}
    for path, digest in read.items():
        if digest is None:
            if os.path.lexists(path):
                return  # it appeared since the run looked
            inputs[path] = None
            continue
        stat = _stat_with_digest(path, digest)
        if stat is None:
            return
        inputs[path] = stat
    files = stat_folder(output)
    if files is None:
        return
    for rel, digest in written.items():
        if rel in files:
            files[rel].append(digest)
    if not folder_matches(output, files, taken):  # a writer racing this run: no replay
        return
    entry = {"taken": taken, "inputs": inputs, "output": output, "files": files, "lines": lines}
    cache_put(folder, key, json.dumps(entry, ensure_ascii=False))


def _stat_with_digest(path: str, digest: str) -> Stat | None:
    """[mode, size, mtime, ctime, inode, SHA-256] of a file that still holds `digest`; else None."""
    try:
        stat = stat_of(path, follow_symlinks=True)
    except OSError:
        return None
    return [*stat, digest] if digest_of(path) == digest else None


def _inputs_match(inputs: dict[str, Stat | None], taken: int) -> bool:
    for path, recorded in inputs.items():
        try:
            stat = stat_of(path, follow_symlinks=True)
        except OSError:
            if recorded is None:
                continue  # absent then, absent now
            return False
        if recorded is None or not file_matches(path, stat, recorded, taken):
            return False
    return True
