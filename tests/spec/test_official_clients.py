"""Official openai/anthropic clients → mock server built from spec/openapi.yaml: the spec accepts what they send.

Each test drives one client call against the mock server, checks the parsed result, and checks that
the server found nothing to complain about (`server.errors == []`), i.e. the request the official
client built validates against the spec.
"""

from __future__ import annotations

import base64
import json
import struct

import anthropic
import httpx2
import openai
import pytest

from tests.support.mock_server import MockServer

API_KEY = "sk-test"
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    },
}
WAV_BYTES = b"RIFF$\x00\x00\x00WAVEfmt " + bytes(24)


@pytest.fixture
def openai_client(mock_server: MockServer):
    with openai.OpenAI(
        base_url=mock_server.base_url + "/v1", api_key=API_KEY, max_retries=0
    ) as client:
        yield client


@pytest.fixture
def anthropic_client(mock_server: MockServer):
    with anthropic.Anthropic(
        base_url=mock_server.base_url, api_key=API_KEY, max_retries=0
    ) as client:
        yield client


def assert_clean(server: MockServer, path: str) -> None:
    assert server.errors == []
    assert [request.path for request in server.requests] == [path]


# ---- OpenAI ------------------------------------------------------------------------------------


def test_models_list(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    page = openai_client.models.list()
    assert [model.id for model in page.data] == ["gpt-3.5-turbo-16k"]
    assert_clean(mock_server, "/v1/models")
    assert mock_server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_models_retrieve(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    model = openai_client.models.retrieve("gpt-4o")
    assert model.id == "gpt-4o"
    assert model.object == "model" and model.owned_by == "openai" and model.created > 0
    assert_clean(mock_server, "/v1/models/gpt-4o")


def test_chat_plain(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    completion = openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "你好"},
        ],
        temperature=0.5,
        max_tokens=100,
    )
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content
    assert completion.usage is not None and completion.usage.total_tokens > 0
    assert_clean(mock_server, "/v1/chat/completions")


def test_chat_n_returns_three_choices(
    openai_client: openai.OpenAI, mock_server: MockServer
) -> None:
    completion = openai_client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "who are u?"}], n=3
    )
    assert [choice.index for choice in completion.choices] == [0, 1, 2]
    assert mock_server.requests[0].json()["n"] == 3
    assert_clean(mock_server, "/v1/chat/completions")


def test_chat_tools(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    completion = openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "北京今天天气怎么样"}],
        tools=[WEATHER_TOOL],
        tool_choice="auto",
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.function.name == "get_current_weather"
    assert json.loads(call.function.arguments) == {"location": "Beijing"}
    assert_clean(mock_server, "/v1/chat/completions")


def test_chat_tool_result_round_trip(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "user", "content": "北京今天天气怎么样"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_abc123",
                        "type": "function",
                        "function": {
                            "name": "get_current_weather",
                            "arguments": '{"location": "Beijing"}',
                        },
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_abc123", "content": "晴, 25°C"},
        ],
        tools=[WEATHER_TOOL],
        tool_choice={"type": "function", "function": {"name": "get_current_weather"}},
        parallel_tool_calls=False,
    )
    assert_clean(mock_server, "/v1/chat/completions")


def test_chat_response_format_json_schema(
    openai_client: openai.OpenAI, mock_server: MockServer
) -> None:
    completion = openai_client.chat.completions.create(
        model="gpt-4o-2024-08-06",
        messages=[
            {"role": "developer", "content": "You are a helpful math tutor."},
            {"role": "user", "content": "solve 8x + 31 = 2"},
        ],
        response_format={
            "type": "json_schema",
            "json_schema": {
                "name": "math_response",
                "strict": True,
                "schema": {
                    "type": "object",
                    "properties": {"final_answer": {"type": "string"}},
                    "required": ["final_answer"],
                    "additionalProperties": False,
                },
            },
        },
        seed=7,
        stop=["\n\n"],
    )
    content = completion.choices[0].message.content
    assert content is not None
    assert json.loads(content)["final_answer"] == "x = -29/8"
    assert_clean(mock_server, "/v1/chat/completions")


