"""Response wrappers: ``BinaryResponse`` for file downloads and ``APIResponse[T]`` for raw access."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar, cast

import httpx2

from ._exceptions import request_id_of

__all__ = ["APIResponse", "BinaryResponse"]

T = TypeVar("T")

_UNPARSED = object()


class BinaryResponse:
    """A non-JSON response body (audio, images, archives), already read in full."""

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
            for chunk in self.iter_bytes(64 * 1024):
                file.write(chunk)

    def __repr__(self) -> str:
        return (
            f"<BinaryResponse status_code={self.status_code} content_type={self.content_type!r} "
            f"size={len(self.content)}>"
        )


class APIResponse(Generic[T]):
    """The HTTP response behind an API call, with ``parse()`` giving what the method would return."""

    def __init__(
        self, *, http_response: httpx2.Response, parser: Callable[[], T], retries_taken: int = 0
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._parser = parser
        self._parsed: object = _UNPARSED

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
