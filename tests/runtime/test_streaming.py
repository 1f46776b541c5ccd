"""Server-sent event streams through ``Stream`` / ``AsyncStream`` against a real socket."""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

import pytest
from conftest import API_KEY, PACKAGE, Conn, assert_pool_clean
from pydantic import Field


def sse_handler(
    chunks: list[bytes], delay: float = 0.0, linger: float = 0.0
) -> Callable[[Conn], None]:
    def handler(conn: Conn) -> None:
        if conn.read_request() is None or not conn.start_sse():
            return
        for chunk in chunks:
            if delay and not conn.wait(delay):
                return
            if not conn.send(chunk):
                return
        if linger:
            conn.wait(linger)

    return handler


def stream(client: Any, event: Any = dict, terminator: str | None = "[DONE]") -> Any:
    """`client.request(Stream[event], ...)`: the stream type says what each event is read into."""
    streaming = importlib.import_module(f"{PACKAGE}._streaming")
    stream_cls = (
        streaming.AsyncStream if type(client).__name__.startswith("Async") else streaming.Stream
    )
    return client.request(
        stream_cls if event is None else stream_cls[event],
        importlib.import_module(f"{PACKAGE}._base_client").APIRequest(
            "POST",
            "/stream",
            json_body={"stream": True},
            stream=True,
            stream_terminator=terminator,
        ),
    )


def test_whatwg_rules_and_split_chunks(rt: Any, serve: Any, make_client: Any) -> None:
    body = (
        b": comment to ignore\r\n"
        b"event: delta\r\nid: 7\r\nretry: 1000\r\n"
        b'data: {"text":\r\ndata:  "multi-line"}\r\n\r\n'
        b"event: ping\n\n"
        b'data:{"text": "no space"}\n\n'
        b'data: {"text": "caf\xc3\xa9"}\r\r'
        b"data: [DONE]\n\n"
        b'data: {"text": "after done"}\n\n'
    )
    # One byte per write: the parser must cope with events, lines and UTF-8 split anywhere.
    server = serve(sse_handler([body[i : i + 1] for i in range(len(body))]))
    client = make_client(server)
    with stream(client) as events:
        received = list(events)
    assert received == [{"text": "multi-line"}, {"text": "no space"}, {"text": "café"}]
    assert events.response.is_closed
    assert server.requests[0].headers["accept"] == "text/event-stream"


def test_raw_events_and_text_events(rt: Any, serve: Any, make_client: Any) -> None:
    body = b"event: a\nid: 1\ndata: x\n\ndata: y\n\n"
    server = serve(sse_handler([body]))
    client = make_client(server)
    raw = list(stream(client, event=None, terminator=None))
    assert [(e.event, e.data, e.id) for e in raw] == [("a", "x", "1"), ("message", "y", "1")]
    assert list(stream(client, event=str, terminator=None)) == ["x", "y"]


def test_discriminated_union_events(rt: Any, serve: Any, make_client: Any) -> None:
    class Start(rt.models.BaseModel):
        type: Literal["start"]
        id: str

    class Delta(rt.models.BaseModel):
        type: Literal["delta"]
        text: str

    Event = Annotated[Start | Delta, Field(discriminator="type")]
    body = b'data: {"type": "start", "id": "s1"}\n\ndata: {"type": "delta", "text": "hi", "extra": 1}\n\n'
    server = serve(sse_handler([body]))
    client = make_client(server)
    events = list(stream(client, event=Event, terminator=None))
    assert isinstance(events[0], Start) and events[0].id == "s1"
    assert isinstance(events[1], Delta) and events[1].to_dict() == {
        "type": "delta",
        "text": "hi",
        "extra": 1,
    }


