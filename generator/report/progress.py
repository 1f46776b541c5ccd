"""Pipeline stages → a live display on stderr, for runs long enough to need one (rich draws it).

`generate` reports its stages (load, validate, build, render, format, write) to a Stages object. The
default one does nothing; `open_stages` gives the live one only when stderr is a terminal, so CI logs,
pipes and golden snapshots never see it. The live display appears only once a run has lasted
DELAY_SECONDS (a warm run finishes before that), is redrawn by rich's own thread while a stage blocks,
and is erased when the run ends, before the findings are printed.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

DELAY_SECONDS = 1.0  # SDKFORGE_PROGRESS_DELAY overrides it (0: at once)


class Stages:
    """Where the pipeline says what it is doing. This base class shows nothing."""

    def stage(self, name: str, *, total: int | None = None, unit: str = "") -> None:
        """A new stage starts (the previous one is done); `total` items of `unit` if known."""

    def advance(self, amount: int = 1) -> None:
        """`amount` more items of the current stage are done."""

    def done(self, detail: str) -> None:
        """The current stage finished; `detail` counts what it made ("1,223 operations")."""


class LiveStages(Stages):
    """One line per stage: spinner (a check mark once done), name, bar and count, elapsed time."""

    def __init__(self, stream: TextIO, delay: float = DELAY_SECONDS) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(file=stream, stderr=stream is sys.stderr)
        self._progress = Progress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("{task.description:<8}"),
            BarColumn(bar_width=30),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,  # erased at the end: the findings and the totals line are what stays
            refresh_per_second=2,  # rich redraws in its own thread: ~7 ms of CPU a redraw, so 2 a second (~1.4% of a core)
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task: Any = None
        self._unit = ""
        self._lock = threading.Lock()
        self._started = False
        self._timer = threading.Timer(delay, self._start)
        self._timer.daemon = True
        self._timer.start()

    def _start(self) -> None:
        with self._lock:
            if not self._started:
                self._started = True
                self._progress.start()

    def stage(self, name: str, *, total: int | None = None, unit: str = "") -> None:
        self._finish()
        self._unit = unit
        self._task = self._progress.add_task(name, total=total, detail=self._count(0, total))

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)
            task = self._current()
            self._progress.update(self._task, detail=self._count(int(task.completed), task.total))

    def _count(self, completed: int, total: float | None) -> str:
        return f"{completed:,}/{int(total):,} {self._unit}" if total is not None else ""

    def _current(self) -> Any:
        return next(task for task in self._progress.tasks if task.id == self._task)

    def done(self, detail: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, detail=detail)
        self._finish()

    def _finish(self) -> None:
        if self._task is not None:
            task = self._current()
            total = task.total if task.total is not None else 1
            self._progress.update(self._task, total=total, completed=total)
            self._task = None

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            if self._started:
                self._progress.stop()
            self._started = True  # a timer that fires late must not start it again


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get("SDKFORGE_PROGRESS_DELAY", DELAY_SECONDS)))
    except ValueError:
        return DELAY_SECONDS


def counted(number: int, noun: str) -> str:
    """`1 operation`, `11,422 operations`: the counts a finished stage shows."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@contextmanager
def open_stages(*, enabled: bool = True, stream: TextIO | None = None) -> Iterator[Stages]:
    """A live display when `enabled` and `stream` (stderr) is a terminal; a silent Stages otherwise."""
    stream = stream if stream is not None else sys.stderr
    if not enabled or not stream.isatty():
        yield Stages()
        return
    live = LiveStages(stream, _delay())
    try:
        yield live
    finally:
        live.close()
