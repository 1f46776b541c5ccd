"""Wait for long-running tasks: ``poll`` / ``apoll`` and the ``json_pointer`` they read status with.

Every pointer of ``x-task-polling`` (status, reported task id, fail reason, the task itself) reads the
poll reply. The helpers return the task, which is the whole reply or the part of it the spec names
(Suno's ``{code, message, data: task}``: ``/data``), and call ``on_poll`` with it after each fetch.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import TypeVar, cast

import anyio
import pydantic

from ._deadline import deadline_after
from ._exceptions import APIResultError, APITimeoutError, TaskFailedError, TaskTimeoutError, redact

__all__ = ["apoll", "json_pointer", "poll", "task_at", "task_id_of"]

T = TypeVar("T")
R = TypeVar("R")

# The interval grows by this factor per poll, up to ``_MAX_INTERVAL_FACTOR`` times the first.
_BACKOFF = 1.5
_MAX_INTERVAL_FACTOR = 5.0
# A fetch that times out this close to the deadline was cut short by it: the task timed out.
_DEADLINE_SLACK = 0.25
# How much of a server's fail reason a TaskFailedError's message quotes.
_REASON_LIMIT = 500


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


def task_at(reply: object, pointer: str, kind: type[T]) -> T | None:
    """The ``kind`` instance at ``pointer`` in a poll reply, walking models by attribute (so the task keeps
    its class); ``None`` when the reply holds none there (yet)."""
    current: object = reply
    for raw in pointer[1:].split("/") if pointer not in ("", "/") else ():
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, pydantic.BaseModel):
            current = _attribute_by_alias(current, token)
        elif isinstance(current, Mapping):
            current = cast(Mapping[str, object], current).get(token)
        else:
            return None
    return current if isinstance(current, kind) else None


def _attribute_by_alias(model: pydantic.BaseModel, wire_name: str) -> object:
    for name, info in type(model).model_fields.items():
        if (info.alias or name) == wire_name:
            return getattr(model, name)
    return (model.model_extra or {}).get(wire_name)


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
        reason_of: Callable[[object], object] | None = None,
        secrets: Sequence[str] = (),
    ) -> None:
        self._reported_id_of = reported_id_of
        self._reason_of = reason_of
        self._secrets = secrets
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

    def timeout_from(self, error: APITimeoutError) -> Exception:
        """What a fetch's timeout means: the task's deadline if that cut it short, else itself."""
        return self.cut_by_deadline() or error

    def finished(self, task: T | None) -> T:
        if task is None:
            raise APIResultError(
                f"Task {self._task_id} succeeded but the reply holds no task where the spec says it is.",
                response=None,
                code=self.last_status,
                body=None,
            )
        return task

    def done(self, reply: object, status: object, task: object = None) -> bool:
        """True on success, raises on failure, False while the task is still running."""
        self.check_reported_id(reply)
        self.last_status = status
        if status in self._success:
            return True
        if status in self._failure:
            reason = self.fail_reason(reply)
            said = f": {reason}" if reason else "."
            raise TaskFailedError(
                f"Task {self._task_id} ended with status {status!r}{said}",
                status=status,
                task=reply if task is None else task,
                task_id=self._task_id,
                fail_reason=reason,
            )
        return False

    def fail_reason(self, task: object) -> str | None:
        """The server's reason for a failure, on one line and shortened; ``None`` if it gives none."""
        reason = None if self._reason_of is None else self._reason_of(task)
        if reason is None or reason == "":
            return None
        # Redacted before it is shortened: a reason that echoes the key must not show its first half.
        full = str(reason)
        head = full[: _REASON_LIMIT * 4]
        text = " ".join(redact(head, self._secrets, cut=len(head) < len(full)).split())
        return text if len(text) <= _REASON_LIMIT else text[:_REASON_LIMIT] + "…"

    def next_sleep(self) -> float:
        """Seconds to wait before the next fetch; raises once the deadline has passed."""
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise self.timed_out()
        delay = min(self._interval, remaining)
        self._interval = min(self._interval * _BACKOFF, self._max_interval)
        return delay


def poll(
    fetch: Callable[[], R],
    *,
    status_of: Callable[[R], object],
    success: Collection[object],
    failure: Collection[object],
    interval: float,
    timeout: float,
    task_id: str,
    task_of: Callable[[R], T | None],
    reported_id_of: Callable[[R], object] | None = None,
    reason_of: Callable[[R], object] | None = None,
    on_poll: Callable[[T], object] | None = None,
    secrets: Sequence[str] = (),
) -> T:
    """Call ``fetch`` until ``status_of`` its reply is in ``success``; waits ``interval`` first.

    Returns the task (``task_of`` the last reply). Every fetch runs inside the deadline: its connection,
    body and retries end by ``timeout``. ``on_poll`` hears of the task after each fetch.
    """
    poller = _poller(
        success, failure, interval, timeout, task_id, reported_id_of, reason_of, secrets
    )
    with deadline_after(timeout):
        while True:
            time.sleep(poller.next_sleep())
            try:
                reply = fetch()
            except APITimeoutError as exc:
                raise poller.timeout_from(exc) from exc
            task = task_of(reply)
            if on_poll is not None and task is not None:
                on_poll(task)
            if poller.done(reply, status_of(reply), task):
                return poller.finished(task)


async def apoll(
    fetch: Callable[[], Awaitable[R]],
    *,
    status_of: Callable[[R], object],
    success: Collection[object],
    failure: Collection[object],
    interval: float,
    timeout: float,
    task_id: str,
    task_of: Callable[[R], T | None],
    reported_id_of: Callable[[R], object] | None = None,
    reason_of: Callable[[R], object] | None = None,
    on_poll: Callable[[T], object] | None = None,
    secrets: Sequence[str] = (),
) -> T:
    """Async twin of ``poll``; cancelling the caller cancels the wait (nothing is swallowed).

    ``on_poll`` may be a plain function or a coroutine function: what it returns is awaited if it can be.
    """
    poller = _poller(
        success, failure, interval, timeout, task_id, reported_id_of, reason_of, secrets
    )
    with deadline_after(timeout):
        while True:
            await anyio.sleep(poller.next_sleep())
            try:
                reply = await fetch()
            except APITimeoutError as exc:
                raise poller.timeout_from(exc) from exc
            task = task_of(reply)
            if on_poll is not None and task is not None:
                heard = on_poll(task)
                if inspect.isawaitable(heard):
                    await heard
            if poller.done(reply, status_of(reply), task):
                return poller.finished(task)


def _poller(
    success: Collection[object],
    failure: Collection[object],
    interval: float,
    timeout: float,
    task_id: str,
    reported_id_of: Callable[[R], object] | None,
    reason_of: Callable[[R], object] | None,
    secrets: Sequence[str],
) -> _Poller:
    return _Poller(
        success=success,
        failure=failure,
        interval=interval,
        timeout=timeout,
        task_id=task_id,
        reported_id_of=cast("Callable[[object], object] | None", reported_id_of),
        reason_of=cast("Callable[[object], object] | None", reason_of),
        secrets=secrets,
    )
