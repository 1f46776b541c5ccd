"""Type-checked, never imported by pytest: how an application uses the SDK. `test_typing.py` runs
mypy --strict and pyright (strict) on this file; `assert_type` fails the check if an overload drifts."""

from __future__ import annotations

from typing import assert_type

import gitaigc
from gitaigc import AsyncGitaigc, AsyncStream, BinaryResponse, Gitaigc, Stream
from gitaigc.models import AnthropicMessage, ChatCompletion, ChatCompletionChunk, SunoTask, Task


def sync_usage(client: Gitaigc) -> None:
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert_type(completion, ChatCompletion)
    text: str | None = completion.choices[0].message.content
    print(text)

    stream = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True)
    assert_type(stream, Stream[ChatCompletionChunk])
    with stream:
        for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)

    flag: bool = bool(len(text or ""))
    either = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=flag)
    assert_type(either, ChatCompletion | Stream[ChatCompletionChunk])

    message = client.messages.create(model="claude", max_tokens=10, messages=[{"role": "user", "content": "hi"}])
    assert_type(message, AnthropicMessage)

    audio = client.audio.speech.create(model="tts-1", input="hi", voice="alloy")
    assert_type(audio, BinaryResponse)

    task = client.midjourney.imagine_and_wait(prompt="a cat", poll_timeout=60, on_poll=lambda t: print(t.progress))
    assert_type(task, Task)
    assert_type(client.midjourney.wait("123", poll_timeout=5.0, poll_interval=1.0), Task)
    assert_type(client.suno.submit_music_and_wait(gpt_description_prompt="sea"), SunoTask)

    raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    print(raw.status_code, raw.request_id)

    try:
        client.with_options(max_retries=0, timeout=5.0).models.list()
    except gitaigc.RateLimitError as error:
        print(error.status_code, error.request_id)
    except gitaigc.APIStatusError as error:
        print(error.body)
    except gitaigc.APIConnectionError:
        pass


async def async_usage(client: AsyncGitaigc) -> None:
    completion = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert_type(completion, ChatCompletion)
    stream = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True)
    assert_type(stream, AsyncStream[ChatCompletionChunk])
    async with stream:
        async for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
    async def progress(task: Task) -> None:
        print(task.progress)

    task = await client.midjourney.imagine_and_wait(prompt="a cat", on_poll=progress)
    assert_type(task, Task)
