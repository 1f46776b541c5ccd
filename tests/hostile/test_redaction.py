"""Keys never show: not in messages (any error kind, any length), not in ``exc.body``, not in a pickle.

A hostile or careless server echoes the key back; a key read from a file carries a newline. Every
error the SDK raises must hold only the redacted form, redacted before anything is cut short.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import API_KEY
from tests.hostile.servers import Exchange

CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def _gitaigc() -> Any:
    import gitaigc

    return gitaigc


def _chat(url: str, *, is_async: bool, stream: bool = False, **client_kwargs: Any) -> Any:
    gitaigc = _gitaigc()
    kwargs = {**CHAT, "stream": True} if stream else CHAT
    if not is_async:
        with gitaigc.Gitaigc(
            api_key=API_KEY, base_url=url, max_retries=0, **client_kwargs
        ) as client:
            result = client.chat.completions.create(**kwargs)
            return list(result) if stream else result

    async def main() -> Any:
        async with gitaigc.AsyncGitaigc(
            api_key=API_KEY, base_url=url, max_retries=0, **client_kwargs
        ) as client:
            result = await client.chat.completions.create(**kwargs)
            return [event async for event in result] if stream else result

    return asyncio.run(main())


def _assert_clean(exc: BaseException) -> None:
    """No trace of the key, whole or in part, anywhere the error is shown or stored."""
    prefix = API_KEY[:6]
    assert prefix not in str(exc), str(exc)
    assert prefix not in repr(exc)
    body = getattr(exc, "body", None)
    assert prefix not in json.dumps(body, default=str), body
    for name in ("error", "task", "last_status"):
        assert prefix not in json.dumps(getattr(exc, name, None), default=str)
    pickled = pickle.dumps(exc)
    assert prefix.encode() not in pickled
    restored = pickle.loads(pickled)
    assert type(restored) is type(exc) and str(restored) == str(exc)


ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@pytest.mark.parametrize("bad", ["\n", "\r\n", "\t", "\x00", " ", "\u00e9", "\u2028"])
@pytest.mark.parametrize("where", ["end", "middle"])
def test_control_characters_in_the_key_are_refused_at_construction(
    bad: str, where: str, monkeypatch: Any
) -> None:
    gitaigc = _gitaigc()
    key = API_KEY + bad if where == "end" else API_KEY[:8] + bad + API_KEY[8:]
    for cls in (gitaigc.Gitaigc, gitaigc.AsyncGitaigc):
        with pytest.raises(gitaigc.GitaigcError) as info:
            cls(api_key=key, base_url="http://127.0.0.1:9")
        _assert_clean(info.value)
        assert "api_key" in str(info.value)
    if "\x00" in key:
        return  # no environment variable can hold a NUL
    monkeypatch.setenv("GITAIGC_API_KEY", key)
    with pytest.raises(gitaigc.GitaigcError) as info:
        gitaigc.Gitaigc(base_url="http://127.0.0.1:9")
    assert "GITAIGC_API_KEY" in str(info.value)
    _assert_clean(info.value)


@ASYNC
@pytest.mark.parametrize("offset", [0, 440, 470, 480, 485, 490, 495, 499, 510, 5000])
def test_a_long_echo_is_redacted_before_it_is_cut(serve: Any, offset: int, is_async: bool) -> None:
    text = "y" * offset + f"invalid key Bearer {API_KEY} " + "z" * 2000
    server = serve(lambda ex: ex.json(401, json.dumps({"error": {"message": text}})))
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.AuthenticationError) as info:
        _chat(server.url, is_async=is_async)
    _assert_clean(info.value)


@ASYNC
@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "text/html"])
def test_echo_in_error_body_is_redacted_in_message_body_and_pickle(
    serve: Any, content_type: str, is_async: bool
) -> None:
    payload = json.dumps(
        {"error": {"message": f"bad key {API_KEY}", "key": API_KEY, "nested": [API_KEY]}}
    )
    server = serve(lambda ex: ex.json(400, payload, {"content-type": content_type}))
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.BadRequestError) as info:
        _chat(server.url, is_async=is_async)
    _assert_clean(info.value)
    assert "[REDACTED]" in str(info.value)


def _sse(ex: Exchange, text: str) -> None:
    body = text.encode()
    ex.respond(200, body, {"content-type": "text/event-stream"})


@ASYNC
@pytest.mark.parametrize(
    "events",
    [
        'event: error\ndata: {"error": {"message": "key KEY is over quota"}}\n\n',
        'data: {"error": {"message": "key KEY", "type": "x"}}\n\n',
        "event: error\ndata: key KEY is not valid\n\n",
        "data: not json KEY\n\n",
        'data: {"choices": "KEY", "id": 3}\n\n',
    ],
    ids=["error-event", "error-field", "error-text", "bad-json", "bad-shape"],
)
def test_stream_errors_are_redacted(serve: Any, events: str, is_async: bool) -> None:
    server = serve(lambda ex: _sse(ex, events.replace("KEY", API_KEY)))
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.GitaigcError) as info:
        _chat(server.url, is_async=is_async, stream=True)
    _assert_clean(info.value)


@ASYNC
def test_validation_error_of_a_2xx_body_is_redacted(serve: Any, is_async: bool) -> None:
    server = serve(
        lambda ex: ex.json(200, json.dumps({"id": 1, "choices": API_KEY, "object": API_KEY}))
    )
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.APIResponseValidationError) as info:
        _chat(server.url, is_async=is_async)
    _assert_clean(info.value)


@ASYNC
def test_invalid_json_2xx_is_redacted(serve: Any, is_async: bool) -> None:
    server = serve(lambda ex: ex.json(200, "{" + "a" * 480 + API_KEY + "z" * 900))
    gitaigc = _gitaigc()
    with pytest.raises(gitaigc.APIResponseValidationError) as info:
        _chat(server.url, is_async=is_async)
    _assert_clean(info.value)


@ASYNC
def test_connection_error_with_a_query_key_is_redacted(probe_sdk: Path, is_async: bool) -> None:
    import probesdk

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"

    def call() -> None:
        if not is_async:
            with probesdk.Client(api_key=API_KEY, base_url=url, max_retries=0) as client:
                client.probe.get_query_key()
            return

        async def main() -> None:
            async with probesdk.AsyncClient(api_key=API_KEY, base_url=url, max_retries=0) as client:
                await client.probe.get_query_key()

        asyncio.run(main())

    with pytest.raises(probesdk.APIConnectionError) as info:
        call()
    _assert_clean(info.value)
