"""Typed server-sent event streams (``Stream[T]`` / ``AsyncStream[T]``) over httpx2's EventSource."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator, Sequence
from types import TracebackType
from typing import Any, Generic, TypeVar, cast, final

import httpx2
import pydantic

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    StreamError,
    error_message_of,
    excerpt,
    redact,
)
from ._utils import type_adapter

__all__ = ["AsyncStream", "Stream"]

T = TypeVar("T")


@final
class _Marker:
    """Decoder outcomes that are not events: end of stream, or nothing to yield."""


_DONE = _Marker()
_SKIP = _Marker()


class _IdleClock:
    """Time since the last real event; SSE comments (keep-alives) deliberately do not reset it.

    A proxy or a stuck server can send ``:`` keep-alive lines forever; if those counted as
    activity a dead stream would never time out.
    """

    def __init__(self, idle_timeout: float | None, request: httpx2.Request) -> None:
        self.idle_timeout = idle_timeout
        self._request = request
        self._last = time.monotonic()

    def reset(self) -> None:
        self._last = time.monotonic()

    def check(self) -> None:
        if self.idle_timeout is not None and time.monotonic() - self._last > self.idle_timeout:
            raise APITimeoutError(
                f"No stream event for more than {self.idle_timeout} seconds.",
                request=self._request,
            )


class _SyncIdleByteStream(httpx2.SyncByteStream):
    # Checked on every chunk: the transport's read timeout bounds a silent connection, this
    # bounds one that only sends keep-alive comments.
    def __init__(self, inner: httpx2.SyncByteStream, clock: _IdleClock) -> None:
        self._inner = inner
        self._clock = clock

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            self._clock.check()
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncIdleByteStream(httpx2.AsyncByteStream):
    def __init__(self, inner: httpx2.AsyncByteStream, clock: _IdleClock) -> None:
        self._inner = inner
        self._clock = clock

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            self._clock.check()
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class _EventDecoder:
    """Turns one ``ServerSentEvent`` into a typed event; shared by the sync and async streams.

    Every error it raises is built from the event's data with the secrets redacted first, since
    a server may echo the key in an error event.
    """

    def __init__(
        self,
        *,
        response: httpx2.Response,
        event_type: Any,
        terminator: str | None,
        secrets: Sequence[str] = (),
    ) -> None:
        self._response = response
        self._event_type = event_type
        self._terminator = terminator
        self._secrets = tuple(secrets)
        self._adapter = (
            None if event_type is None or event_type is str else type_adapter(event_type)
        )

    def decode(self, sse: httpx2.ServerSentEvent) -> object:
        data = sse.data
        if self._terminator is not None and data.strip() == self._terminator:
            return _DONE
        if sse.event == "error":
            payload = _loads_or_text(redact(data, self._secrets))
            raise self._stream_error(payload, payload, sse.event)
        if not data:
            # ``event: ping`` and bare ``id:``/``retry:`` blocks carry nothing to validate.
            return _SKIP
        if self._event_type is None:
            return sse
        if self._event_type is str:
            return data
        if '"error"' not in data:
            # The common case, one chunk of many: no `error` key can be in it, and pydantic parses
            # the JSON itself, in half the time of ``json.loads`` plus ``validate_python``. Anything
            # it rejects takes the path below, which words the error.
            assert self._adapter is not None
            with contextlib.suppress(pydantic.ValidationError):
                return self._adapter.validate_json(data)
        try:
            payload = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise self._invalid(data, "is not valid JSON") from exc
        error = cast(dict[str, object], payload).get("error") if _is_dict(payload) else None
        if error is not None:
            redacted = _loads_or_text(redact(data, self._secrets))
            inner = (
                cast(dict[str, object], redacted).get("error") if _is_dict(redacted) else redacted
            )
            raise self._stream_error(redacted, inner, sse.event)
        assert self._adapter is not None
        try:
            return self._adapter.validate_python(payload)
        except pydantic.ValidationError as exc:
            raise self._invalid(
                data, f"does not match the expected shape ({exc.error_count()} validation error(s))"
            ) from exc
        except RecursionError as exc:
            raise self._invalid(data, "is nested too deep") from exc

    def _stream_error(self, payload: object, error: object, event: str | None) -> StreamError:
        message = error_message_of(payload)
        text = excerpt(message) if message else excerpt(payload)
        return StreamError(
            f"Error event in stream: {text}",
            request=self._response.request,
            error=error,
            event=event,
        )

    def _invalid(self, data: str, what: str) -> APIResponseValidationError:
        redacted = redact(data, self._secrets)
        return APIResponseValidationError(
            f"Stream event {what}: {excerpt(redacted)}",
            response=self._response,
            body=_loads_or_text(redacted),
        )

    def map_transport_error(self, exc: httpx2.TransportError) -> Exception:
        request = self._response.request
        detail = redact(str(exc), self._secrets)
        if isinstance(exc, httpx2.SSEError):
            return APIResponseValidationError(
                f"Malformed event stream: {detail}", response=self._response, body=None
            )
        if isinstance(exc, httpx2.TimeoutException):
            return APITimeoutError(f"Stream timed out waiting for data: {detail}", request=request)
        return APIConnectionError(f"Stream connection broken: {detail}", request=request)


def _is_dict(value: object) -> bool:
    return isinstance(value, dict)


def _loads_or_text(data: str) -> object:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return data


class Stream(Generic[T]):
    """Iterate to receive typed events; the connection is closed when iteration ends in any way.

    Use it as a context manager (or call ``close()``) when you may stop early.
    """

    def __init__(
        self,
        *,
        response: httpx2.Response,
        event_type: Any,
        terminator: str | None = None,
        idle_timeout: float | None = None,
        secrets: Sequence[str] = (),
    ) -> None:
        self.response = response
        self._decoder = _EventDecoder(
            response=response, event_type=event_type, terminator=terminator, secrets=secrets
        )
        self._clock = _IdleClock(idle_timeout, response.request)
        if idle_timeout is not None and isinstance(response.stream, httpx2.SyncByteStream):
            response.stream = _SyncIdleByteStream(response.stream, self._clock)
        self._iterator = self._events()

    def _events(self) -> Generator[T, None, None]:
        try:
            try:
                for sse in httpx2.EventSource(self.response):
                    item = self._decoder.decode(sse)
                    if item is _DONE:
                        return
                    if item is _SKIP:
                        continue
                    yield cast(T, item)
                    # Time the consumer spends on an event is not network idleness.
                    self._clock.reset()
            except httpx2.TransportError as exc:
                raise self._decoder.map_transport_error(exc) from exc
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[T]:
        # A generator here (not ``return self._iterator``) so ``break`` in a ``for`` loop closes
        # it at once, which closes ``_iterator`` and with it the connection.
        yield from self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        """Stop the stream and release the connection; safe to call more than once."""
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """Async twin of ``Stream``; prefer ``async with`` since ``break`` cannot close it at once."""

    def __init__(
        self,
        *,
        response: httpx2.Response,
        event_type: Any,
        terminator: str | None = None,
        idle_timeout: float | None = None,
        secrets: Sequence[str] = (),
    ) -> None:
        self.response = response
        self._decoder = _EventDecoder(
            response=response, event_type=event_type, terminator=terminator, secrets=secrets
        )
        self._clock = _IdleClock(idle_timeout, response.request)
        if idle_timeout is not None and isinstance(response.stream, httpx2.AsyncByteStream):
            response.stream = _AsyncIdleByteStream(response.stream, self._clock)
        self._iterator = self._events()

    async def _events(self) -> AsyncGenerator[T, None]:
        try:
            try:
                # ``aclosing`` so an early exit finalises httpx2's generators now, not at GC time.
                source = cast(
                    AsyncGenerator[httpx2.ServerSentEvent, None],
                    httpx2.EventSource(self.response).__aiter__(),
                )
                async with contextlib.aclosing(source) as events:
                    async for sse in events:
                        item = self._decoder.decode(sse)
                        if item is _DONE:
                            return
                        if item is _SKIP:
                            continue
                        yield cast(T, item)
                        self._clock.reset()
            except httpx2.TransportError as exc:
                raise self._decoder.map_transport_error(exc) from exc
        finally:
            await self.response.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def close(self) -> None:
        """Stop the stream and release the connection; safe to call more than once."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
