"""One pure, slow step in a forked child, while this process goes on: openapi-spec-validator on a large
spec takes as long as building, rendering and formatting it, and the two need not wait for each other.

The child is a fork, so it sees the loaded spec without copying or pickling it; it sends back one
string through a pipe and exits. The caller always ends it: `result()` reads and reaps it, `cancel()`
(in a `finally`, also on Ctrl-C) kills and reaps it, so no process outlives the command. Where fork is
missing, or other threads run (a lock one of them holds would stay held in the child), or the child
fails, the step simply runs here: the answer is the same, only later.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable


class Pending:
    """The step's answer, once asked for."""

    running = False  # computed elsewhere, not asked for yet

    def result(self) -> str:
        raise NotImplementedError

    def cancel(self) -> None:
        """End the step if it still runs (idempotent)."""


class _Done(Pending):
    def __init__(self, value: str) -> None:
        self._value = value

    def result(self) -> str:
        return self._value


class _Forked(Pending):
    def __init__(self, pid: int, reader: int, step: Callable[[], str]) -> None:
        self._pid: int | None = pid
        self._reader = reader
        self._step = step
        self._value: str | None = None
        self.running = True

    def result(self) -> str:
        if self._value is None:
            chunks = []
            reader, self._reader = self._reader, -1
            with os.fdopen(reader, "rb") as pipe:
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
            status = self._reap()
            ok = os.waitstatus_to_exitcode(status) == 0 and bool(chunks)
            self._value = (
                b"".join(chunks)[1:].decode("utf-8") if ok else self._step()
            )  # [1:]: the "ok" byte
            self.running = False
        return self._value

    def cancel(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        if self._reader >= 0:
            reader, self._reader = self._reader, -1
            os.close(reader)
        self.running = False

    def _reap(self) -> int:
        pid, self._pid = self._pid, None
        if pid is None:
            return 1
        while True:
            try:
                return os.waitpid(pid, 0)[1]
            except (
                InterruptedError
            ):  # pragma: no cover - retried by Python since 3.5; kept for clarity
                continue


def done(value: str) -> Pending:
    """An answer already known."""
    return _Done(value)


def start(step: Callable[[], str]) -> Pending:
    """Run `step` in a forked child when that is safe, else here and now."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return _Done(step())
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        _die_with(parent)
        _child(reader, writer, step)
    os.close(writer)
    return _Forked(pid, reader, step)


def _die_with(parent: int) -> None:
    """On Linux, the child is killed when the parent dies, even of a signal that skips its cleanup (SIGTERM,
    SIGKILL); elsewhere it finds out when it writes its answer to a pipe nobody reads, and exits."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _child(reader: int, writer: int, step: Callable[[], str]) -> None:
    code = 1
    try:
        os.close(reader)
        # Fresh streams: nothing the child prints (a library's warning) may reach the user twice, or
        # wait on a lock the parent held when it forked.
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        data = b"\x01" + step().encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(writer, view) :]
        code = 0
    except BaseException:  # any failure (Ctrl-C too): the parent runs the step itself
        pass
    finally:
        os._exit(code)
