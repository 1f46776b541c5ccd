"""Fault injection against real local servers: retries, typed errors, no leaked connections."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from typing import Any

import httpx2
import pytest
from conftest import API_KEY, Conn, Request, assert_pool_clean, keep_alive


def ok(conn: Conn, body: object = None, **headers: str) -> bool:
    return conn.respond(
        200, json.dumps(body if body is not None else {"ok": True}).encode(), headers
    )


def test_429_retry_after_is_honoured(rt: Any, serve: Any, make_client: Any) -> None:
    def respond(conn: Conn, req: Request) -> bool:
        if len(conn.server.requests) == 1:
            return conn.respond(429, b'{"error": {"message": "slow down"}}', {"retry-after": "3"})
        return ok(conn, {"n": len(conn.server.requests)})

    server = serve(keep_alive(respond))
    client = make_client(server)
    result = client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
    assert result == {"n": 2}
    assert client.sleeps == [3.0]
    assert [r.headers["x-sdk-retry-count"] for r in server.requests] == ["0", "1"]


def test_429_on_unsafe_post_is_retried_because_nothing_started(
    rt: Any, serve: Any, make_client: Any
) -> None:
    server = serve(
        keep_alive(lambda c, r: c.respond(429, b'{"error": "slow"}', {"x-request-id": "rq-1"}))
    )
    client = make_client(server, max_retries=2)
    with pytest.raises(rt.exc.RateLimitError) as info:
        client.request(dict, rt.base.APIRequest("POST", "/jobs", json_body={"a": 1}))
    assert len(server.requests) == 3
    assert info.value.status_code == 429
    assert info.value.request_id == "rq-1"
    assert len(client.sleeps) == 2


def test_503_on_unsafe_post_is_not_retried(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(lambda c, r: c.respond(503, b'{"error": "down"}', {})))
    client = make_client(server, max_retries=2)
    with pytest.raises(rt.exc.InternalServerError):
        client.request(dict, rt.base.APIRequest("POST", "/jobs", json_body={"a": 1}))
    assert len(server.requests) == 1
    assert client.sleeps == []


def test_generated_methods_keep_the_retry_policy(rt: Any, serve: Any, make_client: Any) -> None:
    """Through the generated methods, not only `request`: a failed GET is sent again, a failed
    POST only with an idempotency key, and the parsed result is the generated model."""

    statuses = iter(
        [503, 200, 503, 503, 200]
    )  # get: fail, ok; create: fail; create with a key: fail, ok

    def respond(conn: Conn, req: Request) -> bool:
        if next(statuses) == 503:
            return conn.respond(503, b'{"error": "down"}')
        return ok(conn, {"id": req.path.rsplit("/", 1)[-1], "status": "done"})

    server = serve(keep_alive(respond))
    client = make_client(server, max_retries=2)
    job = client.jobs.get("a/b")
    assert isinstance(job, rt.pkg.models.Job) and job.id == "a%2Fb"
    assert [r.path for r in server.requests] == ["/jobs/a%2Fb"] * 2
    with pytest.raises(rt.pkg.InternalServerError):
        client.jobs.create(name="x")
    assert len(server.requests) == 3
    assert client.jobs.create(name="x", idempotency_key="idem-2").status == "done"
    assert [r.headers.get("idempotency-key") for r in server.requests[3:]] == ["idem-2"] * 2
    assert json.loads(server.requests[-1].body) == {"name": "x"}


def test_server_may_ask_for_a_retry_of_an_unsafe_post(
    rt: Any, serve: Any, make_client: Any
) -> None:
    def respond(conn: Conn, req: Request) -> bool:
        if len(conn.server.requests) == 1:
            return conn.respond(503, b'{"error": "down"}', {"x-should-retry": "true"})
        return ok(conn)

    server = serve(keep_alive(respond))
    client = make_client(server, max_retries=1)
    assert client.request(dict, rt.base.APIRequest("POST", "/jobs", json_body={})) == {"ok": True}
    assert len(server.requests) == 2


def test_idempotency_key_makes_post_retryable(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(
        keep_alive(lambda c, r: c.respond(503, b'{"error": "down"}', {"retry-after-ms": "250"}))
    )
    client = make_client(server, max_retries=1)
    options = rt.base.RequestOptions(idempotency_key="idem-1")
    with pytest.raises(rt.exc.InternalServerError):
        client.request(dict, rt.base.APIRequest("POST", "/jobs", json_body={}, options=options))
    assert len(server.requests) == 2
    assert {r.headers["idempotency-key"] for r in server.requests} == {"idem-1"}
    assert client.sleeps == [0.25]


def test_5xx_sequence_exhausts_retries(rt: Any, serve: Any, make_client: Any) -> None:
    statuses = [500, 502, 503]

    def respond(conn: Conn, req: Request) -> bool:
        status = statuses[len(conn.server.requests) - 1]
        return conn.respond(
            status, b'{"error": {"message": "boom"}}', {"x-request-id": f"r{status}"}
        )

    server = serve(keep_alive(respond))
    client = make_client(server)
    with pytest.raises(rt.exc.InternalServerError) as info:
        client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
    err = info.value
    assert len(server.requests) == 3
    assert len(client.sleeps) == 2
    assert err.status_code == 503
    assert err.body == {"message": "boom"}  # the inner error object, as in openai
    assert (err.message, err.request_id) == ("boom", "r503")
    assert str(err) == "Error code: 503 - boom"


def test_max_retries_per_call_overrides_client(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(lambda c, r: c.respond(500, b"{}")))
    client = make_client(server, max_retries=5)
    options = rt.base.RequestOptions(max_retries=0)
    with pytest.raises(rt.exc.InternalServerError):
        client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True, options=options))
    assert len(server.requests) == 1


def test_html_502_error_page(rt: Any, serve: Any, make_client: Any) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>"
    server = serve(keep_alive(lambda c, r: c.respond(502, page, {"content-type": "text/html"})))
    client = make_client(server, max_retries=1)
    with pytest.raises(rt.exc.InternalServerError) as info:
        client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
    assert len(server.requests) == 2
    assert info.value.body == page.decode()
    assert str(info.value) == (
        "Error code: 502 - <html><body><h1>502 Bad Gateway</h1> <p>nginx</p></body></html>"
    )


def test_reset_before_request_is_read(
    rt: Any, serve: Any, make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(lambda conn: conn.reset())
    client = make_client(server)
    caplog.set_level(logging.INFO, logger="rt")
    with pytest.raises(rt.exc.APIConnectionError) as info:
        client.request(dict, rt.base.APIRequest("POST", "/jobs", json_body={"a": 1}))
    assert not isinstance(info.value, rt.exc.APITimeoutError)
    # Whether the RST lands during connect (httpx2.ConnectError: nothing sent, re-sent) or after
    # the request was written (ReadError/WriteError: maybe received, not re-sent) is a race.
    # Either way a non-retry-safe POST is only ever re-sent after a connect-phase failure.
    reasons = [
        r.getMessage().rsplit("(", 1)[1].rstrip(")")
        for r in caplog.records
        if "Retrying" in r.getMessage()
    ]
    assert set(reasons) <= {"ConnectError"}
    assert server.accepted == 1 + len(reasons) == 1 + len(client.sleeps)
    if len(reasons) < 2:
        assert not isinstance(info.value.__cause__, httpx2.ConnectError)
    accepted = server.accepted
    with pytest.raises(rt.exc.APIConnectionError):
        client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
    assert server.accepted == accepted + 3


def test_reset_after_request_is_read(rt: Any, serve: Any, make_client: Any) -> None:
    def handler(conn: Conn) -> None:
        conn.read_request()
        conn.reset()

    server = serve(handler)
    client = make_client(server)
    with pytest.raises(rt.exc.APIConnectionError):
        client.request(dict, rt.base.APIRequest("POST", "/jobs", json_body={"a": 1}))
    assert len(server.requests) == 1
    with pytest.raises(rt.exc.APIConnectionError):
        client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
    assert len(server.requests) == 1 + 3


def test_connect_error_is_always_retried(rt: Any, make_client: Any) -> None:
    # A port nobody listens on: the request provably never left, so even a POST is re-sent.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    client = make_client(base_url=f"http://127.0.0.1:{port}", max_retries=3)
    with pytest.raises(rt.exc.APIConnectionError) as info:
        client.request(dict, rt.base.APIRequest("POST", "/jobs", json_body={}))
    assert len(client.sleeps) == 3
    assert isinstance(info.value.__cause__, httpx2.ConnectError)


def test_read_timeout(rt: Any, serve: Any, make_client: Any) -> None:
    def handler(conn: Conn) -> None:
        conn.read_request()
        conn.wait(5)

    server = serve(handler)
    client = make_client(server, timeout=0.2, max_retries=1)
    started = time.monotonic()
    with pytest.raises(rt.exc.APITimeoutError):
        client.request(dict, rt.base.APIRequest("GET", "/slow", retry_safe=True))
    assert len(server.requests) == 2
    # A POST that timed out may have been processed: not retried.
    with pytest.raises(rt.exc.APITimeoutError):
        client.request(
            dict,
            rt.base.APIRequest(
                "POST", "/slow", json_body={}, options=rt.base.RequestOptions(timeout=0.1)
            ),
        )
    assert len(server.requests) == 3
    assert time.monotonic() - started < 2


def test_truncated_json_with_valid_framing(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(lambda c, r: c.respond(200, b'{"id": 1, "na')))
    client = make_client(server)
    with pytest.raises(rt.exc.APIResponseValidationError) as info:
        client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
    assert len(server.requests) == 1
    assert info.value.status_code == 200
    assert info.value.body == '{"id": 1, "na'


def test_body_cut_off_mid_transfer(rt: Any, serve: Any, make_client: Any) -> None:
    def handler(conn: Conn) -> None:
        conn.read_request()
        conn.respond(200, b'{"id": 1, "na', content_length=100)
        conn.reset()

    server = serve(handler)
    client = make_client(server)
    with pytest.raises(rt.exc.APIConnectionError):
        client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
    assert len(server.requests) == 3


def test_wrong_shape_is_a_validation_error(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(lambda c, r: ok(c, {"id": "not-an-int"})))
    client = make_client(server)

    class Thing(rt.models.BaseModel):
        id: int

    with pytest.raises(rt.exc.APIResponseValidationError) as info:
        client.request(Thing, rt.base.APIRequest("GET", "/x"))
    assert info.value.body == {"id": "not-an-int"}


def test_logical_error_in_200(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(lambda c, r: ok(c, {"code": 4, "description": "quota exhausted"})))
    client = make_client(server)
    rule = rt.base.LogicalErrorRule(field="/code", success=(1,), message="/description")
    with pytest.raises(rt.exc.APIResultError) as info:
        client.request(dict, rt.base.APIRequest("POST", "/submit", logical_error=rule))
    assert info.value.code == 4
    assert "quota exhausted" in str(info.value)
    assert len(server.requests) == 1


def test_async_faults(rt: Any, serve: Any) -> None:
    calls = {"n": 0}

    def respond(conn: Conn, req: Request) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            return conn.respond(503, b"{}", {"retry-after": "1"})
        return ok(conn, {"async": True})

    server = serve(keep_alive(respond))

    def read_then_reset(conn: Conn) -> None:
        conn.read_request()
        conn.reset()

    reset_server = serve(read_then_reset)

    async def main() -> None:
        sleeps: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            sleeps.append(seconds)

        async with rt.pkg.AsyncRt(api_key=API_KEY, base_url=server.url, timeout=2) as client:
            client._sleep = fake_sleep
            assert await client.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True)) == {
                "async": True
            }
            assert sleeps == [1.0]
            other = client.with_options(base_url=reset_server.url)
            with pytest.raises(rt.exc.APIConnectionError):
                await other.request(dict, rt.base.APIRequest("POST", "/x", json_body={}))
            with pytest.raises(rt.exc.APIConnectionError):
                await other.request(dict, rt.base.APIRequest("GET", "/x", retry_safe=True))
            assert sleeps[1:] and len(sleeps) == 3
            assert_pool_clean(client)

    asyncio.run(main())
    assert len(reset_server.requests) == 1 + 3
