"""Wait for long-running tasks: ``poll`` / ``apoll`` and the ``json_pointer`` they read status with."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import TypeVar, cast

import anyio
import pydantic

from ._exceptions import TaskFailedError, TaskTimeoutError

__all__ = ["apoll", "json_pointer", "poll"]

T = TypeVar("T")

# The interval grows by this factor per poll, up to ``_MAX_INTERVAL_FACTOR`` times the first.
_BACKOFF = 1.5
_MAX_INTERVAL_FACTOR = 5.0


def json_pointer(value: object, pointer: str) -> object:
    """Resolve an RFC 6901 pointer in dicts, lists and pydantic models (by alias); ``None`` if absent."""
    if pointer in ("", "/"):
        return value
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    current: object = value
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, pydantic.BaseModel):
            current = current.model_dump(mode="python", by_alias=True)
        if isinstance(current, Mapping):
            mapping = cast(Mapping[str, object], current)
            if token not in mapping:
                return None
            current = mapping[token]
        elif isinstance(current, Sequence) and not isinstance(current, (str, bytes)):
            items = cast(Sequence[object], current)
            if not token.isdigit() or int(token) >= len(items):
                return None
            current = items[int(token)]
        else:
            return None
    return current


class _Poller:
    """The decisions shared by ``poll`` and ``apoll``; only fetching and sleeping differ."""

    def __init__(
        self,
        *,
        success: Collection[object],
        failure: Collection[object],
        interval: float,
        timeout: float,
        task_id: str,
    ) -> None:
        self._success = success
        self._failure = failure
        self._interval = interval
        self._max_interval = interval * _MAX_INTERVAL_FACTOR
        self._deadline = time.monotonic() + timeout
        self._timeout = timeout
        self._task_id = task_id
        self.last_status: object = None

    def done(self, task: object, status: object) -> bool:
        """True on success, raises on failure, False while the task is still running."""
        self.last_status = status
        if status in self._success:
            return True
        if status in self._failure:
            raise TaskFailedError(
                f"Task {self._task_id} ended with status {status!r}.", status=status, task=task
            )
        return False

    def next_sleep(self) -> float:
        """Seconds to wait before the next fetch; raises once the deadline has passed."""
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TaskTimeoutError(
                f"Task {self._task_id} did not finish within {self._timeout} seconds "
                f"(last status {self.last_status!r}).",
                task_id=self._task_id,
                last_status=self.last_status,
            )
        delay = min(self._interval, remaining)
        self._interval = min(self._interval * _BACKOFF, self._max_interval)
        return delay


def poll(
    fetch: Callable[[], T],
    *,
    status_of: Callable[[T], object],
    success: Collection[object],
    failure: Collection[object],
    interval: float,
    timeout: float,
    task_id: str,
) -> T:
    """Call ``fetch`` until ``status_of`` its result is in ``success``; waits ``interval`` first."""
    poller = _Poller(
        success=success, failure=failure, interval=interval, timeout=timeout, task_id=task_id
    )
    while True:
        time.sleep(poller.next_sleep())
        task = fetch()
        if poller.done(task, status_of(task)):
            return task


async def apoll(
    fetch: Callable[[], Awaitable[T]],
    *,
    status_of: Callable[[T], object],
    success: Collection[object],
    failure: Collection[object],
    interval: float,
    timeout: float,
    task_id: str,
) -> T:
    """Async twin of ``poll``; cancelling the caller cancels the wait (nothing is swallowed)."""
    poller = _Poller(
        success=success, failure=failure, interval=interval, timeout=timeout, task_id=task_id
    )
    while True:
        await anyio.sleep(poller.next_sleep())
        task = await fetch()
        if poller.done(task, status_of(task)):
            return task
