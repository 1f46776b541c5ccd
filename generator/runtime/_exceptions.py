"""Every error this SDK raises, rooted at ``SDKError``, and the status-to-class table."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, cast

import httpx2

from ._constants import ERROR_BASE_NAME

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIResultError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SDKError",
    "StreamError",
    "TaskFailedError",
    "TaskTimeoutError",
    "UnprocessableEntityError",
]

# Transport objects are not pickled: requests carry credentials in their headers and responses
# hold sockets, neither of which belongs in a pickle that may end up in a queue or a log.
_UNPICKLED_ATTRIBUTES = frozenset({"request", "response"})

_EXCERPT_LIMIT = 500
_REDACTED = "[REDACTED]"


def _rebuild(cls: type[BaseException], args: tuple[Any, ...]) -> BaseException:
    # ``BaseException.__new__`` stores ``args`` without running ``__init__``, whose keyword-only
    # parameters cannot be replayed from ``args``; ``__setstate__`` then restores the attributes.
    return cls.__new__(cls, *args)


class SDKError(Exception):
    """Base class for every error raised by this SDK, exported as ``<Client>Error``."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        state = {
            key: (None if key in _UNPICKLED_ATTRIBUTES else value)
            for key, value in self.__dict__.items()
        }
        return (_rebuild, (type(self), self.args), state)


# The base class carries the SDK's own name (``GitaigcError`` for a client ``Gitaigc``), which the
# generated ``_constants`` decides: tracebacks and reprs show it, and the module binds it too, so that
# pickle and the package's ``<Client>Error`` export find the class under that name.
SDKError.__name__ = SDKError.__qualname__ = ERROR_BASE_NAME
globals()[ERROR_BASE_NAME] = SDKError


class APIError(SDKError):
    """An error tied to one HTTP exchange: ``request`` is what was sent, ``body`` what came back."""

    request: httpx2.Request | None
    body: object

    def __init__(
        self, message: str, *, request: httpx2.Request | None = None, body: object = None
    ) -> None:
        super().__init__(message)
        self.request = request
        self.body = body


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke before a full response arrived."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx2.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request, or the wait for the next stream event, took longer than allowed."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx2.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status.

    ``code``, ``type`` and ``param`` come from the error body (see ``error_object_of``); ``body`` is
    the inner error object where the body wraps one (``{"error": {...}}``), as in openai's SDK.
    """

    response: httpx2.Response | None
    status_code: int
    request_id: str | None
    code: object
    type: str | None
    param: str | None

    def __init__(self, message: str, *, response: httpx2.Response, body: object) -> None:
        inner = error_object_of(body)
        super().__init__(message, request=response.request, body=inner)
        self.response = response
        self.status_code = response.status_code
        self.request_id = request_id_of(response.headers)
        fields: Mapping[str, object] = (
            cast(Mapping[str, object], inner) if isinstance(inner, Mapping) else {}
        )
        self.code = fields.get("code")
        self.type = _str_or_none(fields.get("type"))
        self.param = _str_or_none(fields.get("param"))

    def __str__(self) -> str:
        # ``message`` is the server's own; ``str`` adds the status the way openai words it.
        return f"Error code: {self.status_code} - {self.message}"


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 500 or above."""


class APIResponseValidationError(APIError):
    """A successful response whose body is not what the API promised (bad JSON, wrong shape)."""

    response: httpx2.Response | None
    status_code: int

    def __init__(self, message: str, *, response: httpx2.Response, body: object) -> None:
        super().__init__(message, request=response.request, body=body)
        self.response = response
        self.status_code = response.status_code


class APIResultError(APIError):
    """A 2xx response whose payload reports a failure (``code`` is the value that said so)."""

    response: httpx2.Response | None
    code: object

    def __init__(
        self, message: str, *, response: httpx2.Response | None, code: object, body: object
    ) -> None:
        super().__init__(
            message, request=response.request if response is not None else None, body=body
        )
        self.response = response
        self.code = code


class StreamError(APIError):
    """An error event inside a stream that started with a 2xx status; ``error`` is its payload."""

    error: object
    event: str | None

    def __init__(
        self,
        message: str,
        *,
        request: httpx2.Request | None,
        error: object,
        event: str | None = None,
    ) -> None:
        super().__init__(message, request=request, body=error)
        self.error = error
        self.event = event


class TaskFailedError(SDKError):
    """A polled task reached a failure status; ``task`` is the last state fetched."""

    status: object
    task: object

    def __init__(self, message: str, *, status: object, task: object) -> None:
        super().__init__(message)
        self.status = status
        self.task = task


class TaskTimeoutError(SDKError):
    """A polled task did not reach a terminal status before the deadline."""

    task_id: str
    last_status: object

    def __init__(self, message: str, *, task_id: str, last_status: object) -> None:
        super().__init__(message)
        self.task_id = task_id
        self.last_status = last_status


_ERROR_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def request_id_of(headers: Mapping[str, str]) -> str | None:
    """The server's id for this exchange, the first thing support will ask for."""
    return headers.get("x-request-id") or headers.get("request-id")


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every secret in ``text``; a server may echo credentials back in an error body."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, _REDACTED)
    return text


def excerpt(body: object, limit: int = _EXCERPT_LIMIT) -> str:
    """A one-line, bounded rendering of a response body for an error message."""
    if body is None or body == "":
        return "(empty body)"
    if isinstance(body, str):
        text = body
    else:
        try:
            text = json.dumps(body, ensure_ascii=False, separators=(", ", ": "), default=str)
        except (TypeError, ValueError):
            text = repr(body)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def error_object_of(body: object) -> object:
    """The error object inside a body: ``error`` of the OpenAI envelope ``{"error": {...}}`` and of
    Anthropic's ``{"type": "error", "error": {...}}``; the body itself for flat shapes such as
    Midjourney's ``{code, description}`` and Suno's ``{code, message}``."""
    if not isinstance(body, Mapping):
        return body
    envelope = cast(Mapping[str, object], body)
    inner = envelope.get("error")
    return cast(Mapping[str, object], inner) if isinstance(inner, Mapping) else envelope


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def status_error_message(body: object) -> str:
    """The server's message in an error body (else the body), on one bounded line."""
    return excerpt(error_message_of(body) or body)


def error_message_of(payload: object) -> str | None:
    """The human message in common error shapes: ``{"error": {"message": ...}}``, ``{"message": ...}``."""
    if isinstance(payload, Mapping):
        mapping = cast(Mapping[str, object], payload)
        inner: object = mapping.get("error", mapping)
        if isinstance(inner, Mapping):
            for key in ("message", "msg", "detail", "description"):
                value = cast(Mapping[str, object], inner).get(key)
                if isinstance(value, str) and value:
                    return value
        elif isinstance(inner, str) and inner:
            return inner
    elif isinstance(payload, str) and payload:
        return payload
    return None


def make_status_error(
    response: httpx2.Response, body: object, *, secrets: Iterable[str] = ()
) -> APIStatusError:
    """Build the typed error for a 4xx/5xx response, worded as openai words it."""
    message = redact(status_error_message(body), secrets)
    if response.status_code >= 500:
        cls: type[APIStatusError] = InternalServerError
    else:
        cls = _ERROR_BY_STATUS.get(response.status_code, APIStatusError)
    return cls(message, response=response, body=body)
