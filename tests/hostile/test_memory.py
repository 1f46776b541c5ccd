"""Memory stays bounded: error bodies, non-JSON bodies and decompression bombs, under an address-space cap.

Each probe runs the client in a subprocess capped by ``RLIMIT_AS`` (``run_capped``); the server, in this
process, sends a body that an unbounded read would need gigabytes for. The outcome must be the SDK's own
typed error, with a short message, at a small peak RSS.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.hostile.conftest import run_capped
from tests.hostile.servers import Exchange, gzip_bomb

CHAT = """
kwargs = dict(model="m", messages=[{"role": "user", "content": "hi"}])
"""


def _probe(url: str, call: str, *, is_async: bool, client_kwargs: str = "") -> dict[str, Any]:
    """Run ``call`` (an expression on ``client``) against ``url``; report the exception it raised."""
    if is_async:
        body = f"""
        import asyncio
        async def main():
            async with gitaigc.AsyncGitaigc(api_key="sk-x", base_url={url!r}, max_retries=0{client_kwargs}) as client:
                return await {call}
        run = lambda: asyncio.run(main())
        """
    else:
        body = f"""
        def run():
            with gitaigc.Gitaigc(api_key="sk-x", base_url={url!r}, max_retries=0{client_kwargs}) as client:
                return {call}
        """
    code = f"""
import gitaigc
{CHAT}
{_dedent(body)}
try:
    result = run()
    outcome["type"] = "returned " + type(result).__name__
except BaseException as exc:
    outcome["type"] = type(exc).__name__
    outcome["sdk_error"] = isinstance(exc, gitaigc.GitaigcError)
    outcome["message_length"] = len(str(exc))
    outcome["message"] = str(exc)[:300]
    outcome["cause"] = type(exc.__cause__).__name__ if exc.__cause__ is not None else None
    outcome["limit"] = getattr(exc, "limit", None)
"""
    return run_capped(code)


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def _zeros(ex: Exchange, size: int, status: int, content_type: str) -> None:
    ex.head(status, {"content-type": content_type, "content-length": str(size)})
    chunk = b"x " * (1 << 19)  # words: splitting it into words is what used to cost gigabytes
    for _ in range(size >> 20):
        if not ex.write(chunk):
            return


def _bomb(status: int, content_type: str, decoded_mib: int) -> Any:
    def script(ex: Exchange) -> None:
        body = gzip_bomb(decoded_mib)
        ex.respond(status, body, {"content-type": content_type, "content-encoding": "gzip"})

    return script


ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@ASYNC
def test_64_mib_error_body(serve: Any, is_async: bool) -> None:
    server = serve(lambda ex: _zeros(ex, 64 << 20, 500, "text/plain"))
    outcome = _probe(server.url, "client.chat.completions.create(**kwargs)", is_async=is_async)
    assert outcome["type"] == "InternalServerError", outcome
    assert outcome["message_length"] < 1000
    assert outcome["peak_rss_mib"] < 200, outcome


@ASYNC
@pytest.mark.parametrize("status", [500, 400])
def test_gzip_bomb_error_body(serve: Any, status: int, is_async: bool) -> None:
    server = serve(_bomb(status, "application/json", 256))
    outcome = _probe(server.url, "client.chat.completions.create(**kwargs)", is_async=is_async)
    assert outcome["type"] == ("InternalServerError" if status == 500 else "BadRequestError"), (
        outcome
    )
    assert outcome["message_length"] < 1000
    assert outcome["peak_rss_mib"] < 200, outcome


@ASYNC
def test_gzip_bomb_in_a_2xx_body_that_is_not_json(serve: Any, is_async: bool) -> None:
    server = serve(_bomb(200, "text/html", 256))
    outcome = _probe(server.url, "client.chat.completions.create(**kwargs)", is_async=is_async)
    assert outcome["type"] == "APIResponseValidationError", outcome
    assert outcome["message_length"] < 1000
    assert outcome["peak_rss_mib"] < 200, outcome


@ASYNC
def test_gzip_bomb_in_a_2xx_json_body_stops_at_the_limit(serve: Any, is_async: bool) -> None:
    server = serve(_bomb(200, "application/json", 1024))
    outcome = _probe(server.url, "client.chat.completions.create(**kwargs)", is_async=is_async)
    assert outcome["type"] == "ResponseTooLargeError", outcome
    assert outcome["sdk_error"] is True
    assert outcome["limit"] == 256 << 20
    assert outcome["peak_rss_mib"] < 640, outcome


@ASYNC
def test_gzip_bomb_on_a_binary_download_stops_at_the_configured_limit(
    serve: Any, is_async: bool
) -> None:
    server = serve(_bomb(200, "audio/mpeg", 1024))
    outcome = _probe(
        server.url,
        'client.audio.speech.create(model="tts-1", input="hi", voice="alloy")',
        is_async=is_async,
        client_kwargs=", max_response_bytes=32 << 20",
    )
    assert outcome["type"] == "ResponseTooLargeError", outcome
    assert outcome["limit"] == 32 << 20
    assert outcome["peak_rss_mib"] < 200, outcome


SPEECH = 'create(model="tts-1", input="hi", voice="alloy")'


def _streamed_probe(url: str, target: str, *, is_async: bool, then: str) -> dict[str, Any]:
    """Open ``client.audio.speech.with_streaming_response.create(...)`` against ``url`` and run ``then``
    (``stream_to_file`` or ``read``) on it, under the memory cap; report what happened."""
    if is_async:
        body = f"""
        import asyncio
        async def main():
            async with gitaigc.AsyncGitaigc(api_key="sk-x", base_url={url!r}, max_retries=0) as client:
                async with client.audio.speech.with_streaming_response.{SPEECH} as response:
                    return await response.{then}
        run = lambda: asyncio.run(main())
        """
    else:
        body = f"""
        def run():
            with gitaigc.Gitaigc(api_key="sk-x", base_url={url!r}, max_retries=0) as client:
                with client.audio.speech.with_streaming_response.{SPEECH} as response:
                    return response.{then}
        """
    code = f"""
