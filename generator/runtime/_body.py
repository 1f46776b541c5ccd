"""Reading response bodies within bounds: a size limit, the current deadline, and error excerpts.

httpx2 decodes ``gzip``/``deflate``/``br``/``zstd`` in pieces of at most 1 MiB, so counting decoded
bytes as they arrive bounds memory whatever the compression ratio. A body the call returns, read
whole (JSON for a model; any body for a call returning text or a ``BinaryResponse``), stops at
``max_response_bytes`` with ``ResponseTooLargeError``. An error body, or a 2xx body that is not what
the operation returns (not JSON where only JSON is returned), is only needed for a message, so just
its first ``ERROR_BODY_LIMIT`` bytes are read and the rest is dropped with the connection. A
streamed response (``with_streaming_response``) is read by the caller a chunk at a time instead.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx2

from ._deadline import deadline_passed
from ._exceptions import APITimeoutError, ResponseTooLargeError, redact

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "ERROR_BODY_LIMIT",
    "BodyReader",
    "aread_body",
    "decode_error_body",
    "read_body",
    "text_of",
]

# Large enough for the biggest JSON a generation API returns (a full batch of 3072-dimension
# embeddings is about 130 MB), small enough that a decompression bomb cannot exhaust memory.
DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024
ERROR_BODY_LIMIT = 64 * 1024


class BodyReader:
    """Collects decoded chunks up to ``limit`` bytes; ``truncate`` keeps the head instead of failing."""

    def __init__(
        self, response: httpx2.Response, limit: int | None, *, truncate: bool, where: str
    ) -> None:
        self._response = response
        self._limit = limit
        self._truncate = truncate
        self._where = where
        self._buffer = io.BytesIO()
        self.size = 0

    def add(self, chunk: bytes) -> bool:
        """Take ``chunk``; False once the reader wants no more."""
        if deadline_passed():
            raise APITimeoutError(
                f"Deadline passed while reading the body of {self._where}.",
                request=self._response.request,
            )
        room = None if self._limit is None else self._limit - self.size
        if room is not None and len(chunk) > room:
            if not self._truncate:
                raise self.too_large(None)
            self._buffer.write(chunk[:room])
            self.size += room
            return False
        self._buffer.write(chunk)
        self.size += len(chunk)
        return True

    @property
    def is_cut(self) -> bool:
        return self._truncate and self._limit is not None and self.size >= self._limit

    def too_large(self, cause: MemoryError | None) -> ResponseTooLargeError:
        limit = (
            f"{self._limit} bytes (max_response_bytes)"
            if self._limit is not None
            else "available memory"
        )
        return ResponseTooLargeError(
            f"The body of {self._where} is larger than {limit}; read it with a streaming "
            f"response, or raise max_response_bytes.",
            request=self._response.request,
            limit=self._limit,
        )

    def finish(self) -> bytes:
        # ``getvalue`` hands over BytesIO's buffer without a copy.
        data = self._buffer.getvalue()
        self._buffer = io.BytesIO()
        _keep_read_body(self._response, data)
        return data


def _keep_read_body(response: httpx2.Response, data: bytes) -> None:
    # What ``Response.read()`` does once it has the bytes, so that ``.content``, ``.text`` and
    # ``.json()`` keep working for a raw response or an error's ``response``; an error body is kept
    # as far as it was read.
    response._content = data  # pyright: ignore[reportPrivateUsage]


def text_of(data: bytes, response: httpx2.Response) -> str:
    """``data`` decoded with the response's charset (UTF-8 by default), never failing."""
    encoding = response.charset_encoding or "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def decode_error_body(
    data: bytes, response: httpx2.Response, secrets: Iterable[str], *, cut: bool
) -> object:
    """The body of an error as the SDK keeps it: redacted first, then JSON if it parses, else text."""
    text = redact(text_of(data, response), secrets, cut=cut)
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def read_body(
    response: httpx2.Response, limit: int | None, *, truncate: bool = False, where: str
) -> bytes:
    """The decoded body of a streamed ``response``, bounded; the response is closed afterwards."""
    reader = BodyReader(response, limit, truncate=truncate, where=where)
    try:
        chunks: Iterator[bytes] = response.iter_bytes()
        for chunk in chunks:
            if not reader.add(chunk):
                break
        return reader.finish()
    except MemoryError as exc:
        raise reader.too_large(exc) from exc
    finally:
        response.close()


async def aread_body(
    response: httpx2.Response, limit: int | None, *, truncate: bool = False, where: str
) -> bytes:
    """Async twin of ``read_body``."""
    reader = BodyReader(response, limit, truncate=truncate, where=where)
    try:
        chunks: AsyncIterator[bytes] = response.aiter_bytes()
        async for chunk in chunks:
            if not reader.add(chunk):
                break
        return reader.finish()
    except MemoryError as exc:
        raise reader.too_large(exc) from exc
    finally:
        await response.aclose()
