"""Code written the way openai-python's README teaches, ported by changing only the import and the client class.

Each snippet below is the README's code with ``from openai import OpenAI`` replaced by
``from gitaigc import Gitaigc`` (and ``openai.X`` by ``gitaigc.X``), run against the spec-validating
mock server with the base URL the relay's own docs give OpenAI users: one ending in ``/v1``.
"""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mock_server import MockServer

# The README's snippets never close their clients; the sockets they leave to the garbage collector
# are the snippets' doing (openai's would leak the same way), not what these tests are about.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def _collect_the_snippets_clients() -> Iterator[None]:
    # Collect here, under this module's filter, so the sockets do not surface in a later test.
    yield
    gc.collect()


@pytest.fixture
def base_url(mock: MockServer) -> str:
    return f"{mock.base_url}/v1"


def test_chat(base_url: str, mock: MockServer) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Say this is a test"}],
    )
    assert isinstance(completion.choices[0].message.content, str)
    assert mock.requests[-1].path == "/v1/chat/completions"


def test_stream(base_url: str) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    stream = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Say this is a test"}],
        stream=True,
    )
    text = ""
    for chunk in stream:
        if chunk.choices:
            text += chunk.choices[0].delta.content or ""
    assert text


def test_tools_round_trip(base_url: str, mock: MockServer) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Get the weather for a city",
                "parameters": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                },
            },
        }
    ]
    messages: list[dict[str, object]] = [{"role": "user", "content": "Weather in Paris?"}]
    completion = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
    message = completion.choices[0].message
    messages.append(message.model_dump(exclude_unset=True))
    for tool_call in message.tool_calls or []:
        arguments = json.loads(tool_call.function.arguments)
        messages.append(
            {"role": "tool", "tool_call_id": tool_call.id, "content": f"sunny in {arguments}"}
        )
    final = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
    assert final.choices[0].message is not None
    assert json.loads(mock.requests[-1].body)["messages"][0]["role"] == "user"


def test_json_schema_response_format(base_url: str, mock: MockServer) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Extract: Alice is 30."}],
        response_format={
            "type": "json_schema",
            "json_schema": {
                "name": "person",
                "strict": True,
                "schema": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
                    "required": ["name", "age"],
                    "additionalProperties": False,
                },
            },
        },
    )
    assert completion.choices[0].message is not None
    sent = json.loads(mock.requests[-1].body)
    assert sent["response_format"]["json_schema"]["name"] == "person"


def test_models_list_iteration(base_url: str) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    ids = [m.id for m in client.models.list()]
    assert ids
    assert all(isinstance(model_id, str) for model_id in ids)
    assert [m.id for m in client.models.list().data] == ids


def test_embeddings(base_url: str) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    response = client.embeddings.create(
        model="text-embedding-3-small", input="The food was delicious"
    )
    assert response.data[0].embedding


def test_images(base_url: str) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    response = client.images.generate(
        model="dall-e-3", prompt="a white siamese cat", n=1, size="1024x1024"
    )
    assert response.data[0].url or response.data[0].b64_json


def test_speech_streaming_to_file(base_url: str, mock: MockServer, tmp_path: Path) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    speech_file_path = tmp_path / "speech.mp3"
    with client.audio.speech.with_streaming_response.create(
        model="tts-1", voice="alloy", input="Today is a wonderful day"
    ) as response:
        response.stream_to_file(speech_file_path)
    assert speech_file_path.read_bytes()
    assert "application/json" not in mock.requests[-1].headers["accept"]


def test_transcription_upload(base_url: str, mock: MockServer, tmp_path: Path) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    audio = tmp_path / "speech.mp3"
    audio.write_bytes(b"ID3 not really audio")
    with open(audio, "rb") as audio_file:
        transcription = client.audio.transcriptions.create(model="whisper-1", file=audio_file)
    assert isinstance(transcription.text, str)
    assert mock.requests[-1].headers["content-type"].startswith("multipart/form-data")


def test_transcription_as_text(base_url: str, tmp_path: Path) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    audio = tmp_path / "speech.mp3"
    audio.write_bytes(b"ID3 not really audio")
    with open(audio, "rb") as audio_file:
        transcription = client.audio.transcriptions.create(
            model="whisper-1", file=audio_file, response_format="text"
        )
    assert isinstance(transcription, str)


def test_error_handling(server: MockServer) -> None:
    import gitaigc
    from gitaigc import Gitaigc

    server.clear()
    client = Gitaigc(api_key="sk-test", base_url=f"{server.base_url}/v1")
    try:
        client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "hi"}],
            extra_body={"n": "many"},  # rejected by the spec-validating server with a 400
        )
    except gitaigc.APIConnectionError as e:
        pytest.fail(f"The server could not be reached: {e.__cause__}")
    except gitaigc.RateLimitError:
        pytest.fail("A 429 status code was received; we should back off a bit.")
    except gitaigc.APIStatusError as e:
        assert e.status_code == 400
        assert e.code == "mock_validation_error"
        assert e.type == "invalid_request_error"
        assert e.param is None
        assert e.message and "n" in e.message
        assert isinstance(e.body, dict) and e.body["code"] == "mock_validation_error"
        assert str(e).startswith("Error code: 400 - ")
        assert "127.0.0.1" not in str(e)
        assert e.request_id is not None
        assert e.response is not None
    else:
        pytest.fail("no error raised")
    finally:
        server.clear()


def test_with_options(base_url: str) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    completion = client.with_options(max_retries=5, timeout=20.0).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "How can I list all files?"}]
    )
    assert completion.choices


def test_timeout(base_url: str) -> None:
    from gitaigc import Gitaigc, Timeout

    client = Gitaigc(
        api_key="sk-test",
        base_url=base_url,
        timeout=Timeout(60.0, read=5.0, write=10.0, connect=2.0),
    )
    assert client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    ).choices


def test_async(base_url: str) -> None:
    from gitaigc import AsyncGitaigc

    client = AsyncGitaigc(api_key="sk-test", base_url=base_url)

    async def main() -> str | None:
        chat_completion = await client.chat.completions.create(
            messages=[{"role": "user", "content": "Say this is a test"}], model="gpt-4o"
        )
        models = [m.id async for m in _aiter((await client.models.list()).data)]
        assert models
        return chat_completion.choices[0].message.content

    assert isinstance(asyncio.run(main()), str)


async def _aiter(items: list[object]):  # type: ignore[no-untyped-def]
    for item in items:
        yield item


def test_request_id(base_url: str) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    completion = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "Say this is a test"}]
    )
    assert completion._request_id is not None
    assert completion._request_id.startswith("mock-")


def test_raw_response(base_url: str) -> None:
    from gitaigc import Gitaigc

    client = Gitaigc(api_key="sk-test", base_url=base_url)
    response = client.chat.completions.with_raw_response.create(
        messages=[{"role": "user", "content": "Say this is a test"}], model="gpt-4o"
    )
    assert response.headers.get("x-request-id")
    completion = response.parse()
    assert completion.choices


def test_base_url_with_or_without_the_prefix(mock: MockServer) -> None:
    from gitaigc import Gitaigc

    for base_url in (mock.base_url, f"{mock.base_url}/v1", f"{mock.base_url}/v1/"):
        client = Gitaigc(api_key="sk-test", base_url=base_url)
        client.models.list()
        client.suno.fetch("t-1")
        assert [r.path for r in mock.requests[-2:]] == ["/v1/models", "/suno/fetch/t-1"]
        assert client.with_options(max_retries=1).base_url == client.base_url
