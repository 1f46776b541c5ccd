"""Client behaviour: configuration, request building, errors, secrets, uploads, raw/binary, polling."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import pickle
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx2
import pytest
from conftest import API_KEY, Conn, Request, keep_alive
from pydantic import Field

from generator.runtime import _base_client, _exceptions, _models, _polling, _types


def echo(conn: Conn, req: Request) -> bool:
    body = json.dumps(
        {
            "method": req.method,
            "path": req.path,
            "headers": req.headers,
            "body": req.body.decode("latin-1"),
        }
    ).encode()
    return conn.respond(200, body, {"x-request-id": "echo-1"})


# -- configuration ----------------------------------------------------------------------------


def test_missing_api_key(rt: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RT_API_KEY", raising=False)
    with pytest.raises(rt.exc.RtError, match="RT_API_KEY"):
        rt.pkg.Rt()
    monkeypatch.setenv("RT_API_KEY", "from-env")
    monkeypatch.setenv("RT_BASE_URL", "http://example.invalid/v1")
    with rt.pkg.Rt() as client:
        assert client.api_key == "from-env"
        assert str(client.base_url) == "http://example.invalid/v1/"
    monkeypatch.setenv("RT_BASE_URL", "")
    with rt.pkg.Rt() as client:
        assert (client.base_url.host, client.base_url.port) == ("127.0.0.1", 9)


def test_defaults(rt: Any) -> None:
    assert httpx2.Timeout(600.0, connect=5.0) == rt.base.DEFAULT_TIMEOUT
    assert rt.base.DEFAULT_MAX_RETRIES == 2
    with rt.pkg.Rt(api_key=API_KEY) as client:
        assert client.timeout == rt.base.DEFAULT_TIMEOUT
        assert client.max_retries == 2
        assert API_KEY not in repr(client)


def test_with_options_shares_pool_and_leaves_original(rt: Any) -> None:
    client = rt.pkg.Rt(api_key=API_KEY, max_retries=1, default_headers={"X-A": "1"})
    clone = client.with_options(max_retries=5, timeout=3.0)
    assert type(clone) is rt.pkg.Rt
    assert clone.http_client is client.http_client
    assert (clone.max_retries, clone.timeout) == (5, 3.0)
    assert (client.max_retries, client.timeout) == (1, rt.base.DEFAULT_TIMEOUT)
    assert clone.default_headers == {"X-A": "1"} and clone.api_key == API_KEY
    clone.close()  # borrowed pool: must stay open
    assert not client.http_client.is_closed
    client.close()
    assert client.http_client.is_closed


def test_user_http_client_is_not_closed(rt: Any) -> None:
    with httpx2.Client() as http:
        rt.pkg.Rt(api_key=API_KEY, http_client=http).close()
        assert not http.is_closed


# -- request building -------------------------------------------------------------------------


def test_request_building(rt: Any, serve: Any, make_client: Any) -> None:
    class Item(rt.models.BaseModel):
        item_id: int = Field(alias="itemId")
        note: str | None = None

    server = serve(keep_alive(echo))
    client = make_client(server, default_headers={"X-Default": "d"}, default_query={"v": "1"})
    NOT_GIVEN = rt.types.NOT_GIVEN
    result = client.request(
        dict,
        rt.base.APIRequest(
            "post",
            rt.base.path_template("/items/{id}/x", id="a/b c"),
            query={"flag": True, "tags": ["a", "b"], "skip": NOT_GIVEN, "none": None},
            headers={"X-Call": "c", "X-Skip": NOT_GIVEN},
            json_body={"item": Item(itemId=3), "gone": NOT_GIVEN, "n": None},
            security=["bearerAuth"],
            options=rt.base.RequestOptions(
                extra_headers={"X-Default": "override"},
                extra_query={"extra": "q"},
                extra_body={"more": 1},
            ),
        ),
    )
    assert result["method"] == "POST"
    assert result["path"] == "/items/a%2Fb%20c/x?v=1&flag=true&tags=a&tags=b&extra=q"
    headers = result["headers"]
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["x-default"] == "override"
    assert headers["x-call"] == "c" and "x-skip" not in headers
    assert headers["user-agent"] == "Rt/Python 0.0.0"
    assert json.loads(result["body"]) == {"item": {"itemId": 3}, "n": None, "more": 1}
    # No security requirement: no credentials are sent.
    assert "authorization" not in client.request(dict, rt.base.APIRequest("GET", "/p"))["headers"]


def test_typed_request_path(rt: Any, serve: Any, make_client: Any) -> None:
    """What `cast_to` may be: a class, `type(None)` for no body, `ResponseType[X](X)` for a union;
    `stream_to` is only used when the request streams."""
    server = serve(keep_alive(echo))
    client = make_client(server)
    get = rt.base.APIRequest("GET", "/p")
    assert client.request(type(None), get) is None
    union = rt.base.ResponseType[dict[str, Any] | int](dict[str, Any] | int)
    assert client.request(union, get)["method"] == "GET"
    assert client.request(dict, get, stream_to=rt.streaming.Stream[dict])["path"] == "/p"


def test_base_url_path_is_kept(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(echo))
    client = make_client(server, base_url=server.url + "/v1")
    assert client.request(dict, rt.base.APIRequest("GET", "/models"))["path"] == "/v1/models"


def test_path_template() -> None:
    assert _base_client.path_template("/mj/task/{id}/fetch", id="12 3") == "/mj/task/12%203/fetch"
    for bad in ("", ".", ".."):
        with pytest.raises(ValueError):
            _base_client.path_template("/t/{id}", id=bad)
    with pytest.raises(ValueError, match="Missing"):
        _base_client.path_template("/t/{id}")


def test_timeouts(rt: Any) -> None:
    with rt.pkg.Rt(api_key=API_KEY, timeout=30.0, stream_idle_timeout=7.0) as client:
        build = client._build_request
        call = client._prepare_call(
            type(None),
            rt.base.APIRequest(
                "GET",
                "/x",
                retry_safe=True,
                options=rt.base.RequestOptions(timeout=httpx2.Timeout(1.0, connect=0.5)),
            ),
        )
        assert build(call, 0).extensions["timeout"] == httpx2.Timeout(1.0, connect=0.5).as_dict()
        streaming = client._prepare_call(
            rt.streaming.Stream, rt.base.APIRequest("GET", "/x", stream=True)
        )
        assert build(streaming, 0).extensions["timeout"] == {
            "connect": 30.0,
            "read": 7.0,
            "write": 30.0,
            "pool": 30.0,
        }


def test_retry_delay_computation() -> None:
    delay = _base_client.compute_retry_delay
    assert [delay(n, rand=lambda: 0.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert delay(0, rand=lambda: 1.0) == 0.375  # jitter floor: 0.75 of the backoff
    assert delay(1, {"retry-after": "7"}) == 7.0
    assert delay(1, {"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert delay(1, {"retry-after": "120"}, rand=lambda: 0.0) == 1.0  # too long: ignored
    assert delay(1, {"retry-after": "nonsense"}, rand=lambda: 0.0) == 1.0
    when = datetime.now(UTC) + timedelta(seconds=20)
    assert 17 < delay(0, {"retry-after": format_datetime(when, usegmt=True)}) <= 20


# -- errors and secrets -----------------------------------------------------------------------


def test_errors_pickle(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(
        keep_alive(
            lambda c, r: c.respond(404, b'{"error": {"message": "nope"}}', {"request-id": "r-9"})
        )
    )
    client = make_client(server)
    with pytest.raises(rt.exc.NotFoundError) as info:
        client.request(dict, rt.base.APIRequest("GET", "/missing"))
    errors = [
        info.value,
        rt.exc.APITimeoutError(request=info.value.request),
        rt.exc.StreamError("boom", request=None, error={"m": 1}, event="error"),
        rt.exc.TaskFailedError("failed", status="FAILURE", task={"id": "t"}),
        rt.exc.TaskTimeoutError("late", task_id="t", last_status="RUNNING"),
        rt.exc.APIResultError("bad", response=None, code=4, body={"code": 4}),
    ]
    for err in errors:
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err)
        assert str(copy) == str(err) and copy.message == err.message
        assert API_KEY.encode() not in pickle.dumps(err)
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.status_code, copy.body, copy.request_id) == (
        404,
        {"message": "nope"},
        "r-9",
    )
    assert isinstance(copy, rt.exc.APIStatusError) and isinstance(copy, rt.exc.RtError)


def test_status_table(rt: Any, serve: Any, make_client: Any) -> None:
    table = {
        400: "BadRequestError",
        401: "AuthenticationError",
        403: "PermissionDeniedError",
        404: "NotFoundError",
        409: "ConflictError",
        422: "UnprocessableEntityError",
        429: "RateLimitError",
        418: "APIStatusError",
        504: "InternalServerError",
    }
    server = serve(keep_alive(lambda c, r: c.respond(int(r.path.strip("/")), b"{}")))
    client = make_client(server, max_retries=0)
    for status, name in table.items():
        with pytest.raises(rt.exc.APIStatusError) as info:
            client.request(dict, rt.base.APIRequest("GET", f"/{status}"))
        assert type(info.value).__name__ == name


def test_api_key_never_leaks(
    rt: Any, serve: Any, make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # The server echoes the request headers, credentials included, into its error body.
    def leaky(conn: Conn, req: Request) -> bool:
        return conn.respond(
            500 if len(conn.server.requests) < 3 else 400, json.dumps(req.headers).encode()
        )

    server = serve(keep_alive(leaky))
    client = make_client(server)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(rt.exc.BadRequestError) as info:
        client.request(
            dict, rt.base.APIRequest("GET", "/x", security=["bearerAuth"], retry_safe=True)
        )
    assert API_KEY in server.requests[0].headers["authorization"]
    assert API_KEY not in str(info.value) and API_KEY not in repr(info.value)
    assert API_KEY not in repr(client)
    assert caplog.records, "expected debug request logs"
    assert any(r.name == "rt" for r in caplog.records)
    for record in caplog.records:
        assert API_KEY not in record.getMessage()


# -- uploads, binary, raw ---------------------------------------------------------------------


def test_multipart_uploads(rt: Any, serve: Any, make_client: Any, tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"PNGDATA")
    server = serve(keep_alive(echo))
    client = make_client(server)
    result = client.request(
        dict,
        rt.base.APIRequest(
            "POST",
            "/upload",
            multipart={
                "raw": b"RAWBYTES",
                "fileobj": io.BytesIO(b"FILEOBJ"),
                "path": path,
                "named": ("a.txt", b"TEXT", "text/plain"),
                "flag": True,
                "tags": ["x", "y"],
                "skip": rt.types.NOT_GIVEN,
            },
        ),
    )
    body = result["body"]
    assert result["headers"]["content-type"].startswith("multipart/form-data")
    for fragment in (
        'name="raw"',
        "RAWBYTES",
        "FILEOBJ",
        'filename="photo.png"',
        "PNGDATA",
        'filename="a.txt"',
        "Content-Type: text/plain",
        'name="flag"\r\n\r\ntrue',
    ):
        assert fragment in body
    assert body.count('name="tags"') == 2 and 'name="skip"' not in body
    with pytest.raises(TypeError):
        rt.files.to_httpx_file("some/path.txt")


def test_binary_response(rt: Any, serve: Any, make_client: Any, tmp_path: Path) -> None:
    payload = bytes(range(256)) * 10
    server = serve(keep_alive(lambda c, r: c.respond(200, payload, {"content-type": "audio/mpeg"})))
    client = make_client(server)
    result = client.request(rt.response.BinaryResponse, rt.base.APIRequest("GET", "/audio"))
    assert result.content == payload and result.content_type == "audio/mpeg"
    assert b"".join(result.iter_bytes(100)) == payload
    result.write_to_file(tmp_path / "out.mp3")
    assert (tmp_path / "out.mp3").read_bytes() == payload


def test_raw_response_wrapper(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(echo))
    client = make_client(server)

    def get_thing(thing_id: str, *, extra_headers: dict[str, str] | None = None) -> dict[str, Any]:
        return client.request(
            dict,
            rt.base.APIRequest(
                "GET",
                f"/things/{thing_id}",
                options=rt.base.RequestOptions(extra_headers=extra_headers),
            ),
        )

    raw = rt.base.to_raw_response_wrapper(get_thing)("7")
    assert isinstance(raw, rt.response.APIResponse)
    assert raw.status_code == 200 and raw.request_id == "echo-1"
    parsed = raw.parse()
    assert parsed["path"] == "/things/7" and raw.parse() is parsed
    assert rt.base.RAW_RESPONSE_HEADER.lower() not in parsed["headers"]

    async def main() -> None:
        async with rt.pkg.AsyncRt(api_key=API_KEY, base_url=server.url) as aclient:

            async def aget(*, options: Any = None) -> Any:
                return await aclient.request(dict, rt.base.APIRequest("GET", "/a", options=options))

            araw = await rt.base.async_to_raw_response_wrapper(aget)()
            assert araw.parse()["path"] == "/a"

    asyncio.run(main())


# -- NOT_GIVEN, models, polling ---------------------------------------------------------------


def test_not_given() -> None:
    NOT_GIVEN = _types.NOT_GIVEN
    assert not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN"
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
    assert _types.NotGiven() is NOT_GIVEN


def test_models() -> None:
    class Pet(_models.BaseModel):
        owner_id: int | None = Field(default=None, alias="ownerId")
        model_name: str = "x"

    pet = Pet.model_validate({"ownerId": 3, "future": True})
    assert pet.to_dict() == {"ownerId": 3, "future": True}
    assert json.loads(pet.to_json()) == {"ownerId": 3, "future": True}
    assert Pet(owner_id=1).owner_id == 1


def test_json_pointer() -> None:
    class Task(_models.BaseModel):
        task_status: str = Field(alias="taskStatus")

    ptr = _polling.json_pointer
    doc = {"a/b": {"m~n": [10, {"x": 1}]}, "task": Task(taskStatus="OK")}
    assert ptr(doc, "/a~1b/m~0n/1/x") == 1
    assert ptr(doc, "/task/taskStatus") == "OK"
    assert ptr(doc, "/missing/x") is None and ptr(doc, "") is doc
    assert ptr(Task(taskStatus="S"), "/taskStatus") == "S"


def test_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(_polling.time, "sleep", sleeps.append)
    states = iter(["QUEUED", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "SUCCESS"])
    kwargs: dict[str, Any] = dict(
        status_of=lambda t: t["status"],
        success={"SUCCESS"},
        failure={"FAILURE"},
        interval=2.0,
        timeout=3600,
        task_id="t1",
        task_of=lambda reply: reply,
    )
    task = _polling.poll(lambda: {"status": next(states)}, **kwargs)
    assert task == {"status": "SUCCESS"}
    assert sleeps == [2.0, 3.0, 4.5, 6.75, 10.0, 10.0]
    with pytest.raises(_exceptions.TaskFailedError) as info:
        _polling.poll(lambda: {"status": "FAILURE"}, **kwargs)
    assert info.value.status == "FAILURE" and info.value.task == {"status": "FAILURE"}
    with pytest.raises(_exceptions.TaskTimeoutError) as late:
        _polling.poll(
            lambda: {"status": "RUNNING"}, **{**kwargs, "timeout": 0.05, "interval": 0.01}
        )
    assert late.value.task_id == "t1" and late.value.last_status == "RUNNING"


def test_apoll_success_and_cancellation() -> None:
    async def main() -> None:
        states = iter(["RUNNING", "SUCCESS"])

        async def fetch() -> dict[str, str]:
            return {"status": next(states)}

        kwargs: dict[str, Any] = dict(
            status_of=lambda t: t["status"],
            success={"SUCCESS"},
            failure=(),
            interval=0.01,
            timeout=5,
            task_id="t",
            task_of=lambda reply: reply,
        )
        assert await _polling.apoll(fetch, **kwargs) == {"status": "SUCCESS"}

        async def never() -> dict[str, str]:
            return {"status": "RUNNING"}

        task = asyncio.ensure_future(_polling.apoll(never, **kwargs))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
