"""Type-checked, never imported by pytest: how an application uses the SDK. `test_typing.py` runs
mypy --strict and pyright (strict) on this file; `assert_type` fails the check if an overload drifts."""

from __future__ import annotations

from typing import Literal, assert_type

import gitaigc
from gitaigc import AsyncGitaigc, AsyncStream, BinaryResponse, Gitaigc, Stream
from gitaigc._response import AsyncStreamedAPIResponse, StreamedAPIResponse
from gitaigc.models import (
    AnthropicMessage,
    AudioTextResponse,
    ChatCompletion,
    ChatCompletionChunk,
    SunoTask,
    Task,
)


def sync_usage(client: Gitaigc) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    )
    assert_type(completion, ChatCompletion)
    text: str | None = completion.choices[0].message.content
    print(text)

    stream = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    assert_type(stream, Stream[ChatCompletionChunk])
    with stream:
        for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)

    flag: bool = bool(len(text or ""))
    either = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=flag
    )
    assert_type(either, ChatCompletion | Stream[ChatCompletionChunk])

    message = client.messages.create(
        model="claude", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    )
    assert_type(message, AnthropicMessage)

    audio = client.audio.speech.create(model="tts-1", input="hi", voice="alloy")
    assert_type(audio, BinaryResponse)

    task = client.midjourney.imagine_and_wait(
        prompt="a cat", poll_timeout=60, on_poll=lambda t: print(t.progress)
    )
    assert_type(task, Task)
    assert_type(client.midjourney.wait("123", poll_timeout=5.0, poll_interval=1.0), Task)
    assert_type(client.suno.submit_music_and_wait(gpt_description_prompt="sea"), SunoTask)

    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    )
    print(raw.status_code, raw.request_id)

    # Media-type alternatives: `response_format` picks the media type, and with it the return type.
    with open("speech.mp3", "rb") as audio_file:
        assert_type(
            client.audio.transcriptions.create(model="whisper-1", file=audio_file),
            AudioTextResponse,
        )
        assert_type(
            client.audio.transcriptions.create(
                model="whisper-1", file=audio_file, response_format="json"
            ),
            AudioTextResponse,
        )
        assert_type(
            client.audio.transcriptions.create(
                model="whisper-1", file=audio_file, response_format="verbose_json"
            ),
            AudioTextResponse,
        )
        assert_type(
            client.audio.transcriptions.create(
                model="whisper-1", file=audio_file, response_format="text"
            ),
            str,
        )
        assert_type(
            client.audio.translations.create(
                model="whisper-1", file=audio_file, response_format="srt"
            ),
            str,
        )
        chosen: Literal["json", "text", "srt", "verbose_json", "vtt"] = "vtt" if flag else "json"
        assert_type(
            client.audio.transcriptions.create(
                model="whisper-1", file=audio_file, response_format=chosen
            ),
            AudioTextResponse | str,
        )

    with client.audio.speech.with_streaming_response.create(
        model="tts-1", input="hi", voice="alloy"
    ) as streamed:
        assert_type(streamed, StreamedAPIResponse[BinaryResponse])
        streamed.stream_to_file("speech.mp3")
        for piece in streamed.iter_bytes(4096):
            assert_type(piece, bytes)
        for line in streamed.iter_lines():
            assert_type(line, str)
        assert_type(streamed.parse(), BinaryResponse)
        print(streamed.status_code, streamed.headers, streamed.request_id)
    with client.chat.completions.with_streaming_response.create(
        model="m", messages=[{"role": "user", "content": "hi"}]
    ) as chat:
        assert_type(chat.parse(), ChatCompletion)

    try:
        client.with_options(max_retries=0, timeout=5.0).models.list()
    except gitaigc.RateLimitError as error:
        print(error.status_code, error.request_id)
    except gitaigc.APIStatusError as error:
        print(error.body)
    except gitaigc.APIConnectionError:
        pass


async def async_usage(client: AsyncGitaigc) -> None:
    completion = await client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    )
    assert_type(completion, ChatCompletion)
    stream = await client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    assert_type(stream, AsyncStream[ChatCompletionChunk])
    async with stream:
        async for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)

    async def progress(task: Task) -> None:
        print(task.progress)

    task = await client.midjourney.imagine_and_wait(prompt="a cat", on_poll=progress)
    assert_type(task, Task)

    async with client.audio.speech.with_streaming_response.create(
        model="tts-1", input="hi", voice="alloy"
    ) as streamed:
        assert_type(streamed, AsyncStreamedAPIResponse[BinaryResponse])
        await streamed.stream_to_file("speech.mp3")
        async for piece in streamed.iter_bytes():
            assert_type(piece, bytes)
        assert_type(await streamed.read(), bytes)
    with open("speech.mp3", "rb") as audio_file:
        text = await client.audio.transcriptions.create(
            model="whisper-1", file=audio_file, response_format="text"
        )
        assert_type(text, str)
