"""Task helpers (issue 11, item 8) over real HTTP on 127.0.0.1, sync and async: one deadline name
(`poll_timeout`) on `wait` and `<method>_and_wait`, the fail reason in `TaskFailedError`'s message, an
`on_poll` progress callback, the task (not its envelope) as the result, and the spec's interval as default."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import Config, generate
from tests.hostile.conftest import API_KEY
from tests.hostile.servers import Exchange

ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
MJ_SUBMITTED = json.dumps({"code": 1, "description": "Submitted", "result": "task-1"})
SUNO_SUBMITTED = json.dumps({"code": "success", "message": "", "data": "song-1"})


def _gitaigc() -> Any:
    import gitaigc

    return gitaigc


def _states(
    replies: list[dict[str, Any]], submit: str, submit_path: str
) -> Callable[[Exchange], None]:
    """Answers the submit, then the replies in turn (the last one again if polled further)."""
    left = list(replies)

    def script(ex: Exchange) -> None:
        if ex.request.path == submit_path:
            ex.json(200, submit)
        else:
            ex.json(200, json.dumps(left.pop(0) if len(left) > 1 else left[0]))

    return script


def _mj(status: str, **extra: Any) -> dict[str, Any]:
    return {"id": "task-1", "status": status, "progress": extra.pop("progress", ""), **extra}


def _suno(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": "success",
        "message": "",
        "data": {"task_id": "song-1", "status": status, **extra},
    }


def _call(url: str, is_async: bool, run: Callable[[Any], Any]) -> Any:
    """`run(client)` with a sync client, or awaited with an async one."""
    gitaigc = _gitaigc()
    if not is_async:
        with gitaigc.Gitaigc(api_key=API_KEY, base_url=url, max_retries=0) as client:
            return run(client)

    async def main() -> Any:
        async with gitaigc.AsyncGitaigc(api_key=API_KEY, base_url=url, max_retries=0) as client:
            return await run(client)

    return asyncio.run(main())


@ASYNC
def test_on_poll_hears_each_polled_task_and_the_task_is_returned(
    serve: Any, is_async: bool
) -> None:
    replies = [
        _mj("SUBMITTED"),
        _mj("IN_PROGRESS", progress="40%"),
        _mj("SUCCESS", progress="100%"),
    ]
    server = serve(_states(replies, MJ_SUBMITTED, "/mj/submit/imagine"))
    heard: list[Any] = []
    task = _call(
        server.url,
        is_async,
        lambda c: c.midjourney.imagine_and_wait(
            prompt="p", poll_interval=0.01, poll_timeout=5, on_poll=heard.append
        ),
    )
    assert [t.progress for t in heard] == ["", "40%", "100%"]
    assert all(type(t).__name__ == "Task" for t in heard) and task is heard[-1]


def test_the_async_client_awaits_a_coroutine_on_poll(serve: Any) -> None:
    server = serve(
        _states([_mj("IN_PROGRESS"), _mj("SUCCESS")], MJ_SUBMITTED, "/mj/submit/imagine")
    )
    heard: list[str] = []

    async def progress(task: Any) -> None:
        await asyncio.sleep(0)
        heard.append(task.status)

    _call(
        server.url,
        True,
        lambda c: c.midjourney.wait("task-1", poll_interval=0.01, poll_timeout=5, on_poll=progress),
    )
    assert heard == ["IN_PROGRESS", "SUCCESS"]


@ASYNC
def test_suno_and_wait_returns_the_task_not_its_envelope(serve: Any, is_async: bool) -> None:
    replies = [_suno("IN_PROGRESS"), _suno("SUCCESS", action="MUSIC", data=[{"id": "clip-1"}])]
    server = serve(_states(replies, SUNO_SUBMITTED, "/suno/submit/music"))
    heard: list[Any] = []
    task = _call(
        server.url,
        is_async,
        lambda c: c.suno.submit_music_and_wait(
            gpt_description_prompt="sea", poll_interval=0.01, poll_timeout=5, on_poll=heard.append
        ),
    )
    assert (
        type(task).__name__ == "SunoTask" and task.task_id == "song-1" and task.status == "SUCCESS"
    )
    assert [t.status for t in heard] == ["IN_PROGRESS", "SUCCESS"]


@ASYNC
@pytest.mark.parametrize(
    ("submit", "submit_path", "failed", "call"),
    [
        (
            MJ_SUBMITTED,
            "/mj/submit/imagine",
            _mj("FAILURE", failReason=f"banned prompt\n  (key {API_KEY})"),
            lambda c: c.midjourney.imagine_and_wait(prompt="p", poll_interval=0.01, poll_timeout=5),
        ),
        (
            SUNO_SUBMITTED,
            "/suno/submit/music",
            _suno("FAILURE", fail_reason=f"banned prompt\n  (key {API_KEY})"),
            lambda c: c.suno.submit_music_and_wait(
                gpt_description_prompt="p", poll_interval=0.01, poll_timeout=5
            ),
        ),
    ],
    ids=["midjourney", "suno"],
)
def test_the_failure_message_carries_the_fail_reason_redacted(
    serve: Any, is_async: bool, submit: str, submit_path: str, failed: dict[str, Any], call: Any
) -> None:
    server = serve(_states([failed], submit, submit_path))
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.TaskFailedError) as info:
        _call(server.url, is_async, call)
    assert str(info.value).endswith("ended with status 'FAILURE': banned prompt (key [REDACTED])")
    assert info.value.fail_reason == "banned prompt (key [REDACTED])" and API_KEY not in str(
        info.value
    )
    assert info.value.status == "FAILURE" and info.value.task_id in ("task-1", "song-1")


def test_one_deadline_name_and_the_spec_interval_on_every_helper() -> None:
    gitaigc = _gitaigc()
    for client_class in (gitaigc.Gitaigc, gitaigc.AsyncGitaigc):
        client = client_class(api_key=API_KEY, base_url="http://127.0.0.1:9")
        for resource in (client.midjourney, client.suno):
            helpers = [
                name for name in dir(resource) if name == "wait" or name.endswith("_and_wait")
            ]
            assert len(helpers) >= 3
            for name in helpers:
                parameters = inspect.signature(getattr(resource, name)).parameters
                assert parameters["poll_timeout"].default == 600.0, name
                assert parameters["poll_interval"].default == 15.0, (
                    name
                )  # x-task-polling interval: 15
                assert parameters["on_poll"].default is None, name
                assert "interval" not in parameters, name
                # per-request `timeout` stays the HTTP timeout, on the methods that send a request
                assert ("timeout" in parameters) == name.endswith("_and_wait"), name


SPEC = """
openapi: 3.1.0
info: {title: Jobs, version: '1'}
components:
  schemas:
    Job: {type: object, properties: {id: {type: string}, state: {type: string}}}
    Envelope: {type: object, properties: {data: {$ref: '#/components/schemas/Job'}, note: {type: string}}}