def test_chat_image_part(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    completion = openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "这张图片是什么?"},
                    {
                        "type": "image_url",
                        "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"},
                    },
                ],
            }
        ],
    )
    assert completion.choices[0].message.content
    assert_clean(mock_server, "/v1/chat/completions")


def test_chat_stream(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    stream = openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "你好"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    with stream:
        chunks = list(stream)
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert text == "Hello!"
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 11
    assert_clean(mock_server, "/v1/chat/completions")


def test_completions(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    completion = openai_client.completions.create(
        model="gpt-3.5-turbo-instruct", prompt="Say this is a test", max_tokens=7, temperature=0
    )
    assert completion.object == "text_completion"
    assert completion.choices[0].text == "\n\nThis is indeed a test"
    assert_clean(mock_server, "/v1/completions")


def test_embeddings_float(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    response = openai_client.embeddings.create(
        model="text-embedding-ada-002", input="The food was delicious", encoding_format="float"
    )
    assert response.data[0].embedding == [0.0023064255, -0.009327292, -0.0028842222]
    assert_clean(mock_server, "/v1/embeddings")


def test_embeddings_base64_example_decodes_to_the_float_example(
    openai_client: openai.OpenAI, mock_server: MockServer
) -> None:
    response = openai_client.embeddings.create(
        model="text-embedding-ada-002", input=["a", "b"], encoding_format="base64"
    )
    raw = response.data[0].embedding
    assert isinstance(raw, str)
    assert list(struct.unpack("<3f", base64.b64decode(raw))) == pytest.approx(
        [0.0023064255, -0.009327292, -0.0028842222]
    )
    assert_clean(mock_server, "/v1/embeddings")


def test_images_generate(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    response = openai_client.images.generate(
        model="dall-e-3",
        prompt="a white siamese cat",
        n=1,
        size="1024x1024",
        quality="hd",
        style="natural",
    )
    assert response.data is not None and response.data[0].url
    assert_clean(mock_server, "/v1/images/generations")


def test_images_generate_flux_aspect_ratio(
    openai_client: openai.OpenAI, mock_server: MockServer
) -> None:
    response = openai_client.images.generate(
        model="flux-kontext-pro", prompt="a river", extra_body={"aspect_ratio": "21:9"}
    )
    assert response.data is not None and response.data[0].url
    assert_clean(mock_server, "/v1/images/generations")


def test_audio_transcription(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    transcription = openai_client.audio.transcriptions.create(
        model="whisper-1",
        file=("audio.wav", WAV_BYTES, "audio/wav"),
        language="en",
        temperature=0.2,
        response_format="json",
    )
    assert transcription.text.startswith("Imagine the wildest idea")
    assert_clean(mock_server, "/v1/audio/transcriptions")
    request = mock_server.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert WAV_BYTES in request.body


# openai marks `audio.translations.create` deprecated and warns on every call; the route still
# exists on the relay, so this one test tolerates exactly that library warning.
@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")
def test_audio_translation(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    translation = openai_client.audio.translations.create(
        model="whisper-1", file=("german.wav", WAV_BYTES, "audio/wav"), prompt="Hallo"
    )
    assert translation.text.startswith("Hello, my name is Wolfgang")
    assert_clean(mock_server, "/v1/audio/translations")


def test_audio_speech_is_binary(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    response = openai_client.audio.speech.create(
        model="tts-1",
        input="The quick brown fox jumped over the lazy dog.",
        voice="alloy",
        speed=1.25,
    )
    assert response.response.headers["content-type"] == "audio/mpeg"
    assert response.read() == b"(MP3 audio bytes)"
    assert_clean(mock_server, "/v1/audio/speech")


def test_moderations(openai_client: openai.OpenAI, mock_server: MockServer) -> None:
    response = openai_client.moderations.create(input="I want to kill them.")
    assert response.results[0].flagged is True
    assert_clean(mock_server, "/v1/moderations")


def test_a_request_the_spec_rejects_is_reported(
    openai_client: openai.OpenAI, mock_server: MockServer
) -> None:
    with pytest.raises(openai.BadRequestError):
        openai_client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "hi"}],
            extra_body={"temperature": "hot"},
        )
    assert len(mock_server.errors) == 1
    assert "temperature" in mock_server.errors[0]


def test_a_request_without_credentials_is_reported(mock_server: MockServer) -> None:
    with httpx2.Client(base_url=mock_server.base_url) as client:
        response = client.get("/v1/models")
    assert response.status_code == 400
    assert len(mock_server.errors) == 1
    assert "Security" in mock_server.errors[0]


def test_example_header_forces_a_response_example(mock_server: MockServer) -> None:
    with httpx2.Client(base_url=mock_server.base_url) as client:
        response = client.get(
            "/suno/fetch/f4a94d75",
            headers={"Authorization": f"Bearer {API_KEY}", "X-Mock-Example": "lyrics"},
        )
    assert response.json()["data"]["action"] == "LYRICS"
    assert mock_server.errors == []


# ---- Anthropic ---------------------------------------------------------------------------------


def test_messages_plain(anthropic_client: anthropic.Anthropic, mock_server: MockServer) -> None:
    message = anthropic_client.messages.create(
        model="claude-3-5-sonnet-20240620",
        max_tokens=1024,
        system="You are terse.",
        messages=[{"role": "user", "content": "Hello, world"}],
        stop_sequences=["\n\nHuman:"],
        metadata={"user_id": "u-1"},
        # anthropic 2.x dropped the sampling keywords; the relay still accepts them in the body.
        extra_body={"temperature": 0.2, "top_k": 40},
    )
    assert message.type == "message"
    assert message.content[0].type == "text"
    assert message.content[0].text == "Hi! My name is Claude."
    assert message.stop_reason == "end_turn"
    assert_clean(mock_server, "/v1/messages")
    headers = mock_server.requests[0].headers
    # anthropic 2.x sends the key as a bearer token (older releases used x-api-key); both are declared.
    assert (
        headers.get("x-api-key") == API_KEY or headers.get("authorization") == f"Bearer {API_KEY}"
    )
    assert headers["anthropic-version"]


def test_messages_accepts_x_api_key(mock_server: MockServer) -> None:
    with httpx2.Client(base_url=mock_server.base_url) as client:
        response = client.post(
            "/v1/messages",
            headers={"x-api-key": API_KEY, "anthropic-version": "2023-06-01"},
            json={
                "model": "claude-3-5-sonnet-20240620",
                "max_tokens": 16,
                "messages": [{"role": "user", "content": "Hi"}],
            },
        )
    assert response.status_code == 200
    assert response.json()["type"] == "message"
    assert mock_server.errors == []


def test_messages_without_max_tokens_is_reported(mock_server: MockServer) -> None:
    with httpx2.Client(base_url=mock_server.base_url) as client:
        client.post(
            "/v1/messages",
            headers={"x-api-key": API_KEY, "anthropic-version": "2023-06-01"},
            json={
                "model": "claude-3-5-sonnet-20240620",
                "messages": [{"role": "user", "content": "Hi"}],
            },
        )
    assert len(mock_server.errors) == 1
    assert "max_tokens" in mock_server.errors[0]


def test_messages_tools(anthropic_client: anthropic.Anthropic, mock_server: MockServer) -> None:
    message = anthropic_client.messages.create(
        model="claude-3-5-sonnet-20241022",
        max_tokens=1024,
        messages=[{"role": "user", "content": "今天北京的天气怎么样?"}],
        tools=[
            {
                "name": "get_weather",
                "description": "获取指定位置的当前天气",
                "input_schema": {
                    "type": "object",
                    "properties": {"location": {"type": "string"}},
                    "required": ["location"],
                },
            }
        ],
        tool_choice={"type": "auto"},
    )
    tool_use = message.content[1]
    assert tool_use.type == "tool_use"
    assert tool_use.name == "get_weather"
    assert tool_use.input == {"location": "北京"}
    assert message.stop_reason == "tool_use"
    assert_clean(mock_server, "/v1/messages")


def test_messages_tool_result_round_trip(
    anthropic_client: anthropic.Anthropic, mock_server: MockServer
) -> None:
    anthropic_client.messages.create(
        model="claude-3-5-sonnet-20241022",
        max_tokens=1024,
        messages=[
            {"role": "user", "content": "今天北京的天气怎么样?"},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": "toolu_01",
                        "name": "get_weather",
                        "input": {"location": "北京"},
                    }
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_01",
                        "content": "晴",
                        "is_error": False,
                    }
                ],
            },
        ],
    )
    assert_clean(mock_server, "/v1/messages")


