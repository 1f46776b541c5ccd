"""The `sdkforge` command: a replay of the last identical `generate` if nothing changed, else the CLI.

Only the standard library is imported before the replay is decided (cache/replay.py): a no-change
run then costs little more than the interpreter's start.
"""

from __future__ import annotations

import sys
import time


def main() -> None:
    started = time.perf_counter()
    argv = sys.argv[1:]
    from .cache import replay

    key: str | None = None
    try:
        key = replay.invocation_key(argv)
        lines = replay.recall(key) if key is not None else None
    except (
        Exception
    ):  # the replay is only ever a shortcut: any trouble, and the normal path decides
        key, lines = None, None
    if lines is not None:
        replay.print_transcript(lines, time.perf_counter() - started)
        sys.exit(0)
    from .cli import main as cli

    cli(args=argv, obj=replay.Invocation(key))
