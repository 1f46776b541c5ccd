"""Content negotiation over real HTTP: the Accept header each operation sends, media-type alternatives
chosen by `response_format`, and `with_streaming_response` on every operation, sync and async.

The session's mock server is strict about Accept (tests/sdk/conftest.py): a request whose Accept admits
none of the media types its operation declares is answered 406 and recorded as an error, which fails
the test through the `mock` fixture. That makes every test in tests/sdk a negotiation test as well.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sdk.test_every_operation import OPERATIONS, call_arguments
from tests.support.mock_server import MockServer, accepts

AUDIO = ("speech.mp3", b"ID3 not really audio", "audio/mpeg")
IDS = [f"{'.'.join(r.path)}.{o.py_name}" for r, o in OPERATIONS]


@pytest.fixture
def client(mock: MockServer) -> Iterator[Any]:
    import gitaigc

    with gitaigc.Gitaigc(api_key="sk-test", base_url=mock.base_url, max_retries=0) as sdk:
        yield sdk


def _streaming_method(client: Any, path: tuple[str, ...], name: str) -> Any:
    target = client
    for part in path:
        target = getattr(target, part)
    return getattr(target.with_streaming_response, name)


@pytest.mark.parametrize(
    ("accept", "media_type", "admitted"),
    [
        ("application/json", "audio/mpeg", False),
        ("audio/mpeg, audio/wav", "audio/mpeg", True),
        ("audio/*", "audio/wav", True),
        ("*/*", "image/png", True),
        ("text/plain;q=0, application/json", "text/plain", False),
        ("text/plain; charset=utf-8", "text/plain", True),
    ],
)
def test_the_strict_mock_matches_media_ranges(accept: str, media_type: str, admitted: bool) -> None:
    assert accepts(accept, media_type) is admitted


def test_the_strict_mock_refuses_a_wrong_accept(server: MockServer) -> None:
    import gitaigc

    server.clear()
    with (
        gitaigc.Gitaigc(api_key="sk-test", base_url=server.base_url, max_retries=0) as client,
        pytest.raises(gitaigc.APIStatusError) as caught,
    ):
        client.audio.speech.create(
            model="tts-1", input="hi", voice="alloy", extra_headers={"Accept": "application/json"}
        )
    assert caught.value.status_code == 406
    assert len(server.errors) == 1 and "admits none" in server.errors[0]
    server.clear()


@pytest.mark.parametrize(
    ("operation", "accept"),
    [
        ("speech", "audio/mpeg, audio/opus, audio/aac, audio/flac, audio/wav, audio/pcm"),
        ("transcription", "application/json"),
        ("models", "application/json"),
        ("image", "image/png, image/jpeg, image/webp"),
    ],
)
def test_accept_lists_the_declared_media_types(
    client: Any, mock: MockServer, operation: str, accept: str
) -> None:
    calls = {
        "speech": lambda: client.audio.speech.create(model="tts-1", input="hi", voice="alloy"),
        "transcription": lambda: client.audio.transcriptions.create(model="whisper-1", file=AUDIO),
        "models": lambda: client.models.list(),
        "image": lambda: client.midjourney.image("1234567890"),
    }
    calls[operation]()
    assert mock.requests[-1].headers["accept"] == accept


@pytest.mark.parametrize(
    ("response_format", "accept", "returns"),
    [
        (None, "application/json", "AudioTextResponse"),
        ("json", "application/json", "AudioTextResponse"),
        ("verbose_json", "application/json", "AudioTextResponse"),
        ("text", "text/plain", "str"),
        ("srt", "text/plain", "str"),
        ("vtt", "text/plain", "str"),
    ],
)
def test_response_format_selects_the_media_type(
    client: Any, mock: MockServer, response_format: str | None, accept: str, returns: str
) -> None:
    extra = {} if response_format is None else {"response_format": response_format}
    result = client.audio.transcriptions.create(model="whisper-1", file=AUDIO, **extra)
    assert type(result).__name__ == returns
    assert mock.requests[-1].headers["accept"] == accept
    if returns == "str":
        assert result == "Hello, my name is Wolfgang and I come from Germany."


def test_the_answer_decides_when_the_server_ignores_the_selector(
    client: Any, mock: MockServer
) -> None:
    """The return type follows the answer's Content-Type: a text answer to a JSON request is text."""
    result = client.audio.translations.create(
        model="whisper-1", file=AUDIO, extra_headers={"Accept": "text/plain"}
    )
    assert isinstance(result, str)


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=IDS)
def test_with_streaming_response_sync(mock: MockServer, resource: Any, op: Any) -> None:
    import gitaigc

    positional, keywords = call_arguments(op)
    with gitaigc.Gitaigc(api_key="sk-test", base_url=mock.base_url, max_retries=0) as client:
        plain = _method(client, resource.path, op.py_name)(*positional, **keywords)
        with _streaming_method(client, resource.path, op.py_name)(
            *positional, **keywords
        ) as response:
            assert response.status_code == 200
            assert response.request_id is not None
            assert not response.http_response.is_closed
            parsed = response.parse()
        assert response.http_response.is_closed
    assert type(parsed) is type(plain)
    assert _comparable(parsed) == _comparable(plain)
    assert "x-sdk-streamed-response" not in mock.requests[-1].headers


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=IDS)
def test_with_streaming_response_async(mock: MockServer, resource: Any, op: Any) -> None:
    import gitaigc

    positional, keywords = call_arguments(op)

    async def main() -> tuple[Any, bytes, bool]:
        async with gitaigc.AsyncGitaigc(
            api_key="sk-test", base_url=mock.base_url, max_retries=0
        ) as client:
            method = _streaming_method(client, resource.path, op.py_name)
            async with method(*positional, **keywords) as response:
                parsed = await response.parse()
                body = b"".join(
                    [chunk async for chunk in response.iter_bytes()]
                )  # the body parse() read
            return parsed, body, response.http_response.is_closed

    parsed, body, closed = asyncio.run(main())
    assert closed
    if op.response_kind != "none":
        assert body
    if op.response_kind == "binary":
        assert isinstance(parsed, __import__("gitaigc").BinaryResponse)


