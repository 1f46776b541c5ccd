"""Features of the generated SDK end to end: streaming, auth per operation, uploads, binary, polling,
logical errors, raw responses, options. Real HTTP against the spec-validating mock server."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path

import gitaigc
import pytest
from gitaigc import AsyncGitaigc, Gitaigc

from tests.support.mock_server import MockServer


@pytest.fixture
def client(mock: MockServer) -> Iterator[Gitaigc]:
    with Gitaigc(api_key="sk-secret-123", base_url=mock.base_url, max_retries=0) as opened:
        yield opened


def test_chat_stream_yields_typed_chunks_until_done(client: Gitaigc, mock: MockServer) -> None:
    with client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True
    ) as stream:
        chunks = list(stream)
    assert chunks, "the example stream has chunks"
    assert all(isinstance(c, gitaigc.models.ChatCompletionChunk) for c in chunks)
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    text = "".join(
        choice.delta.content or "" for c in chunks for choice in c.choices if choice.delta
    )
    assert text
    assert mock.requests[0].json()["stream"] is True


def test_chat_without_stream_omits_the_flag_and_parses(client: Gitaigc, mock: MockServer) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )
    assert isinstance(completion, gitaigc.models.ChatCompletion)
    assert completion.choices[0].message.content
    body = mock.requests[0].json()
    assert "stream" not in body, "NOT_GIVEN must not be sent"
    assert mock.requests[0].headers["authorization"] == "Bearer sk-secret-123"


def test_explicit_none_is_sent_as_null_and_unset_fields_are_omitted(
    client: Gitaigc, mock: MockServer
) -> None:
    earlier = gitaigc.models.ChatCompletionAssistantMessage(
        role="assistant", content="hello", refusal=None
    )
    question = gitaigc.models.ChatCompletionUserMessage(role="user", content="hi")
    client.chat.completions.create(model="m", messages=[earlier, question])
    body = mock.requests[0].json()
    assert body["messages"][0] == {"role": "assistant", "content": "hello", "refusal": None}
    assert body["messages"][1] == {"role": "user", "content": "hi"}


def test_anthropic_messages_use_x_api_key_and_version_header(
    client: Gitaigc, mock: MockServer
) -> None:
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=64,
        messages=[{"role": "user", "content": "hi"}],
        anthropic_version="2023-06-01",
    )
    assert message.type == "message"
    headers = mock.requests[0].headers
    assert headers["x-api-key"] == "sk-secret-123"
    assert headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in headers


def test_anthropic_version_is_optional_because_the_relay_defaults_it(
    client: Gitaigc, mock: MockServer
) -> None:
    # The relay sends 2023-06-01 upstream when the header is missing (spec: anthropic-version is not required).
    client.messages.create(
        model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "hi"}]
    )
    assert "anthropic-version" not in mock.requests[0].headers


def test_anthropic_stream_is_a_discriminated_union_of_events(
    client: Gitaigc, mock: MockServer
) -> None:
    with client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=64,
        messages=[{"role": "user", "content": "hi"}],
        stream=True,
    ) as stream:
        events = list(stream)
    kinds = [type(e).__name__ for e in events]
    assert kinds[0] == "AnthropicMessageStartEvent"
    assert "AnthropicContentBlockDeltaEvent" in kinds
    assert kinds[-1] == "AnthropicMessageStopEvent"


def test_speech_returns_binary_content(client: Gitaigc, tmp_path: Path) -> None:
    audio = client.audio.speech.create(model="tts-1", input="hello", voice="alloy")
    assert isinstance(audio, gitaigc.BinaryResponse)
    assert audio.content
    assert (audio.content_type or "").startswith("audio/")
    target = tmp_path / "speech.mp3"
    audio.write_to_file(target)
    assert target.read_bytes() == audio.content
    assert b"".join(audio.iter_bytes(3)) == audio.content


@pytest.mark.parametrize("kind", ["bytes", "file", "path", "tuple"])
def test_transcription_upload_accepts_every_file_form(
    client: Gitaigc, mock: MockServer, tmp_path: Path, kind: str
) -> None:
    data = b"ID3 fake mp3 payload"
    path = tmp_path / "clip.mp3"
    path.write_bytes(data)
    file: object = {
        "bytes": data,
        "file": io.BytesIO(data),
        "path": path,
        "tuple": ("clip.mp3", data, "audio/mpeg"),
    }[kind]
    result = client.audio.transcriptions.create(file=file, model="whisper-1")  # type: ignore[arg-type]
    assert result is not None
    request = mock.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert data in request.body
    assert b'name="model"' in request.body


def test_midjourney_accepts_bearer_and_imagine_and_wait_polls_to_success(
    client: Gitaigc, mock: MockServer
) -> None:
    task = client.midjourney.imagine_and_wait(prompt="a cat", poll_interval=0.01, poll_timeout=5)
    assert task.status == "SUCCESS"
    paths = [r.path for r in mock.requests]
    assert paths[0] == "/mj/submit/imagine"
    assert paths[1].startswith("/mj/task/") and paths[1].endswith("/fetch")


def test_logical_failure_in_a_200_raises_api_result_error(
    client: Gitaigc, mock: MockServer
) -> None:
    with pytest.raises(gitaigc.APIResultError) as caught:
        client.midjourney.imagine(prompt="a cat", extra_headers={"X-Mock-Example": "banned-word"})
    error = caught.value
    assert "24" in str(error) or getattr(error, "code", None) == 24
    assert "sk-secret-123" not in str(error)


def test_suno_submit_and_wait(client: Gitaigc, mock: MockServer) -> None:
    result = client.suno.submit_music_and_wait(  # type: ignore[call-arg]
        prompt="a song about the sea", mv="chirp-v3-5", poll_interval=0.01, poll_timeout=5
    )
    assert result is not None
    assert next(r.path for r in mock.requests) == "/suno/submit/music"


def test_raw_response_exposes_status_headers_and_parse(client: Gitaigc) -> None:
    raw = client.models.with_raw_response.list()
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("application/json")
    models = raw.parse()
    assert models.data


def test_with_options_returns_a_new_client_sharing_nothing_mutable(client: Gitaigc) -> None:
    other = client.with_options(max_retries=5, timeout=3.0)
    assert other is not client
    assert other.max_retries == 5 and client.max_retries == 0
    assert other.models.list().data


def test_missing_api_key_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, mock: MockServer
) -> None:
    for name in (
        "GITAIGC_API_KEY",
        "GITAIGC_BEARER_AUTH",
        "GITAIGC_ANTHROPIC_KEY",
        "GITAIGC_MJ_API_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    # the image download needs no key (`security: []`), so a client builds without one; a call that needs one
    # raises before anything is sent, naming the keywords and variables that would do
    with Gitaigc(base_url=mock.base_url, max_retries=0) as keyless:
        with pytest.raises(gitaigc.GitaigcError, match="GITAIGC_API_KEY") as info:
            keyless.models.list()
        assert "api_key=" in str(info.value) and "bearer_auth=" in str(info.value)
        assert mock.requests == [], "nothing is sent without a credential"
        with pytest.raises(gitaigc.GitaigcError, match="GITAIGC_MJ_API_SECRET"):
            keyless.midjourney.fetch("1")


def test_key_and_base_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, mock: MockServer
) -> None:
    monkeypatch.setenv("GITAIGC_API_KEY", "sk-env")
    monkeypatch.setenv("GITAIGC_BASE_URL", mock.base_url)
    with Gitaigc() as env_client:
        env_client.models.list()
    assert mock.requests[0].headers["authorization"] == "Bearer sk-env"
    assert "sk-env" not in repr(env_client)


def test_extra_headers_query_and_body_are_sent(client: Gitaigc, mock: MockServer) -> None:
    client.embeddings.create(
        model="text-embedding-3-small",
        input="hi",
        extra_headers={"X-Custom": "1"},
        extra_query={"trace": "yes"},
        extra_body={"user": "u-1"},
    )
    request = mock.requests[0]
    assert request.headers["x-custom"] == "1"
    assert "trace=yes" in request.query
    assert json.loads(request.body)["user"] == "u-1"


def test_async_stream_and_polling() -> None:
    async def main(base_url: str) -> tuple[int, str]:
        async with AsyncGitaigc(api_key="sk-test", base_url=base_url, max_retries=0) as client:
            stream = await client.chat.completions.create(
                model="m", messages=[{"role": "user", "content": "hi"}], stream=True
            )
            async with stream:
                count = len([chunk async for chunk in stream])
            task = await client.midjourney.imagine_and_wait(
                prompt="a cat", poll_interval=0.01, poll_timeout=5
            )
            return count, str(task.status)

    with MockServer() as server:
        count, status = asyncio.run(main(server.base_url))
        assert server.errors == []
    assert count > 0
    assert status == "SUCCESS"


def test_import_is_lazy() -> None:
    import subprocess
    import sys

    code = "import sys, gitaigc; print(sorted(m for m in sys.modules if m.startswith(('gitaigc.', 'httpx2', 'pydantic'))))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(gitaigc.__file__).parents[1])},
    )
    assert result.stdout.strip() == "['gitaigc._version']"
