"""The runtime's side of media-type alternatives and streamed responses, over real HTTP on 127.0.0.1.

`cast_to` says what a call may return (a model, `str`, `BinaryResponse`, or a union of them); the
answer's Content-Type picks one. A streamed response leaves the body to the caller, maps transport
errors into the SDK's tree, and releases the connection when its `with` block ends.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.runtime.conftest import Conn, Request, assert_pool_clean, keep_alive


def answer(content_type: str, body: bytes) -> Any:
    def respond(conn: Conn, req: Request) -> bool:
        conn.server.accept_seen = req.headers.get("accept")  # type: ignore[attr-defined]
        return conn.respond(200, body, {"content-type": content_type, "x-request-id": "req-7"})

    return keep_alive(respond)


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/json", b'{"a": 1}', {"a": 1}),
        ("text/plain; charset=utf-8", b"1\n00:00 --> 00:01\nhi", "1\n00:00 --> 00:01\nhi"),
        ("text/csv", b'{"a": 1}', '{"a": 1}'),  # text stays text, even when it reads as JSON
        ("image/png", b"\x89PNG", b"\x89PNG"),
    ],
)
def test_the_content_type_picks_the_alternative(
    rt: Any, serve: Any, make_client: Any, content_type: str, body: bytes, expected: Any
) -> None:
    client = make_client(serve(answer(content_type, body)))
    union = rt.base.ResponseType[dict[str, int] | str | rt.response.BinaryResponse](
        dict[str, int] | str | rt.response.BinaryResponse
    )
    result = client.request(
        union, rt.base.APIRequest("GET", "/x", accept="application/json, text/plain, image/png")
    )
    if isinstance(expected, bytes):
        assert isinstance(result, rt.response.BinaryResponse)
        assert result.content == expected
    else:
        assert result == expected


def test_json_or_bytes_validates_the_json_part(rt: Any, serve: Any, make_client: Any) -> None:
    client = make_client(serve(answer("application/json", b'{"a": "not a number"}')))
    union = rt.base.ResponseType[dict[str, int] | rt.response.BinaryResponse](
        dict[str, int] | rt.response.BinaryResponse
    )
    with pytest.raises(rt.exc.APIResponseValidationError):
        client.request(union, rt.base.APIRequest("GET", "/x"))


def test_accept_is_sent_as_declared(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(answer("audio/mpeg", b"ID3"))
    client = make_client(server)
    client.request(
        rt.response.BinaryResponse, rt.base.APIRequest("GET", "/x", accept="audio/mpeg, audio/wav")
    )
    assert server.accept_seen == "audio/mpeg, audio/wav"
    with pytest.raises(rt.exc.APIResponseValidationError):  # audio where JSON is expected
        client.request(dict, rt.base.APIRequest("GET", "/x"))
    assert server.accept_seen == "application/json"


def _streamed(rt: Any) -> dict[str, str]:
    return {rt.response.STREAMED_RESPONSE_HEADER: "true"}


def test_a_streamed_response_is_left_unread_until_asked(
    rt: Any, serve: Any, make_client: Any
) -> None:
    body = b"line one\nline two\n" * 1000
    client = make_client(serve(answer("text/plain", body)))
    options = rt.base.RequestOptions(extra_headers=_streamed(rt))
    response = client.request(str, rt.base.APIRequest("GET", "/x", options=options))
    assert isinstance(response, rt.response.StreamedAPIResponse)
    assert response.request_id == "req-7" and not response.http_response.is_closed
    lines = list(response.iter_lines())
    assert lines[:2] == ["line one", "line two"] and len(lines) == 2000
    response.close()
    assert_pool_clean(client)


def test_a_connection_dropped_mid_body_is_an_sdk_error(
    rt: Any, serve: Any, make_client: Any
) -> None:
    def handler(conn: Conn) -> None:
        if conn.read_request() is not None:
            conn.send(
                b"HTTP/1.1 200 OK\r\ncontent-type: audio/mpeg\r\ncontent-length: 100000\r\n\r\n"
                + b"x" * 1000
            )
            conn.reset()

    client = make_client(serve(handler))
    options = rt.base.RequestOptions(extra_headers=_streamed(rt))
    response = client.request(
        rt.response.BinaryResponse, rt.base.APIRequest("GET", "/x", options=options)
    )
    with pytest.raises(rt.exc.APIConnectionError) as caught:
        for _ in response.iter_bytes():
            pass
    assert API_KEY_NOT_IN(str(caught.value))
    response.close()


def API_KEY_NOT_IN(text: str) -> bool:
    from tests.runtime.conftest import API_KEY

    return API_KEY not in text


def test_the_async_streamed_response(rt: Any, serve: Any) -> None:
    server = serve(answer("audio/mpeg", b"abc" * 100_000))

    async def main() -> tuple[bytes, bool]:
        async with rt.pkg.AsyncRt(api_key="sk-x", base_url=server.url, timeout=2.0) as client:
            options = rt.base.RequestOptions(extra_headers=_streamed(rt))
            response = await client.request(
                rt.response.BinaryResponse, rt.base.APIRequest("GET", "/x", options=options)
            )
            chunks = [chunk async for chunk in response.iter_bytes(4096)]
            await response.close()
            return b"".join(chunks), max(len(c) for c in chunks) == 4096

    data, chunked = asyncio.run(main())
    assert data == b"abc" * 100_000 and chunked