paths:
  /jobs:
    post:
      operationId: createJob
      tags: [jobs]
      x-task-polling: {operationId: getJob, parameter: id, taskId: /data/id, status: /data/state, task: TASK,
                       success: [done], failure: [failed], interval: INTERVAL}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Envelope'}}}}}
  /jobs/{id}:
    get:
      operationId: getJob
      tags: [jobs]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Envelope'}}}}}
"""


@pytest.mark.parametrize(
    ("task", "interval", "finding", "annotation"),
    [
        ("/data", "3", None, "-> Job:"),
        ("/note", "3", "SDK245 polling-task", "-> Envelope:"),
        ("/missing", "3", "SDK245 polling-task", "-> Envelope:"),
        ("/data", "0", "SDK244 polling-interval", "poll_interval: float = 2.0"),
        ("/data", "'soon'", "SDK244 polling-interval", "poll_interval: float = 2.0"),
    ],
)
def test_task_pointer_and_interval_are_checked(
    tmp_path: Path, task: str, interval: str, finding: str | None, annotation: str
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC.replace("TASK", task).replace("INTERVAL", interval), encoding="utf-8")
    report = generate(
        spec, Config(package_name="jobs", client_class="Client"), display="openapi.yaml"
    )
    assert report.ok
    found = [d.format() for d in report.diagnostics]
    if finding is None:
        assert found == []
    else:
        assert (
            len(found) == 1
            and finding in found[0]
            and "#/paths/~1jobs/post/x-task-polling/" in found[0]
        ), found
    resource = next(
        text
        for path, text in report.files.items()
        if path.name == "jobs.py" and "resources" in path.parts
    )
    assert annotation in resource
