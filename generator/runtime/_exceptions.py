"""Every error this SDK raises, rooted at ``SDKError``, and the status-to-class table."""

from __future__ import annotations

import functools
import json
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
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
    "CrossOriginRedirectError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
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

# Where one error body the spec declares keeps its message, code, type and param: each the keys that lead
# there from the body (``("error", "message")``), or ``None`` when that shape has no such field. The
# generator writes them per operation from the declared 4xx/5xx/``default`` responses.
ErrorPointer = tuple[str, ...]
ErrorShape = tuple[ErrorPointer, ErrorPointer | None, ErrorPointer | None, ErrorPointer | None]
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

    ``message``, ``code``, ``type`` and ``param`` come from the error body, where the shape the spec
    declares for the operation puts them (``shape``), else from the common shapes (``error_object_of``).
    ``body`` is the inner error object where the body wraps one (``{"error": {...}}``), as in openai's
    SDK. ``code`` is the body's value as it is, a ``str`` or an ``int`` (Midjourney's codes are numbers):
    openai types it ``str | None``, which would lose them.
    """

    response: httpx2.Response | None
    status_code: int
    request_id: str | None
    code: object
    type: str | None
    param: str | None
    # Seconds the server asked us to wait (``Retry-After``/``retry-after-ms``); when it is above
    # the SDK's cap the call was not retried, and the caller decides what to do.
    retry_after: float | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx2.Response,
        body: object,
        retry_after: float | None = None,
        shape: ErrorShape | None = None,
    ) -> None:
        inner = error_object_of(body) if shape is None else _inner_of(body, shape[0])
        super().__init__(message, request=response.request, body=inner)
        self.response = response
        self.status_code = response.status_code
        self.request_id = request_id_of(response.headers)
        self.retry_after = retry_after
        # A field the shape does not declare is looked for beside the message, as in the common shapes.
        message_at, code, kind, param = shape or (("message",), None, None, None)
        near = message_at[:-1] if shape is not None else ()
        source = body if shape is not None else inner
        self.code = _value_at(source, code or (*near, "code"))
        self.type = _str_or_none(_value_at(source, kind or (*near, "type")))
        self.param = _str_or_none(_value_at(source, param or (*near, "param")))

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


class CrossOriginRedirectError(APIError):
    """A redirect to another origin that the SDK refused to follow; nothing was sent there.

    ``origin`` and ``target_origin`` are ``scheme://host:port``; ``location`` is where the server
    pointed (with any credential redacted). Point ``base_url`` at the new origin if you trust it.
    """

    response: httpx2.Response | None
    status_code: int
    location: str
    origin: str
    target_origin: str

    def __init__(
        self,
        message: str,
        *,
        response: httpx2.Response,
        location: str,
        origin: str,
        target_origin: str,
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.location = location
        self.origin = origin
        self.target_origin = target_origin


class ResponseTooLargeError(APIError):
    """A body the SDK reads whole was larger than ``limit`` bytes (``max_response_bytes``) once decoded."""

    limit: int | None

    def __init__(self, message: str, *, request: httpx2.Request | None, limit: int | None) -> None:
        super().__init__(message, request=request)
        self.limit = limit


class InvalidRequestError(SDKError, ValueError):
    """The arguments cannot be sent as an HTTP request (a header value HTTP cannot carry, ...).

    Also a ``ValueError``, which is what the HTTP library raised before the SDK wrapped it.
    """


class TaskFailedError(SDKError):
    """A polled task reached a failure status; ``task`` is the last state fetched, ``fail_reason`` what
    the server said about it (also in the message, shortened), ``None`` if it said nothing."""

    status: object
    task: object
    task_id: str | None
    fail_reason: str | None

    def __init__(
        self,
        message: str,
        *,
        status: object,
        task: object,
        task_id: str | None = None,
        fail_reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.task = task
        self.task_id = task_id
        self.fail_reason = fail_reason


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


# Cached: every request redacts its URL with the same few keys, and building the forms costs more than
# the replacing. Bounded, so a program that makes clients for many keys does not keep them all.
@functools.lru_cache(maxsize=64)
def secret_forms(secret: str) -> tuple[str, ...]:
    """How ``secret`` can appear in text the SDK shows: as is, URL-encoded (a query key in a URL),
    JSON-escaped (an echo inside a JSON string), ``repr``-escaped (a header in an HTTP library's
    message). Longest first, so a longer form is replaced before a shorter one inside it."""
    forms = {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret)[1:-1].replace("/", "\\/"),
        repr(secret)[1:-1],
    }
    return tuple(sorted((form for form in forms if form), key=len, reverse=True))


def redact(text: str, secrets: Iterable[str], *, cut: bool = False) -> str:
    """Replace every secret in ``text``; a server may echo credentials back in an error body.

    ``cut``: ``text`` is the head of something longer, so a secret may be cut off at its end;
    a trailing beginning of a secret is redacted too.
    """
    forms = [form for secret in secrets if secret for form in secret_forms(secret)]
    for form in forms:
        text = text.replace(form, _REDACTED)
    if cut:
        text = _redact_cut_end(text, forms)
    return text


def _redact_cut_end(text: str, forms: Iterable[str]) -> str:
    for form in forms:
        for length in range(min(len(form) - 1, len(text)), 2, -1):
            if text.endswith(form[:length]):
                return text[:-length] + _REDACTED
    return text


def excerpt(body: object, limit: int = _EXCERPT_LIMIT) -> str:
    """A one-line, bounded rendering of a (redacted) response body for an error message.

    The head is taken before whitespace is collapsed, so the work is bounded by ``limit``
    whatever the size of the body.
    """
    if body is None or body == "":
        return "(empty body)"
    if isinstance(body, str):
        text = body
    else:
        try:
            text = json.dumps(body, ensure_ascii=False, separators=(", ", ": "), default=str)
        except (TypeError, ValueError, RecursionError):
            text = object.__repr__(body)
    text = " ".join(text[: limit * 4].split())
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


_MISSING = object()


def _value_at(body: object, pointer: ErrorPointer) -> object:
    """The value ``pointer`` leads to inside ``body``, ``None`` when there is none."""
    value = _lookup(body, pointer)
    return None if value is _MISSING else value


def _lookup(body: object, pointer: ErrorPointer | None) -> object:
    if pointer is None:
        return _MISSING
    value = body
    for key in pointer:
        if not isinstance(value, Mapping):
            return _MISSING
        value = cast(Mapping[str, object], value).get(key, _MISSING)
    return value


def _inner_of(body: object, message: ErrorPointer) -> object:
    """The object holding the message (``body["error"]`` for ``("error", "message")``), as openai's
    ``body``; the body itself when the message is at its top level or is the ``error`` string."""
    inner = _lookup(body, message[:-1])
    return cast(Mapping[str, object], inner) if isinstance(inner, Mapping) else body


def declared_shape(body: object, shapes: Sequence[ErrorShape]) -> ErrorShape | None:
    """The declared shape that explains ``body`` best: its message is a non-empty string there, and it
    finds the most of code, type and param; on a tie the first declared. An Anthropic error
    (``type``, ``message``) and the OpenAI envelope (``message``, ``type``, ``param``, ``code``) both
    match ``{"error": {"message": ...}}``; the one that finds more of the body is the one it is."""
    best: ErrorShape | None = None
    best_found = -1
    for shape in shapes:
        message = _lookup(body, shape[0])
        if not isinstance(message, str) or not message:
            continue
        found = sum(_lookup(body, pointer) is not _MISSING for pointer in shape[1:])
        if found > best_found:
            best, best_found = shape, found
    return best


def make_status_error(
    response: httpx2.Response,
    body: object,
    *,
    secrets: Iterable[str] = (),
    retry_after: float | None = None,
    shapes: Sequence[ErrorShape] = (),
) -> APIStatusError:
    """Build the typed error for a 4xx/5xx response, worded as openai words it.

    ``shapes``: the error bodies the operation declares, in spec order; when none matches ``body``,
    the common shapes are tried (``error_message_of``). ``body`` must already be redacted (see
    ``_body.decode_error_body``); the message is redacted again before it is cut.
    """
    shape = declared_shape(body, shapes)
    text = status_error_message(body) if shape is None else excerpt(_lookup(body, shape[0]))
    message = redact(text, secrets)
    if response.status_code >= 500:
        cls: type[APIStatusError] = InternalServerError
    else:
        cls = _ERROR_BY_STATUS.get(response.status_code, APIStatusError)
    return cls(message, response=response, body=body, retry_after=retry_after, shape=shape)
