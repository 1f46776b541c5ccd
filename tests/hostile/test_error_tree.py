"""One error tree: what used to escape as a bare Python error is a typed SDK error with the cause kept."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.hostile.conftest import API_KEY, run_capped
from tests.hostile.servers import Exchange, gzip_bomb

ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
NESTED = "[" * 100_000 + "]" * 100_000


def _client_call(url: str, call: Any, *, is_async: bool) -> Any:
    import gitaigc

    if not is_async:
        with gitaigc.Gitaigc(api_key=API_KEY, base_url=url, max_retries=0) as client:
            return call(client)

    async def main() -> Any:
        async with gitaigc.AsyncGitaigc(api_key=API_KEY, base_url=url, max_retries=0) as client:
            result = call(client)
            return await result if asyncio.iscoroutine(result) else result

    return asyncio.run(main())


def _chat(client: Any) -> Any:
    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])


@ASYNC
@pytest.mark.parametrize("status", [200, 400])
def test_json_nested_100000_deep(serve: Any, status: int, is_async: bool) -> None:
    import gitaigc

    server = serve(lambda ex: ex.json(status, NESTED))
    expected = gitaigc.APIResponseValidationError if status == 200 else gitaigc.BadRequestError
    with pytest.raises(expected) as info:
        _client_call(server.url, _chat, is_async=is_async)
    if status == 200:
        assert isinstance(info.value.__cause__, RecursionError)
    assert len(str(info.value)) < 1000


@ASYNC
def test_json_nested_100000_deep_in_a_stream_event(serve: Any, is_async: bool) -> None:
    import gitaigc

    def script(ex: Exchange) -> None:
        ex.respond(200, f"data: {NESTED}\n\n".encode(), {"content-type": "text/event-stream"})

    server = serve(script)

    def call(client: Any) -> Any:
        stream = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        if is_async:

            async def drain() -> Any:
                return [event async for event in await stream]

            return drain()
        return list(stream)

    with pytest.raises(gitaigc.APIResponseValidationError) as info:
        _client_call(server.url, call, is_async=is_async)
    assert isinstance(info.value.__cause__, RecursionError)


@ASYNC
@pytest.mark.parametrize("key", ["ключ-1", "key\r\nX-Injected: 1"])
def test_a_header_value_that_http_cannot_carry(serve: Any, key: str, is_async: bool) -> None:
    import gitaigc

    server = serve()

    def call(client: Any) -> Any:
        return client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], idempotency_key=key
        )

    with pytest.raises(gitaigc.InvalidRequestError) as info:
        _client_call(server.url, call, is_async=is_async)
    assert isinstance(info.value, ValueError), "still a ValueError for code that caught one"
    # Checked before httpx2 sees it: the message names the header, never its value.
    assert "Idempotency-Key" in str(info.value) and key not in str(info.value)
    assert server.requests == []


@ASYNC
def test_crlf_in_a_multipart_content_type(serve: Any, is_async: bool) -> None:
    import gitaigc

    server = serve()

    def call(client: Any) -> Any:
        upload = ("a.mp3", b"ID3", "audio/mpeg\r\nX-Injected: 1")
        return client.audio.transcriptions.create(file=upload, model="whisper-1")

    with pytest.raises(gitaigc.InvalidRequestError) as info:
        _client_call(server.url, call, is_async=is_async)
    assert isinstance(info.value.__cause__, ValueError)
    assert server.requests == []


def test_memory_error_while_reading_a_body_without_a_limit(serve: Any) -> None:
    """With the limit switched off, running out of memory is still the SDK's typed error."""

    def script(ex: Exchange) -> None:
        ex.respond(200, gzip_bomb(1024), {"content-type": "audio/mpeg", "content-encoding": "gzip"})

    server = serve(script)
    outcome = run_capped(
        f"""
import gitaigc
try:
    with gitaigc.Gitaigc(api_key="sk-x", base_url={server.url!r}, max_retries=0, max_response_bytes=None) as client:
        client.audio.speech.create(model="tts-1", input="hi", voice="alloy")
    outcome["type"] = "returned"
except BaseException as exc:
    outcome["type"] = type(exc).__name__
    outcome["cause"] = type(exc.__cause__).__name__
""",
        limit=400 << 20,
    )
    assert outcome["type"] == "ResponseTooLargeError", outcome
    assert outcome["cause"] == "MemoryError"
