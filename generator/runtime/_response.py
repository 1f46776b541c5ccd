"""Response wrappers: ``BinaryResponse`` (a download read whole), ``APIResponse[T]`` (raw access)
and ``StreamedAPIResponse[T]`` (``with_streaming_response``: the body read as the caller asks)."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast

import anyio
import httpx2

from ._body import aread_body, read_body
from ._exceptions import request_id_of

__all__ = [
    "STREAMED_RESPONSE_HEADER",
    "APIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedAPIResponse",
    "BinaryResponse",
    "ResponseContextManager",
    "StreamedAPIResponse",
    "async_to_streamed_response_wrapper",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_UNPARSED = object()
# Asks ``request`` for a ``StreamedAPIResponse`` (body unread) instead of the parsed result; never sent.
STREAMED_RESPONSE_HEADER = "X-Sdk-Streamed-Response"
# What ``BinaryResponse.write_to_file`` writes at a time.
FILE_CHUNK_SIZE = 64 * 1024


class BinaryResponse:
    """A non-JSON response body (audio, images, archives), read in full (``max_response_bytes``
    at most); to keep a large download out of memory, use ``with_streaming_response``."""

    def __init__(self, response: httpx2.Response) -> None:
        self.http_response = response

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def content_type(self) -> str | None:
        return self.http_response.headers.get("content-type")

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        return self.http_response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """Yield the body in chunks of ``chunk_size`` bytes (one chunk when ``None``)."""
        return self.http_response.iter_bytes(chunk_size)

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the body to ``path``, replacing the file if it exists."""
        with open(path, "wb") as file:
            for chunk in self.iter_bytes(FILE_CHUNK_SIZE):
                file.write(chunk)

    def __repr__(self) -> str:
        return (
            f"<BinaryResponse status_code={self.status_code} content_type={self.content_type!r} "
            f"size={len(self.content)}>"
        )


class _ResponseInfo:
    """Status, headers and request of an HTTP response: what every response wrapper shows."""

    http_response: httpx2.Response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response.headers)

    @property
    def http_request(self) -> httpx2.Request:
        return self.http_response.request

    @property
    def url(self) -> httpx2.URL:
        return self.http_response.url

    @property
    def content_type(self) -> str | None:
        return self.http_response.headers.get("content-type")