def test_messages_image(anthropic_client: anthropic.Anthropic, mock_server: MockServer) -> None:
    message = anthropic_client.messages.create(
        model="claude-3-5-sonnet-20241022",
        max_tokens=1024,
        messages=[
            {
                "role": "user",
                "content": [
                    {
                        "type": "image",
                        "source": {
                            "type": "base64",
                            "media_type": "image/png",
                            "data": "iVBORw0KGgo=",
                        },
                    },
                    {
                        "type": "image",
                        "source": {"type": "url", "url": "https://example.com/cat.png"},
                    },
                    {"type": "text", "text": "这张图片是什么?"},
                ],
            }
        ],
    )
    assert message.content[0].type == "text"
    assert_clean(mock_server, "/v1/messages")


def test_messages_stream(anthropic_client: anthropic.Anthropic, mock_server: MockServer) -> None:
    stream = anthropic_client.messages.create(
        model="claude-3-5-sonnet-20240620",
        max_tokens=1024,
        messages=[{"role": "user", "content": "Hello"}],
        stream=True,
    )
    with stream:
        events = list(stream)
    assert [event.type for event in events] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    text = "".join(event.delta.text for event in events if event.type == "content_block_delta")
    assert text == "Hello!"
    assert_clean(mock_server, "/v1/messages")


