"""One deadline for a whole wait: every request made inside it is bounded by the time left.

``poll``/``apoll`` open a scope with ``deadline_after(timeout)``; the client then clips each
request's timeouts to the time left, stops reading a body that trickles past it, and does not
retry beyond it. A context variable carries the deadline, so it follows the call into the client
in threads and in async tasks alike, without a parameter on every generated method.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Generator
from contextvars import ContextVar

__all__ = ["deadline_after", "deadline_passed", "time_left"]

_DEADLINE: ContextVar[float | None] = ContextVar("sdk_deadline", default=None)


@contextlib.contextmanager
def deadline_after(seconds: float) -> Generator[None, None, None]:
    """Bound everything inside the block to ``seconds`` from now (an outer, earlier deadline wins)."""
    at = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(at if outer is None else min(at, outer))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    """Seconds until the current deadline (negative once passed); ``None`` outside any scope."""
    at = _DEADLINE.get()
    return None if at is None else at - time.monotonic()


def deadline_passed() -> bool:
    left = time_left()
    return left is not None and left <= 0