import os
import gitaigc
{_dedent(body)}
try:
    run()
    outcome["type"] = "returned"
except BaseException as exc:
    outcome["type"] = type(exc).__name__
    outcome["limit"] = getattr(exc, "limit", None)
    outcome["message"] = str(exc)[:300]
outcome["size"] = os.path.getsize({target!r}) if os.path.exists({target!r}) else None
"""
    return run_capped(code)


@ASYNC
def test_gzip_bomb_download_streams_to_a_file_in_bounded_memory(
    serve: Any, is_async: bool, tmp_path: Any
) -> None:
    """A 1 MB gzip body that decodes to 1 GiB reaches the disk whole, a chunk at a time."""
    server = serve(_bomb(200, "audio/mpeg", 1024))
    target = str(tmp_path / "speech.mp3")
    try:
        outcome = _streamed_probe(
            server.url, target, is_async=is_async, then=f"stream_to_file({target!r})"
        )
        assert outcome["type"] == "returned", outcome
        assert outcome["size"] == 1 << 30
        assert outcome["peak_rss_mib"] < 200, outcome
    finally:
        if os.path.exists(target):
            os.remove(target)  # a GiB of zeros is not worth keeping


@ASYNC
def test_a_streamed_response_read_whole_stops_at_the_limit(
    serve: Any, is_async: bool, tmp_path: Any
) -> None:
    server = serve(_bomb(200, "audio/mpeg", 1024))
    outcome = _streamed_probe(server.url, str(tmp_path / "none"), is_async=is_async, then="read()")
    assert outcome["type"] == "ResponseTooLargeError", outcome
    assert outcome["limit"] == 256 << 20
    assert outcome["peak_rss_mib"] < 640, outcome


@ASYNC
def test_gzip_bomb_in_a_text_answer_stops_at_the_limit(serve: Any, is_async: bool) -> None:
    """A text alternative (``response_format="text"``) is read whole, so it is bounded like JSON."""
    server = serve(_bomb(200, "text/plain", 1024))
    outcome = _probe(
        server.url,
        'client.audio.transcriptions.create(model="whisper-1", file=b"ID3", response_format="text")',
        is_async=is_async,
    )
    assert outcome["type"] == "ResponseTooLargeError", outcome
    assert outcome["limit"] == 256 << 20
    assert outcome["peak_rss_mib"] < 640, outcome
