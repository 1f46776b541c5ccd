"""Wait for long-running tasks: ``poll`` / ``apoll`` and the ``json_pointer`` they read status with."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import TypeVar, cast

import anyio
import pydantic

from ._deadline import deadline_after
from ._exceptions import APIResultError, APITimeoutError, TaskFailedError, TaskTimeoutError

__all__ = ["apoll", "json_pointer", "poll", "task_id_of"]

T = TypeVar("T")

# The interval grows by this factor per poll, up to ``_MAX_INTERVAL_FACTOR`` times the first.
_BACKOFF = 1.5
_MAX_INTERVAL_FACTOR = 5.0
# A fetch that times out this close to the deadline was cut short by it: the task timed out.
_DEADLINE_SLACK = 0.25


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


def task_id_of(submitted: object, pointer: str) -> str:
    """The task id at ``pointer`` in a submit reply; ``APIResultError`` if there is none to wait for."""
    value = json_pointer(submitted, pointer)
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        shown = "null" if value is None else repr(value)[:80]
        raise APIResultError(
            f"The submit reply has no task id at {pointer} (got {shown}); there is no task to wait for.",
            response=None,
            code=value,
            body=None,
        )
    return str(value)


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
        reported_id_of: Callable[[object], object] | None = None,
    ) -> None:
        self._reported_id_of = reported_id_of
        self._success = success
        self._failure = failure
        self._interval = interval
        self._max_interval = interval * _MAX_INTERVAL_FACTOR
        self._deadline = time.monotonic() + timeout
        self._timeout = timeout
        self._task_id = task_id
        self.last_status: object = None

    def check_reported_id(self, task: object) -> None:
        """A reply about another task is not news about ours (a proxy's cache, a server's bug)."""
        if self._reported_id_of is None:
            return
        reported = self._reported_id_of(task)
        if reported is not None and str(reported) != self._task_id:
            raise APIResultError(
                f"Polled task {self._task_id} but the reply is about task {str(reported)[:80]}.",
                response=None,
                code=reported,
                body=None,
            )

    def timed_out(self) -> TaskTimeoutError:
        return TaskTimeoutError(
            f"Task {self._task_id} did not finish within {self._timeout} seconds "
            f"(last status {self.last_status!r}).",
            task_id=self._task_id,
            last_status=self.last_status,
        )

    def cut_by_deadline(self) -> TaskTimeoutError | None:
        """The ``TaskTimeoutError`` a fetch's timeout means when the deadline cut it short."""
        return self.timed_out() if self._deadline - time.monotonic() <= _DEADLINE_SLACK else None

    def done(self, task: object, status: object) -> bool:
        """True on success, raises on failure, False while the task is still running."""
        self.check_reported_id(task)
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
            raise self.timed_out()
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
    reported_id_of: Callable[[T], object] | None = None,
) -> T:
    """Call ``fetch`` until ``status_of`` its result is in ``success``; waits ``interval`` first.

    Every fetch runs inside the deadline: its connection, body and retries end by ``timeout``.
    """
    poller = _Poller(
        success=success,
        failure=failure,
        interval=interval,
        timeout=timeout,
        task_id=task_id,
        reported_id_of=cast("Callable[[object], object] | None", reported_id_of),
    )
    with deadline_after(timeout):
        while True:
            time.sleep(poller.next_sleep())
            try:
                task = fetch()
            except APITimeoutError as exc:
                timed_out = poller.cut_by_deadline()
                if timed_out is None:
                    raise
                raise timed_out from exc
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
    reported_id_of: Callable[[T], object] | None = None,
) -> T:
    """Async twin of ``poll``; cancelling the caller cancels the wait (nothing is swallowed)."""
    poller = _Poller(
        success=success,
        failure=failure,
        interval=interval,
        timeout=timeout,
        task_id=task_id,
        reported_id_of=cast("Callable[[object], object] | None", reported_id_of),
    )
    with deadline_after(timeout):
        while True:
            await anyio.sleep(poller.next_sleep())
            try:
                task = await fetch()
            except APITimeoutError as exc:
                timed_out = poller.cut_by_deadline()
                if timed_out is None:
                    raise
                raise timed_out from exc
            if poller.done(task, status_of(task)):
                return task