def test_messages_stream_helper_accumulates(
    anthropic_client: anthropic.Anthropic, mock_server: MockServer
) -> None:
    with anthropic_client.messages.stream(
        model="claude-3-5-sonnet-20240620",
        max_tokens=1024,
        messages=[{"role": "user", "content": "Hello"}],
    ) as stream:
        final = stream.get_final_message()
    assert final.content[0].type == "text"
    assert final.content[0].text == "Hello!"
    assert final.stop_reason == "end_turn"
    assert_clean(mock_server, "/v1/messages")


def test_messages_thinking_example_parses_in_the_official_client(
    anthropic_client: anthropic.Anthropic, mock_server: MockServer
) -> None:
    message = anthropic_client.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=16000,
        thinking={"type": "enabled", "budget_tokens": 10000},
        messages=[{"role": "user", "content": "今天北京的天气怎么样?"}],
        extra_headers={"X-Mock-Example": "thinking"},
    )
    assert [block.type for block in message.content] == ["thinking", "redacted_thinking", "text"]
    # The official client only constructs; validating is the real check of the example.
    anthropic.types.Message.model_validate(message.model_dump())
    assert_clean(mock_server, "/v1/messages")


def test_messages_thinking_stream_accumulates_in_the_official_client(
    anthropic_client: anthropic.Anthropic, mock_server: MockServer
) -> None:
    with anthropic_client.messages.stream(
        model="claude-sonnet-4-20250514",
        max_tokens=16000,
        thinking={"type": "enabled", "budget_tokens": 10000},
        messages=[{"role": "user", "content": "What is 6 x 7?"}],
        extra_headers={"X-Mock-Example": "thinking"},
    ) as stream:
        final = stream.get_final_message()
    thinking, text = final.content
    assert thinking.type == "thinking"
    assert thinking.thinking == "Let me think step by step."
    assert thinking.signature == "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxB"
    assert text.type == "text" and text.text == "42"
    assert text.citations is not None and text.citations[0].cited_text == "42"
    assert_clean(mock_server, "/v1/messages")


def test_status_header_forces_an_error_response(
    openai_client: openai.OpenAI, mock_server: MockServer
) -> None:
    with pytest.raises(openai.AuthenticationError) as caught:
        openai_client.models.list(extra_headers={"X-Mock-Status": "401"})
    assert caught.value.status_code == 401
    assert caught.value.message.endswith("Invalid token")  # openai prefixes "Error code: 401 - "
    assert mock_server.errors == []