def test_stream_to_file_writes_the_body(client: Any, mock: MockServer, tmp_path: Path) -> None:
    target = tmp_path / "speech.mp3"
    with client.audio.speech.with_streaming_response.create(
        model="tts-1", input="hi", voice="alloy"
    ) as response:
        assert response.headers["content-type"].startswith("audio/")
        response.stream_to_file(target)
    expected = client.audio.speech.create(model="tts-1", input="hi", voice="alloy").content
    assert target.read_bytes() == expected


def test_iterators_and_whole_reads(client: Any, mock: MockServer) -> None:
    with client.audio.transcriptions.with_streaming_response.create(
        model="whisper-1", file=AUDIO, response_format="text"
    ) as response:
        lines = list(response.iter_lines())
    assert lines == ["Hello, my name is Wolfgang and I come from Germany."]
    with client.models.with_streaming_response.list() as response:
        data = response.read()
        assert response.read() is data  # read once
        assert "data" in response.json()
        assert response.text() == data.decode()
        assert b"".join(response.iter_bytes(7)) == data
        assert response.parse().data


def test_a_chat_stream_through_with_streaming_response(client: Any, mock: MockServer) -> None:
    import gitaigc

    with client.chat.completions.with_streaming_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True
    ) as response:
        assert mock.requests[-1].headers["accept"] == "text/event-stream"
        stream = response.parse()
        assert isinstance(stream, gitaigc.Stream)
        assert any(chunk.choices for chunk in stream)


def test_an_error_status_raises_on_entry(client: Any, mock: MockServer) -> None:
    import gitaigc

    with pytest.raises(gitaigc.BadRequestError):  # noqa: SIM117 - the `with` under test is the inner one
        with client.audio.speech.with_streaming_response.create(
            model="tts-1", input="hi", voice="alloy", extra_headers={"X-Mock-Status": "400"}
        ):
            pytest.fail("the block must not run")


def _method(client: Any, path: tuple[str, ...], name: str) -> Any:
    target = client
    for part in path:
        target = getattr(target, part)
    return getattr(target, name)


def _comparable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if hasattr(value, "content"):
        return value.content
    return value