def test_malformed_sse_data(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(sse_handler([b'data: {"ok": 1}\n\n', b"data: {not json\n\n"]))
    client = make_client(server)
    events = stream(client)
    it = iter(events)
    assert next(it) == {"ok": 1}
    with pytest.raises(rt.exc.APIResponseValidationError) as info:
        next(it)
    assert info.value.body == "{not json"
    assert events.response.is_closed


def test_error_event_in_200_stream(rt: Any, serve: Any, make_client: Any) -> None:
    body = b'data: {"n": 1}\n\nevent: error\ndata: {"error": {"message": "overloaded", "type": "server"}}\n\n'
    server = serve(sse_handler([body]))
    client = make_client(server)
    events = stream(client)
    received = []
    with pytest.raises(rt.exc.StreamError) as info:
        for event in events:
            received.append(event)
    assert received == [{"n": 1}]
    assert info.value.error == {"error": {"message": "overloaded", "type": "server"}}
    assert "overloaded" in str(info.value)
    assert events.response.is_closed


def test_error_key_in_data(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(sse_handler([b'data: {"error": {"message": "bad key"}}\n\n']))
    client = make_client(server)
    with pytest.raises(rt.exc.StreamError) as info:
        list(stream(client))
    assert info.value.error == {"message": "bad key"}


def test_json_error_instead_of_stream(rt: Any, serve: Any, make_client: Any) -> None:
    def handler(conn: Conn) -> None:
        conn.read_request()
        conn.respond(200, b'{"error": {"message": "streaming disabled"}}')

    server = serve(handler)
    client = make_client(server)
    with pytest.raises(rt.exc.StreamError, match="streaming disabled"):
        stream(client)


def test_non_2xx_stream_raises_before_returning(rt: Any, serve: Any, make_client: Any) -> None:
    def handler(conn: Conn) -> None:
        conn.read_request()
        conn.respond(401, b'{"error": {"message": "no"}}')

    server = serve(handler)
    client = make_client(server)
    with pytest.raises(rt.exc.AuthenticationError):
        stream(client)


def test_stalled_stream_only_keepalives_times_out(rt: Any, serve: Any, make_client: Any) -> None:
    # Keep-alive comments arrive far more often than the idle timeout; they must not count.
    server = serve(sse_handler([b'data: {"n": 1}\n\n'] + [b": keep-alive\n\n"] * 200, delay=0.02))
    client = make_client(server, stream_idle_timeout=0.3)
    events = stream(client)
    started = time.monotonic()
    received = []
    with pytest.raises(rt.exc.APITimeoutError, match="No stream event"):
        for event in events:
            received.append(event)
    assert received == [{"n": 1}]
    assert 0.25 < time.monotonic() - started < 1.5
    assert events.response.is_closed


def test_silent_stream_times_out(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(sse_handler([], linger=5))
    client = make_client(server, stream_idle_timeout=0.2)
    started = time.monotonic()
    with pytest.raises(rt.exc.APITimeoutError):
        list(stream(client))
    assert time.monotonic() - started < 1.5


def test_slow_consumer_is_not_idle(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(sse_handler([b'data: {"n": 1}\n\ndata: {"n": 2}\n\n']))
    client = make_client(server, stream_idle_timeout=0.2)
    received = []
    for event in stream(client):
        time.sleep(0.3)  # longer than the idle timeout, but the network is not idle
        received.append(event)
    assert received == [{"n": 1}, {"n": 2}]


def test_break_and_close_release_the_connection(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(sse_handler([b'data: {"n": 1}\n\n'] * 3, linger=5))
    client = make_client(server)
    events = stream(client)
    for _ in events:
        break
    assert events.response.is_closed
    assert_pool_clean(client)
    events = stream(client)
    with events:
        next(events)
    assert events.response.is_closed
    unstarted = stream(client)
    unstarted.close()
    assert unstarted.response.is_closed


def test_async_stream(rt: Any, serve: Any) -> None:
    stalled = serve(sse_handler([b'data: {"n": 1}\n\n'] + [b": ping\n\n"] * 200, delay=0.02))
    good = serve(sse_handler([b'data: {"n": 1}\n\ndata: {"n": 2}\n\ndata: [DONE]\n\n'], linger=5))

    async def main() -> None:
        async with rt.pkg.AsyncRt(
            api_key=API_KEY, base_url=good.url, stream_idle_timeout=0.3
        ) as client:
            events = await stream(client)
            assert [e async for e in events] == [{"n": 1}, {"n": 2}]
            assert events.response.is_closed

            async with await stream(client) as events:
                async for _ in events:
                    break
            assert events.response.is_closed

            slow = client.with_options(base_url=stalled.url)
            events = await stream(slow)
            received = []
            with pytest.raises(rt.exc.APITimeoutError):
                async for event in events:
                    received.append(event)
            assert received == [{"n": 1}]
            assert events.response.is_closed
            assert_pool_clean(client)

    asyncio.run(main())