class APIResponse(_ResponseInfo, Generic[T]):
    """The HTTP response behind an API call, with ``parse()`` giving what the method would return."""

    def __init__(
        self, *, http_response: httpx2.Response, parser: Callable[[], T], retries_taken: int = 0
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._parser = parser
        self._parsed: object = _UNPARSED

    def parse(self) -> T:
        """Validate the body into the method's return type; computed once, then cached."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parser()
        return cast(T, self._parsed)

    def __repr__(self) -> str:
        return (
            f"<APIResponse [{self.status_code} {self.http_response.reason_phrase}] "
            f"{self.http_request.method} {self.url}>"
        )


class _StreamedBody:
    """How a streamed response is read: the whole-body limit, and the client's parsing and error mapping.

    ``parse_body`` turns the body read whole into the method's result; ``event_stream`` (for an
    operation answering with server-sent events) wraps the open response instead; ``map_error``
    turns an httpx2 error met while reading into the SDK's (redacted) connection or timeout error.
    """

    def __init__(
        self,
        *,
        limit: int | None,
        where: str,
        parse_body: Callable[[bytes], Any],
        event_stream: Callable[[], Any] | None,
        map_error: Callable[[Exception], Exception],
    ) -> None:
        self.limit = limit
        self.where = where
        self.parse_body = parse_body
        self.event_stream = event_stream
        self.map_error = map_error


class _Streamed(_ResponseInfo):
    """What the sync and async streamed responses share: the unread response and how to read it."""

    def __init__(
        self, *, http_response: httpx2.Response, body: _StreamedBody, retries_taken: int = 0
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._body = body
        self._content: bytes | None = None
        self._parsed: object = _UNPARSED

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}] "
            f"{self.http_request.method} {self.url}>"
        )


class StreamedAPIResponse(_Streamed, Generic[T]):
    """A 2xx response whose body has not been read: iterate it, write it to a file, or read it whole.

    Iterating never holds more than one chunk (httpx2 decompresses in pieces of at most 1 MiB);
    ``read()``, ``text()``, ``json()`` and ``parse()`` read the body whole, up to ``max_response_bytes``
    (``ResponseTooLargeError`` beyond). The connection is released when the ``with`` block ends.
    """

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The decoded body in chunks (of ``chunk_size`` bytes, but the last, when given)."""
        if self._content is not None:
            return self.http_response.iter_bytes(chunk_size)
        return self._mapped(self.http_response.iter_bytes(chunk_size))

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body decoded with its charset (UTF-8 when none is given), in pieces."""
        return self._mapped(self.http_response.iter_text(chunk_size))

    def iter_lines(self) -> Iterator[str]:
        """The body's text, one line at a time, without line endings."""
        return self._mapped(self.http_response.iter_lines())

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` chunk by chunk (as decoded, at most 1 MiB each, unless
        ``chunk_size`` says), replacing the file if it exists."""
        with open(file, "wb") as out:
            for chunk in self.iter_bytes(chunk_size):
                out.write(chunk)

    def read(self) -> bytes:
        """The whole body (at most ``max_response_bytes``); later calls return the same bytes."""
        if self._content is None:
            try:
                self._content = read_body(
                    self.http_response, self._body.limit, where=self._body.where
                )
            except httpx2.RequestError as exc:
                raise self._body.map_error(exc) from exc
        return self._content

    def text(self) -> str:
        """The whole body as text, decoded with its charset."""
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        """The whole body parsed as JSON."""
        return json.loads(self.read())

    def parse(self) -> T:
        """What the method would have returned (a model, text, a ``BinaryResponse``, or an event
        stream to iterate); computed once, then cached."""
        if self._parsed is _UNPARSED:
            if self._body.event_stream is not None:
                self._parsed = self._body.event_stream()
            else:
                self._parsed = self._body.parse_body(self.read())
        return cast(T, self._parsed)

    def close(self) -> None:
        """Release the connection; the rest of the body is not read."""
        self.http_response.close()

    def _mapped(self, chunks: Iterator[R]) -> Iterator[R]:
        try:
            yield from chunks
        except httpx2.RequestError as exc:
            raise self._body.map_error(exc) from exc


class AsyncStreamedAPIResponse(_Streamed, Generic[T]):
    """Async twin of ``StreamedAPIResponse``: the reading methods are coroutines or async iterators."""

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The decoded body in chunks (of ``chunk_size`` bytes, but the last, when given)."""
        if self._content is not None:
            return self.http_response.aiter_bytes(chunk_size)
        return self._mapped(self.http_response.aiter_bytes(chunk_size))

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body decoded with its charset (UTF-8 when none is given), in pieces."""
        return self._mapped(self.http_response.aiter_text(chunk_size))

    def iter_lines(self) -> AsyncIterator[str]:
        """The body's text, one line at a time, without line endings."""
        return self._mapped(self.http_response.aiter_lines())

    async def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` chunk by chunk, replacing the file if it exists."""
        async with await anyio.open_file(file, "wb") as out:
            async for chunk in self.iter_bytes(chunk_size):
                await out.write(chunk)

    async def read(self) -> bytes:
        """The whole body (at most ``max_response_bytes``); later calls return the same bytes."""
        if self._content is None:
            try:
                self._content = await aread_body(
                    self.http_response, self._body.limit, where=self._body.where
                )
            except httpx2.RequestError as exc:
                raise self._body.map_error(exc) from exc
        return self._content

    async def text(self) -> str:
        """The whole body as text, decoded with its charset."""
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        """The whole body parsed as JSON."""
        return json.loads(await self.read())

    async def parse(self) -> T:
        """What the method would have returned; computed once, then cached."""
        if self._parsed is _UNPARSED:
            if self._body.event_stream is not None:
                self._parsed = self._body.event_stream()
            else:
                self._parsed = self._body.parse_body(await self.read())
        return cast(T, self._parsed)

    async def close(self) -> None:
        """Release the connection; the rest of the body is not read."""
        await self.http_response.aclose()

    async def _mapped(self, chunks: AsyncIterator[R]) -> AsyncIterator[R]:
        try:
            async for chunk in chunks:
                yield chunk
        except httpx2.RequestError as exc:
            raise self._body.map_error(exc) from exc


class ResponseContextManager(Generic[T]):
    """``with``: sends the request on entry, releases the connection on exit, however the block ends."""

    def __init__(self, send: Callable[[], StreamedAPIResponse[T]]) -> None:
        self._send = send
        self._response: StreamedAPIResponse[T] | None = None

    def __enter__(self) -> StreamedAPIResponse[T]:
        self._response = self._send()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[T]):
    """``async with`` twin of ``ResponseContextManager``."""

    def __init__(self, send: Callable[[], Awaitable[AsyncStreamedAPIResponse[T]]]) -> None:
        self._send = send
        self._response: AsyncStreamedAPIResponse[T] | None = None

    async def __aenter__(self) -> AsyncStreamedAPIResponse[T]:
        self._response = await self._send()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def _ask_for_streaming(kwargs: dict[str, Any]) -> dict[str, Any]:
    given = cast("Mapping[str, str] | None", kwargs.get("extra_headers"))
    headers: dict[str, str] = {**(given or {}), STREAMED_RESPONSE_HEADER: "true"}
    return {**kwargs, "extra_headers": headers}


def to_streamed_response_wrapper(
    fn: Callable[P, R],
) -> Callable[P, ResponseContextManager[R]]:
    """Wrap an API method so that ``with wrapped(...) as response:`` gives its response unread."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[R]:
        def send() -> StreamedAPIResponse[R]:
            return cast(StreamedAPIResponse[R], fn(*args, **_ask_for_streaming(kwargs)))

        return ResponseContextManager(send)

    return wrapped


def async_to_streamed_response_wrapper(
    fn: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[R]]:
    """Async twin of ``to_streamed_response_wrapper``: ``async with wrapped(...) as response:``."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[R]:
        async def send() -> AsyncStreamedAPIResponse[R]:
            return cast(AsyncStreamedAPIResponse[R], await fn(*args, **_ask_for_streaming(kwargs)))

        return AsyncResponseContextManager(send)

    return wrapped
