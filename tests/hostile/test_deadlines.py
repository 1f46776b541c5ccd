"""Deadlines that hold: ``wait`` / ``*_and_wait`` end at their deadline whatever the fetch does.

The remaining time bounds every fetch (its connection, its body and its retries), so a fetch that
trickles a byte every two seconds or never answers ends with ``TaskTimeoutError`` at the deadline.
A reply about another task, or a submit without a task id, is an error at once.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from tests.hostile.conftest import API_KEY
from tests.hostile.servers import Exchange

SUBMITTED = json.dumps({"code": 1, "description": "Submitted", "result": "task-1"})
ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


def _gitaigc() -> Any:
    import gitaigc

    return gitaigc


def _relay(fetch: Any, submit: str = SUBMITTED) -> Any:
    def script(ex: Exchange) -> None:
        if ex.request.path == "/mj/submit/imagine":
            ex.json(200, submit)
        else:
            fetch(ex)

    return script


def _trickle(ex: Exchange) -> None:
    body = json.dumps({"id": "task-1", "status": "SUCCESS"}).encode()
    ex.head(200, {"content-type": "application/json", "content-length": str(len(body))})
    for byte in body:
        # Gives up after a few seconds so that a regression fails in seconds, not minutes.
        if not ex.write(bytes([byte])) or not ex.wait(2.0) or ex.server.stopping.is_set():
            return


def _hang(ex: Exchange) -> None:
    ex.wait(30)


def _run(
    url: str,
    how: str,
    *,
    is_async: bool,
    deadline: float,
    clock: list[float] | None = None,
    **client_kwargs: Any,
) -> Any:
    """Submit and/or wait; ``clock`` receives the start of the wait itself (imports and set-up excluded)."""
    gitaigc = _gitaigc()
    clock = clock if clock is not None else []

    def sync_call(client: Any) -> Any:
        client.midjourney  # noqa: B018 - imports the resource before the clock starts
        clock.append(time.monotonic())
        if how == "and_wait":
            return client.midjourney.imagine_and_wait(
                prompt="p", poll_timeout=deadline, poll_interval=0.05
            )
        return client.midjourney.wait("task-1", poll_timeout=deadline, poll_interval=0.05)

    async def async_call(client: Any) -> Any:
        client.midjourney  # noqa: B018 - imports the resource before the clock starts
        clock.append(time.monotonic())
        if how == "and_wait":
            return await client.midjourney.imagine_and_wait(
                prompt="p", poll_timeout=deadline, poll_interval=0.05
            )
        return await client.midjourney.wait("task-1", poll_timeout=deadline, poll_interval=0.05)

    if not is_async:
        with gitaigc.Gitaigc(api_key=API_KEY, base_url=url, **client_kwargs) as client:
            return sync_call(client)

    async def main() -> Any:
        async with gitaigc.AsyncGitaigc(api_key=API_KEY, base_url=url, **client_kwargs) as client:
            return await async_call(client)

    return asyncio.run(main())


@ASYNC
@pytest.mark.parametrize("how", ["wait", "and_wait"])
@pytest.mark.parametrize("fetch", [_trickle, _hang], ids=["trickle", "hang"])
def test_a_slow_fetch_ends_at_the_deadline(
    serve: Any, fetch: Any, how: str, is_async: bool
) -> None:
    server = serve(_relay(fetch))
    gitaigc = _gitaigc()
    clock: list[float] = []
    # The client's own timeout is generous and retries are on: the deadline must still win.
    with pytest.raises(gitaigc.TaskTimeoutError) as info:
        _run(
            server.url,
            how,
            is_async=is_async,
            deadline=1.5,
            clock=clock,
            timeout=20.0,
            max_retries=2,
        )
    elapsed = time.monotonic() - clock[0]
    assert elapsed < 1.5 + 0.5, f"took {elapsed:.1f} s for a 1.5 s deadline"
    assert info.value.task_id == "task-1"
    assert isinstance(info.value.__cause__, gitaigc.APITimeoutError)


@ASYNC
def test_a_reply_about_another_task_is_an_error(serve: Any, is_async: bool) -> None:
    server = serve(
        _relay(lambda ex: ex.json(200, json.dumps({"id": "task-2", "status": "SUCCESS"})))
    )
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.APIResultError) as info:
        _run(server.url, "and_wait", is_async=is_async, deadline=5)
    assert "task-1" in str(info.value) and "task-2" in str(info.value)


@ASYNC
@pytest.mark.parametrize("result", ["null", '""'])
def test_a_submit_without_a_task_id_raises_at_once(serve: Any, result: str, is_async: bool) -> None:
    submit = f'{{"code": 1, "description": "Submitted", "result": {result}}}'
    server = serve(
        _relay(lambda ex: ex.json(200, json.dumps({"id": "None", "status": "SUCCESS"})), submit)
    )
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.APIResultError) as info:
        _run(server.url, "and_wait", is_async=is_async, deadline=5)
    assert [r.path for r in server.requests] == ["/mj/submit/imagine"], "nothing was polled"
    assert "/result" in str(info.value)
