"""HTTP plumbing behind every resource: request building, retries, error mapping, raw responses."""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import enum
import functools
import inspect
import json
import logging
import math
import os
import random
import re
import time
import typing
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast, overload

import anyio
import httpx2
import pydantic
from typing_extensions import Self

from ._body import (
    DEFAULT_MAX_RESPONSE_BYTES,
    ERROR_BODY_LIMIT,
    aread_body,
    decode_error_body,
    read_body,
    text_of,
)
from ._constants import (
    BASE_URL_ENV,
    CREDENTIAL_OPTIONS,
    DEFAULT_BASE_URL,
    PACKAGE_NAME,
    PATH_PREFIXES,
    USER_AGENT,
)
from ._credentials import Credentials, check_api_key, credentials_for, pick_credentials
from ._deadline import deadline_passed, time_left
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIResultError,
    APIStatusError,
    APITimeoutError,
    ErrorShape,
    InvalidRequestError,
    StreamError,
    error_message_of,
    excerpt,
    make_status_error,
    redact,
    request_id_of,
)
from ._files import build_multipart, read_binary_body
from ._logs import log_request, log_response, log_retry, setup_logging
from ._models import BaseModel, set_request_id
from ._polling import json_pointer
from ._redirects import check_redirect, same_site
from ._response import (
    STREAMED_RESPONSE_HEADER,
    APIResponse,
    AsyncStreamedAPIResponse,
    BinaryResponse,
    StreamedAPIResponse,
    _StreamedBody,  # pyright: ignore[reportPrivateUsage]
)
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, Headers, NotGiven, Omit, Timeout
from ._utils import to_jsonable, type_adapter

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_STREAM_IDLE_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "MAX_RETRY_AFTER",
    "RAW_RESPONSE_HEADER",
    "RETRY_COUNT_HEADER",
    "APIRequest",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "LogicalErrorRule",
    "RequestOptions",
    "ResponseType",
    "SyncAPIClient",
    "SyncAPIResource",
    "async_to_raw_response_wrapper",
    "compute_retry_delay",
    "parse_retry_after",
    "path_template",
    "resolve_base_url",
    "strip_path_prefix",
    "to_raw_response_wrapper",
]

log = logging.getLogger(PACKAGE_NAME)
setup_logging()

# Distinct request paths whose URL a client keeps built (see ``_build_url``).
_URL_CACHE_SIZE = 256

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")
T = TypeVar("T")
_HttpClientT = TypeVar("_HttpClientT", httpx2.Client, httpx2.AsyncClient)

# Same defaults as the official OpenAI/Anthropic SDKs: generous overall, quick to fail on connect.
DEFAULT_TIMEOUT = httpx2.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
# Maximum seconds between two stream events; keep-alive comments do not count as events.
DEFAULT_STREAM_IDLE_TIMEOUT = 120.0
DEFAULT_CONNECTION_LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=100)

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# The longest server-requested wait (``Retry-After``/``retry-after-ms``) the SDK sits through. A
# longer one is not retried: the error is raised at once with ``retry_after`` on it.
MAX_RETRY_AFTER = 60.0

RAW_RESPONSE_HEADER = "X-Sdk-Raw-Response"
RETRY_COUNT_HEADER = "x-sdk-retry-count"

# Failures where the request provably never reached the server, so re-sending is always safe.
_NOT_SENT_ERRORS = (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout)
# Failures worth another attempt when re-sending is safe; others (bad URL, bad proxy setup,
# our own protocol misuse) will fail the same way again.
_TRANSIENT_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
# What an HTTP/1.1 header value may hold once encoded as ASCII: visible characters, space, tab.
_NOT_IN_A_HEADER = re.compile(r"[^\t\x20-\x7e]")
_QueryItems = list[tuple[str, str | int | float | bool | None]]


@dataclass(frozen=True)
class RequestOptions:
    """Per-call overrides; ``extra_*`` reach parameters the generated signature does not know."""

    extra_headers: Headers | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: float | Timeout | NotGiven | None = NOT_GIVEN
    idempotency_key: str | None = None
    max_retries: int | NotGiven = NOT_GIVEN


@dataclass(frozen=True)
class LogicalErrorRule:
    """A 2xx body whose ``field`` (JSON pointer) is not in ``success`` is a failure."""

    field: str
    success: tuple[object, ...]
    message: str | None = None


@dataclass(frozen=True)
class APIRequest:
    """One API call as a generated method describes it: what to send, how to authenticate,
    whether sending it twice is safe; ``options`` carries the caller's overrides."""

    method: str
    path: str
    query: Mapping[str, object] | None = None
    headers: Mapping[str, object] | None = None
    json_body: object = None
    multipart: Mapping[str, object] | None = None
    form_body: Mapping[str, object] | None = None
    binary_body: tuple[object, str] | None = None  # (FileTypes value, declared media type)
    security: Sequence[str] = ()
    retry_safe: bool = False
    stream: bool = False
    stream_terminator: str | None = None
    logical_error: LogicalErrorRule | None = None
    options: RequestOptions = RequestOptions()
    # The operation's declared 2xx media types, as the Accept header (an event stream asks for itself).
    accept: str = "application/json"
    # Where the operation's declared error bodies keep message, code, type and param (``make_status_error``).
    error_shapes: Sequence[ErrorShape] = ()


class ResponseType(Generic[T]):
    """A response annotation that is not a class (a union, a ``Literal``), with its static type:
    ``ResponseType[A | B](A | B)`` is what ``request`` takes where a class would not type-check."""

    def __init__(self, annotation: object) -> None:
        self.annotation = annotation


@dataclass(frozen=True)
class _Call:
    """Everything about one API call that stays fixed across its retries."""

    request: APIRequest
    cast_to: Any  # what a 2xx body is validated into; None for no body
    stream_event: Any  # the event type when streaming; None for raw ``ServerSentEvent``s
    max_retries: int
    can_resend: bool
    raw: bool
    streamed: bool = False  # ``with_streaming_response``: a 2xx body is left unread

    @property
    def method(self) -> str:
        return self.request.method.upper()

    @property
    def options(self) -> RequestOptions:
        return self.request.options

    @property
    def stream(self) -> bool:
        return self.request.stream


def _annotation(cast_to: type[Any] | ResponseType[Any]) -> Any:
    """What ``cast_to`` stands for at run time: ``NoneType`` means no body."""
    if isinstance(cast_to, ResponseType):
        return cast_to.annotation
    return None if cast_to is type(None) else cast_to


def _event_type(stream_type: object) -> Any:
    """``E`` of ``Stream[E]`` / ``AsyncStream[E]``; a bare ``Stream`` yields raw events."""
    arguments = typing.get_args(stream_type)
    return arguments[0] if arguments else None


def path_template(template: str, **params: object) -> str:
    """Fill ``{name}`` placeholders with percent-encoded values, one path segment each."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise ValueError(f"Missing path parameter {name!r} for {template!r}")
        value = params[name]
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, enum.Enum):
            text = str(value.value)
        else:
            text = str(value)
        # An empty or dot segment would silently address a different resource.
        if text in ("", ".", ".."):
            raise ValueError(f"Path parameter {name!r} must not be {text!r}")
        return urllib.parse.quote(text, safe="")

    return _PATH_PARAM.sub(replace, template)


def resolve_base_url(explicit: str | httpx2.URL | None) -> str | httpx2.URL:
    """The base URL passed in, else the ``BASE_URL_ENV`` variable, else the spec's server."""
    if explicit is not None:
        return explicit
    # An empty variable is treated as unset, the way shells and CI systems often leave them.
    return os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def strip_path_prefix(url: httpx2.URL, prefixes: Sequence[str] = PATH_PREFIXES) -> httpx2.URL:
    """``url`` without a trailing path prefix that the operation paths already spell out.

    Operation paths are written in full from the server root (``/v1/chat/completions``), yet
    OpenAI-style clients are told to use ``https://host/v1``. When the base URL's path ends with
    the first segment of an operation path (``PATH_PREFIXES``), that segment is removed once, so
    both spellings reach ``https://host/v1/chat/completions`` and never ``/v1/v1/...``.
    """
    path = url.raw_path.split(b"?", 1)[0].rstrip(b"/")
    for prefix in prefixes:
        encoded = prefix.encode("utf-8")
        if path.endswith(encoded):
            log.debug("Base URL %s ends with the path prefix %s; removing it", url, prefix)
            return url.copy_with(raw_path=path[: -len(encoded)] + b"/")
    return url


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``."""
    retry_after_ms = headers.get("retry-after-ms")
    if retry_after_ms is not None:
        try:
            return float(retry_after_ms) / 1000
        except ValueError:
            pass
    retry_after = headers.get("retry-after")
    if retry_after is None:
        return None
    try:
        return float(retry_after)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(retry_after)
    except (TypeError, ValueError, IndexError):
        return None
    return when.timestamp() - time.time()


def compute_retry_delay(
    retries_taken: int,
    headers: Mapping[str, str] | None = None,
    *,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds before retry number ``retries_taken + 1``.

    A server-sent ``Retry-After`` between 0 and 60 s wins; otherwise exponential backoff from
    0.5 s capped at 8 s, scaled by a random 0.75..1 so that clients do not retry in lockstep.
    """
    if headers is not None:
        retry_after = parse_retry_after(headers)
        if (
            retry_after is not None
            and math.isfinite(retry_after)
            and 0 < retry_after <= MAX_RETRY_AFTER
        ):
            return retry_after
    backoff = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 32), MAX_RETRY_DELAY)
    return backoff * (1 - 0.25 * rand())


def _is_given(value: object) -> bool:
    return value is not None and not isinstance(value, (NotGiven, Omit))


def _header_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _add_query(items: _QueryItems, key: str, value: object) -> None:
    # Lists repeat the key (form, explode: the OpenAPI default); objects use ``key[sub]``.
    if not _is_given(value):
        return
    if isinstance(value, bool):
        items.append((key, "true" if value else "false"))
    elif isinstance(value, (list, tuple)):
        for item in cast(Sequence[object], value):
            _add_query(items, key, item)
    elif isinstance(value, Mapping):
        for sub_key, sub_value in cast(Mapping[object, object], value).items():
            _add_query(items, f"{key}[{sub_key}]", sub_value)
    elif isinstance(value, (str, int, float)):
        items.append((key, str(value)))
    else:
        _add_query(items, key, to_jsonable(value))


def _has_raw_header(headers: Headers | None) -> bool:
    return _has_header(headers, RAW_RESPONSE_HEADER)


def _has_header(headers: Headers | None, name: str) -> bool:
    return headers is not None and any(k.lower() == name.lower() for k in headers)


_MARKER_HEADERS = frozenset({RAW_RESPONSE_HEADER.lower(), STREAMED_RESPONSE_HEADER.lower()})


def _takes_text(cast_to: Any) -> bool:
    """Whether the call returns ``str`` for a text body: ``str``, or a union with ``str`` (an
    operation whose media types include ``text/plain`` beside JSON)."""
    return cast_to is str or str in typing.get_args(cast_to)


def _takes_bytes(cast_to: Any) -> bool:
    """Whether the call returns a ``BinaryResponse`` for a body that is not JSON (or text)."""
    return cast_to is BinaryResponse or BinaryResponse in typing.get_args(cast_to)


def _expects_json(cast_to: Any) -> bool:
    return cast_to is not None and not _takes_bytes(cast_to) and not _takes_text(cast_to)


def _json_part(cast_to: Any) -> Any:
    """What a JSON body of a call returning ``A | BinaryResponse`` is validated into: ``A``."""
    arguments = typing.get_args(cast_to)
    if BinaryResponse not in arguments:
        return cast_to
    rest = [argument for argument in arguments if argument is not BinaryResponse]
    part: Any = rest[0]
    for argument in rest[1:]:
        part = part | argument
    return part


def _may_be_json(response: httpx2.Response) -> bool:
    """Whether the body may be JSON: declared so, or not declared at all."""
    content_type = response.headers.get("content-type", "")
    return not content_type or "json" in content_type.lower()


def _asks_for_too_long(headers: Mapping[str, str]) -> bool:
    """Whether the server asks for a longer wait than ``MAX_RETRY_AFTER`` (or an endless one)."""
    retry_after = parse_retry_after(headers)
    return retry_after is not None and not (retry_after <= MAX_RETRY_AFTER)


def _is_dict(value: object) -> bool:
    return isinstance(value, dict)


def _as_timeout(value: float | Timeout | None) -> httpx2.Timeout:
    return value if isinstance(value, httpx2.Timeout) else httpx2.Timeout(value)


def _clip_timeout(
    timeout: httpx2.Timeout,
    most: float,
    phases: Sequence[str] = ("connect", "read", "write", "pool"),
) -> httpx2.Timeout:
    """``timeout`` with each phase in ``phases`` at most ``most`` seconds (``None`` counts as no limit)."""
    values: dict[str, float | None] = {
        "connect": timeout.connect,
        "read": timeout.read,
        "write": timeout.write,
        "pool": timeout.pool,
    }
    for phase in phases:
        value = values[phase]
        values[phase] = most if value is None else min(value, most)
    return httpx2.Timeout(**values)


def _checked_header_value(name: str, value: str) -> str:
    """``value``, or ``InvalidRequestError`` naming the header (never the value, which may be a key)."""
    bad = _NOT_IN_A_HEADER.search(value)
    if bad is None:
        return value
    raise InvalidRequestError(
        f"The value of header {name!r} contains {bad.group()!r} at position {bad.start() + 1}; "
        f"HTTP header values are ASCII without line breaks."
    )


class BaseClient(Generic[_HttpClientT]):
    """State and pure logic shared by the sync and async clients; only sending differs."""

    api_key: str | None
    base_url: httpx2.URL
    timeout: float | Timeout | None
    max_retries: int
    stream_idle_timeout: float | None
    max_response_bytes: int | None
    _http: _HttpClientT

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx2.URL,
        timeout: float | Timeout | NotGiven | None,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        stream_idle_timeout: float | None,
        max_response_bytes: int | None,
        scheme_keys: Mapping[str, str] | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.api_key = None if api_key is None else check_api_key(api_key, "the api_key argument")
        # Each security scheme's own credential (``bearer_auth=``, ...); ``api_key`` fills the others.
        self._scheme_keys = {
            scheme: check_api_key(key, f"the credential of {scheme}")
            for scheme, key in (scheme_keys or {}).items()
        }
        self.max_response_bytes = max_response_bytes
        self._given_base_url = base_url
        self.base_url = self._enforce_trailing_slash(strip_path_prefix(httpx2.URL(str(base_url))))
        self._urls: tuple[httpx2.URL, dict[str, httpx2.URL]] = (self.base_url, {})
        self.timeout = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        self.max_retries = max_retries
        self.stream_idle_timeout = stream_idle_timeout
        self._default_headers: dict[str, str] = dict(default_headers or {})
        self._default_query: dict[str, object] = dict(default_query or {})

    @staticmethod
    def _enforce_trailing_slash(url: httpx2.URL) -> httpx2.URL:
        # Paths are appended to the base URL, so ``https://host/v1`` must behave like ``/v1/``.
        if url.raw_path.endswith(b"/"):
            return url
        return url.copy_with(raw_path=url.raw_path + b"/")

    def __repr__(self) -> str:
        # Deliberately without the API key.
        return (
            f"<{type(self).__name__} base_url={str(self.base_url)!r} "
            f"max_retries={self.max_retries} timeout={self.timeout!r}>"
        )

    # -- configuration -----------------------------------------------------------------------

    def credentials(self, scheme: str) -> Credentials:
        """What authenticates a request with security scheme ``scheme`` (header, query or cookie)."""
        key = self._scheme_keys.get(scheme) or self.api_key
        return Credentials() if key is None else credentials_for(scheme, key)

    @property
    def default_headers(self) -> dict[str, str]:
        return dict(self._default_headers)

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._default_query)

    def _constructor_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that rebuild this client; extend when the subclass adds options."""
        return {
            "api_key": self.api_key,
            **{
                option: self._scheme_keys.get(scheme)
                for scheme, (option, _) in CREDENTIAL_OPTIONS.items()
            },
            "base_url": self._given_base_url,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "default_headers": self._default_headers,
            "default_query": self._default_query,
            "stream_idle_timeout": self.stream_idle_timeout,
            "max_response_bytes": self.max_response_bytes,
        }

    def with_options(self, **overrides: Any) -> Self:
        """A new client with ``overrides`` applied; it shares this client's connection pool."""
        kwargs = self._constructor_kwargs()
        kwargs["http_client"] = self._http
        kwargs.update(overrides)
        clone = type(self)(**kwargs)
        # Carry over instance-level hooks (tests patch ``_sleep`` / ``_retry_delay``).
        for name in ("_sleep", "_retry_delay"):
            if name in self.__dict__:
                setattr(clone, name, self.__dict__[name])
        return clone

    def _secrets(self) -> tuple[str, ...]:
        """Every credential this client holds: redacted from whatever the SDK shows."""
        keys = [self.api_key, *self._scheme_keys.values()]
        return tuple(dict.fromkeys(key for key in keys if key))

    def _retry_fits(self, delay: float) -> bool:
        """Inside a ``wait``, a retry that would start after the deadline is not made."""
        left = time_left()
        return left is None or delay < left

    def _retry_delay(self, retries_taken: int, headers: Mapping[str, str] | None) -> float:
        """Seconds to wait before the next attempt; an attribute so tests can make it instant."""
        return compute_retry_delay(retries_taken, headers)

    # -- building the request ----------------------------------------------------------------

    def _prepare_call(
        self,
        cast_to: type[Any] | ResponseType[Any],
        request: APIRequest,
        stream_to: type[Any] | None = None,
    ) -> _Call:
        opts = request.options
        max_retries = (
            self.max_retries if isinstance(opts.max_retries, NotGiven) else opts.max_retries
        )
        streamed = (stream_to or cast_to) if request.stream else None
        return _Call(
            request=request,
            cast_to=_annotation(cast_to),
            stream_event=_event_type(streamed),
            max_retries=max(0, max_retries),
            can_resend=request.retry_safe or opts.idempotency_key is not None,
            raw=_has_raw_header(opts.extra_headers),
            streamed=_has_header(opts.extra_headers, STREAMED_RESPONSE_HEADER),
        )

    def _build_url(self, path: str) -> httpx2.URL:
        if path.startswith(("http://", "https://")):
            return httpx2.URL(path)
        # Parsing a URL is a tenth of a call's CPU, and most calls repeat a path: URLs are immutable,
        # so each (base URL, path) is built once. A new ``base_url`` starts a new table.
        base = self.base_url
        cached_base, urls = self._urls
        if cached_base is not base:
            urls = {}
            self._urls = (base, urls)
        url = urls.get(path)
        if url is None:
            if len(urls) >= _URL_CACHE_SIZE:
                urls.clear()
            base_path = base.raw_path.split(b"?", 1)[0]
            url = base.copy_with(raw_path=base_path + path.lstrip("/").encode("utf-8"))
            urls[path] = url
        return url

    def _build_headers(
        self, call: _Call, retries_taken: int, credentials: Credentials
    ) -> httpx2.Headers:
        headers = httpx2.Headers(
            {
                "Accept": "text/event-stream" if call.stream else call.request.accept,
                "User-Agent": USER_AGENT,
            }
        )
        given: list[tuple[str, str | Omit]] = [
            *self._default_headers.items(),
            *credentials.headers.items(),
        ]
        given += [
            (k, _header_value(v)) for k, v in (call.request.headers or {}).items() if _is_given(v)
        ]
        if call.options.idempotency_key is not None:
            given.append(("Idempotency-Key", call.options.idempotency_key))
        given.append((RETRY_COUNT_HEADER, str(retries_taken)))
        given += [
            (k, v)
            for k, v in (call.options.extra_headers or {}).items()
            if k.lower() not in _MARKER_HEADERS
        ]
        for key, value in given:
            if isinstance(value, Omit):
                headers.pop(key, None)  # the caller asked for a header the SDK adds not to be sent
            else:
                headers[key] = _checked_header_value(key, value)
        return headers

    def _build_query(self, call: _Call, credentials: Credentials) -> _QueryItems:
        merged: dict[str, object] = {**self._default_query}
        merged.update(call.request.query or {})
        merged.update(credentials.query)
        merged.update(call.options.extra_query or {})
        items: _QueryItems = []
        for key, value in merged.items():
            _add_query(items, key, value)
        return items

    def _build_timeout(self, call: _Call) -> httpx2.Timeout:
        given = call.options.timeout
        timeout = _as_timeout(self.timeout if isinstance(given, NotGiven) else given)
        if call.stream and self.stream_idle_timeout is not None:
            # Bound each read by the idle timeout too, so a fully silent stream also times out.
            timeout = _clip_timeout(timeout, self.stream_idle_timeout, phases=("read",))
        left = time_left()
        if left is not None:
            # Inside a ``wait``: no phase of this attempt may outlast the wait's deadline.
            timeout = _clip_timeout(timeout, max(left, 0.001))
        return timeout

    def _build_request(self, call: _Call, retries_taken: int) -> httpx2.Request:
        """Pure: the exact request for attempt ``retries_taken + 1`` of ``call``."""
        extra_body = call.options.extra_body
        json_data: object = None
        data: dict[str, str | list[str]] | None = None
        files: list[tuple[str, Any]] | None = None
        if call.request.multipart is not None or call.request.form_body is not None:
            # application/x-www-form-urlencoded is the same field encoding without file parts.
            body = (
                call.request.multipart
                if call.request.multipart is not None
                else call.request.form_body
            )
            fields = {k: v for k, v in (body or {}).items() if not isinstance(v, NotGiven)}
            fields.update(extra_body or {})
            data, files = build_multipart(fields)
            if call.request.form_body is not None and files:
                raise TypeError("this operation takes a url-encoded form, which cannot carry files")
        elif call.request.json_body is not None or extra_body:
            json_data = (
                to_jsonable(call.request.json_body) if call.request.json_body is not None else {}
            )
            if extra_body:
                if not isinstance(json_data, dict):
                    raise TypeError("extra_body needs a JSON object request body to merge into")
                json_data = {
                    **cast(dict[str, object], json_data),
                    **cast(dict[str, object], to_jsonable(extra_body)),
                }
        credentials = pick_credentials(call.request.security, self.api_key, self._scheme_keys)
        headers = self._build_headers(call, retries_taken, credentials)
        content: bytes | None = None
        if call.request.binary_body is not None:
            content, content_type = read_binary_body(*call.request.binary_body)
            headers.setdefault("Content-Type", _checked_header_value("Content-Type", content_type))
        try:
            return self._http.build_request(
                call.method,
                self._build_url(call.request.path),
                params=self._build_query(call, credentials) or None,
                headers=headers,
                cookies=credentials.cookies or None,
                content=content,
                json=json_data,
                data=data or None,
                files=files or None,
                timeout=self._build_timeout(call),
            )
        except (UnicodeError, ValueError) as exc:
            # A value HTTP cannot carry (a line break in an upload's content type, ...).
            raise InvalidRequestError(
                redact(f"Cannot send {call.method} {call.request.path}: {exc}", self._secrets())
            ) from exc

    # -- deciding on retries -----------------------------------------------------------------

    def _should_retry_error(self, exc: Exception, call: _Call, retries_taken: int) -> bool:
        if retries_taken >= call.max_retries or deadline_passed():
            return False
        if isinstance(exc, _NOT_SENT_ERRORS):
            return True
        return call.can_resend and isinstance(exc, _TRANSIENT_ERRORS)

    def _should_retry_response(
        self, response: httpx2.Response, call: _Call, retries_taken: int
    ) -> bool:
        if response.is_success or retries_taken >= call.max_retries:
            return False
        if _asks_for_too_long(response.headers):
            # The server says "not now": the error carries ``retry_after`` and the caller decides.
            return False
        # The server knows better than our status table, either way.
        verdict = response.headers.get("x-should-retry", "").lower()
        if verdict in ("true", "false"):
            return verdict == "true"
        status = response.status_code
        # A 429 is refused before any work starts, so even a billable POST can be sent again.
        # After a 408 or a 5xx the server may have started the work: only resend what is safe.
        if status == 429:
            return True
        return call.can_resend and (status == 408 or status >= 500)

    def _log_retry(self, request: httpx2.Request, delay: float, reason: str) -> None:
        log_retry(request, delay, reason, self._secrets())

    def _redacted_url(self, url: httpx2.URL) -> str:
        return redact(str(url), self._secrets())

    def _log_request(self, request: httpx2.Request, retries_taken: int) -> None:
        log_request(request, retries_taken + 1, self._secrets())

    def _log_response(self, response: httpx2.Response) -> None:
        log_response(response, self._secrets())

    # -- turning outcomes into results or errors ---------------------------------------------

    def _connection_error(self, exc: Exception, request: httpx2.Request) -> APIConnectionError:
        where = self._where(request)
        detail = redact(str(exc) or type(exc).__name__, self._secrets())
        if isinstance(exc, httpx2.TimeoutException):
            return APITimeoutError(f"Request timed out: {where}: {detail}", request=request)
        return APIConnectionError(f"Connection error: {where}: {detail}", request=request)

    def _where(self, request: httpx2.Request) -> str:
        return f"{request.method} {self._redacted_url(request.url)}"

    def _deadline_error(self, request: httpx2.Request) -> APITimeoutError:
        return APITimeoutError(
            f"Deadline passed before {self._where(request)} was sent.", request=request
        )

    def _body_limit(self, response: httpx2.Response, call: _Call) -> tuple[int | None, bool]:
        """How much of ``response``'s body to read, and whether to keep the head of a longer one.

        Only a successful body the call returns is read whole (up to ``max_response_bytes``); of an
        error, of a body the call does not return, or of one that is not the JSON it expects, the
        head is enough for the message.
        """
        if not response.is_success or call.stream or call.cast_to is None:
            return ERROR_BODY_LIMIT, True
        if _expects_json(call.cast_to) and not _may_be_json(response):
            return ERROR_BODY_LIMIT, True
        return self.max_response_bytes, False

    def _redirect_target(
        self, request: httpx2.Request, response: httpx2.Response
    ) -> httpx2.Request | None:
        """The request that follows ``response`` if it is a redirect the SDK follows, else ``None``.

        Raises ``CrossOriginRedirectError`` for a redirect the SDK refuses (see ``_redirects``).
        """
        target = response.next_request
        if target is None or not self._http.follow_redirects:
            return None
        check_redirect(request, response, target, secrets=self._secrets())
        if same_site(request.url, target.url) and "cookie" in request.headers:
            # httpx2 rebuilds cookies from its jar on a redirect; a cookie credential stays on its site.
            target.headers["Cookie"] = request.headers["Cookie"]
        return target

    def _too_many_redirects(self, request: httpx2.Request) -> APIConnectionError:
        return APIConnectionError(
            f"Too many redirects ({self._http.max_redirects}) for {self._where(request)}.",
            request=request,
        )

    def _status_error(
        self, response: httpx2.Response, data: bytes, shapes: Sequence[ErrorShape] = ()
    ) -> APIStatusError:
        """The typed error for a 4xx/5xx response whose body head is ``data``."""
        body = decode_error_body(data, response, self._secrets(), cut=len(data) >= ERROR_BODY_LIMIT)
        return make_status_error(
            response,
            body,
            secrets=self._secrets(),
            retry_after=parse_retry_after(response.headers),
            shapes=shapes,
        )

    def _non_sse_stream_error(self, response: httpx2.Response, data: bytes) -> Exception:
        """A 2xx answer to a streaming call that is not an event stream; ``data`` is its head."""
        body = decode_error_body(data, response, self._secrets(), cut=len(data) >= ERROR_BODY_LIMIT)
        fields: dict[str, object] = cast(dict[str, object], body) if _is_dict(body) else {}
        if fields.get("error") is not None:
            message = error_message_of(fields) or excerpt(fields)
            return StreamError(
                redact(f"Error instead of an event stream: {message}", self._secrets()),
                request=response.request,
                error=fields["error"],
            )
        content_type = response.headers.get("content-type", "")
        return APIResponseValidationError(
            redact(
                f"Expected an event stream, got {content_type!r}: {excerpt(body)}",
                self._secrets(),
            ),
            response=response,
            body=body,
        )

    def _parse_body(self, response: httpx2.Response, data: bytes, call: _Call) -> Any:
        """Pure: validate the body ``data`` of a 2xx response into ``call.cast_to``."""
        if call.cast_to is None:
            return None
        if call.cast_to is BinaryResponse:
            return BinaryResponse(response)
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type:
            # An operation with media-type alternatives: the answer's Content-Type says which it is.
            takes_bytes = _takes_bytes(call.cast_to)
            if _takes_text(call.cast_to) and (content_type.startswith("text/") or not takes_bytes):
                return text_of(data, response)
            if takes_bytes:
                return BinaryResponse(response)
        if not _may_be_json(response) and len(data) >= ERROR_BODY_LIMIT:
            raise self._validation_error(response, data, f"returned {content_type!r}, not JSON")
        if data and call.request.logical_error is None:
            # The common case: pydantic parses the JSON itself, faster than ``json.loads`` plus
            # ``validate_python``; a body it rejects takes the path below, which words the error.
            with contextlib.suppress(pydantic.ValidationError):
                parsed = type_adapter(_json_part(call.cast_to)).validate_json(data)
                if isinstance(parsed, BaseModel):
                    set_request_id(parsed, request_id_of(response.headers))
                return parsed
        try:
            value: object = json.loads(data) if data else None
        except (ValueError, RecursionError) as exc:
            raise self._validation_error(response, data, "returned invalid JSON") from exc
        if call.request.logical_error is not None:
            self._check_logical_error(response, call.request.logical_error, value, data)
        try:
            parsed = type_adapter(_json_part(call.cast_to)).validate_python(value)
        except pydantic.ValidationError as exc:
            what = f"returned an unexpected shape ({exc.error_count()} validation error(s))"
            raise self._validation_error(response, data, what) from exc
        except RecursionError as exc:
            raise self._validation_error(
                response, data, "returned a value nested too deep"
            ) from exc
        if isinstance(parsed, BaseModel):
            set_request_id(parsed, request_id_of(response.headers))
        return parsed

    def _validation_error(
        self, response: httpx2.Response, data: bytes, what: str
    ) -> APIResponseValidationError:
        """A 2xx body that is not what the call returns; message and ``body`` are redacted."""
        body = self._redacted_body(response, data)
        message = (
            f"{self._where(response.request)} {what}: {self._redacted_excerpt(response, data)}"
        )
        return APIResponseValidationError(message, response=response, body=body)

    def _redacted_body(self, response: httpx2.Response, data: bytes) -> object:
        return decode_error_body(data, response, self._secrets(), cut=len(data) >= ERROR_BODY_LIMIT)

    def _redacted_excerpt(self, response: httpx2.Response, data: bytes) -> str:
        # From the head of the raw text, redacted before it is shortened: a rendering of a large
        # parsed body would cost as much as the body.
        head = data[:ERROR_BODY_LIMIT]
        return excerpt(redact(text_of(head, response), self._secrets(), cut=len(head) < len(data)))

    def _check_logical_error(
        self, response: httpx2.Response, rule: LogicalErrorRule, value: object, data: bytes
    ) -> None:
        code = json_pointer(value, rule.field)
        if code in rule.success:
            return
        detail = json_pointer(value, rule.message) if rule.message is not None else None
        secrets = self._secrets()
        text = (
            excerpt(redact(detail, secrets))
            if isinstance(detail, str) and detail
            else self._redacted_excerpt(response, data)
        )
        where = self._where(response.request)
        message = (
            f"{where} reported failure ({rule.field} = {redact(repr(code), secrets)[:200]}): {text}"
        )
        raise APIResultError(
            message, response=response, code=code, body=self._redacted_body(response, data)
        )

    def _finish(
        self,
        response: httpx2.Response,
        data: bytes,
        call: _Call,
        retries_taken: int,
        stream_cls: type[Stream[Any]] | type[AsyncStream[Any]],
    ) -> Any:
        """Pure: the value ``request`` returns for a 2xx response (``data``: its body, unless streaming)."""
        if call.stream:

            def parse() -> Any:
                return stream_cls(
                    response=response,
                    event_type=call.stream_event,
                    terminator=call.request.stream_terminator,
                    idle_timeout=self.stream_idle_timeout,
                    secrets=self._secrets(),
                )

        else:

            def parse() -> Any:
                return self._parse_body(response, data, call)

        if call.raw:
            return APIResponse(http_response=response, parser=parse, retries_taken=retries_taken)
        return parse()

    def _unread(
        self,
        response: httpx2.Response,
        call: _Call,
        retries_taken: int,
        stream_cls: type[Stream[Any]] | type[AsyncStream[Any]],
    ) -> Any:
        """What ``request`` returns for a 2xx body it leaves unread."""
        if call.streamed:
            return self._streamed_response(response, call, retries_taken, stream_cls)
        return self._finish(response, b"", call, retries_taken, stream_cls)

    def _streamed_response(
        self,
        response: httpx2.Response,
        call: _Call,
        retries_taken: int,
        stream_cls: type[Stream[Any]] | type[AsyncStream[Any]],
    ) -> StreamedAPIResponse[Any] | AsyncStreamedAPIResponse[Any]:
        """Pure: the unread 2xx ``response`` of a ``with_streaming_response`` call."""
        plain = dataclasses.replace(call, raw=False, streamed=False)
        body = _StreamedBody(
            limit=self.max_response_bytes,
            where=self._where(response.request),
            parse_body=lambda data: self._parse_body(response, data, plain),
            event_stream=(
                (lambda: self._finish(response, b"", plain, retries_taken, stream_cls))
                if call.stream
                else None
            ),
            map_error=lambda exc: self._connection_error(exc, response.request),
        )
        if stream_cls is Stream:
            return StreamedAPIResponse[Any](
                http_response=response, body=body, retries_taken=retries_taken
            )
        return AsyncStreamedAPIResponse[Any](
            http_response=response, body=body, retries_taken=retries_taken
        )

    def _outcome(
        self,
        response: httpx2.Response,
        data: bytes,
        call: _Call,
        retries_taken: int,
        stream_cls: type[Stream[Any]] | type[AsyncStream[Any]],
    ) -> Any:
        """What ``request`` returns or raises once the last attempt's body (head) is read."""
        if not response.is_success:
            raise self._status_error(response, data, call.request.error_shapes)
        if call.stream and not _is_event_stream(response):
            raise self._non_sse_stream_error(response, data)
        return self._finish(response, data, call, retries_taken, stream_cls)


class SyncAPIClient(BaseClient[httpx2.Client]):
    """Synchronous client: owns (or borrows) an ``httpx2.Client`` and sends requests with retries."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx2.URL,
        timeout: float | Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.Client | None = None,
        stream_idle_timeout: float | None = DEFAULT_STREAM_IDLE_TIMEOUT,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        scheme_keys: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            scheme_keys=scheme_keys,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            stream_idle_timeout=stream_idle_timeout,
            max_response_bytes=max_response_bytes,
        )
        # Only a client we created is ours to close; a caller's client may serve others too.
        self._owns_http = http_client is None
        self._http = http_client or httpx2.Client(
            timeout=_as_timeout(self.timeout),
            limits=DEFAULT_CONNECTION_LIMITS,
            follow_redirects=True,
        )
        self._sleep: Callable[[float], None] = time.sleep

    @property
    def http_client(self) -> httpx2.Client:
        return self._http

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @overload
    def request(self, cast_to: type[T] | ResponseType[T], api_request: APIRequest) -> T: ...

    @overload
    def request(
        self, cast_to: type[T] | ResponseType[T], api_request: APIRequest, *, stream_to: type[S]
    ) -> T | S: ...

    def request(
        self,
        cast_to: type[T] | ResponseType[T],
        api_request: APIRequest,
        *,
        stream_to: type[S] | None = None,
    ) -> T | S:
        """Send one API call, retrying per the safe-retry rules; return its body read into
        ``cast_to`` (a ``Stream[E]`` type streams), or a ``stream_to`` stream if it streamed."""
        call = self._prepare_call(cast_to, api_request, stream_to)
        retries_taken = 0
        while True:
            request = self._build_request(call, retries_taken)
            if deadline_passed():
                raise self._deadline_error(request)
            self._log_request(request, retries_taken)
            try:
                response = self._send(request)
                self._log_response(response)
                if self._should_retry_response(response, call, retries_taken):
                    delay = self._retry_delay(retries_taken, response.headers)
                    if self._retry_fits(delay):
                        response.close()
                        self._log_retry(request, delay, f"status {response.status_code}")
                        self._sleep(delay)
                        retries_taken += 1
                        continue
                if _leave_unread(call, response):
                    return cast("T | S", self._unread(response, call, retries_taken, Stream))
                limit, keep_head = self._body_limit(response, call)
                data = read_body(response, limit, truncate=keep_head, where=self._where(request))
            except httpx2.RequestError as exc:
                if self._should_retry_error(exc, call, retries_taken):
                    delay = self._retry_delay(retries_taken, None)
                    if self._retry_fits(delay):
                        self._log_retry(request, delay, type(exc).__name__)
                        self._sleep(delay)
                        retries_taken += 1
                        continue
                raise self._connection_error(exc, request) from exc
            return cast("T | S", self._outcome(response, data, call, retries_taken, Stream))

    def _send(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``, following the redirects the SDK allows; the body is left unread."""
        for _ in range(self._http.max_redirects + 1):
            response = self._http.send(request, stream=True, follow_redirects=False)
            try:
                target = self._redirect_target(request, response)
            except BaseException:
                response.close()
                raise
            if target is None:
                return response
            response.close()
            request = target
        raise self._too_many_redirects(request)


class AsyncAPIClient(BaseClient[httpx2.AsyncClient]):
    """Asynchronous twin of ``SyncAPIClient`` over an ``httpx2.AsyncClient``."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx2.URL,
        timeout: float | Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.AsyncClient | None = None,
        stream_idle_timeout: float | None = DEFAULT_STREAM_IDLE_TIMEOUT,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        scheme_keys: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            scheme_keys=scheme_keys,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            stream_idle_timeout=stream_idle_timeout,
            max_response_bytes=max_response_bytes,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx2.AsyncClient(
            timeout=_as_timeout(self.timeout),
            limits=DEFAULT_CONNECTION_LIMITS,
            follow_redirects=True,
        )
        # anyio rather than asyncio so the client also runs under trio.
        self._sleep: Callable[[float], Awaitable[None]] = anyio.sleep

    @property
    def http_client(self) -> httpx2.AsyncClient:
        return self._http

    async def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @overload
    async def request(self, cast_to: type[T] | ResponseType[T], api_request: APIRequest) -> T: ...

    @overload
    async def request(
        self, cast_to: type[T] | ResponseType[T], api_request: APIRequest, *, stream_to: type[S]
    ) -> T | S: ...

    async def request(
        self,
        cast_to: type[T] | ResponseType[T],
        api_request: APIRequest,
        *,
        stream_to: type[S] | None = None,
    ) -> T | S:
        """Send one API call, retrying per the safe-retry rules; return its body read into
        ``cast_to`` (a ``Stream[E]`` type streams), or a ``stream_to`` stream if it streamed."""
        call = self._prepare_call(cast_to, api_request, stream_to)
        retries_taken = 0
        while True:
            request = self._build_request(call, retries_taken)
            if deadline_passed():
                raise self._deadline_error(request)
            self._log_request(request, retries_taken)
            try:
                response = await self._send(request)
                self._log_response(response)
                if self._should_retry_response(response, call, retries_taken):
                    delay = self._retry_delay(retries_taken, response.headers)
                    if self._retry_fits(delay):
                        await response.aclose()
                        self._log_retry(request, delay, f"status {response.status_code}")
                        await self._sleep(delay)
                        retries_taken += 1
                        continue
                if _leave_unread(call, response):
                    return cast("T | S", self._unread(response, call, retries_taken, AsyncStream))
                limit, keep_head = self._body_limit(response, call)
                data = await aread_body(
                    response, limit, truncate=keep_head, where=self._where(request)
                )
            except httpx2.RequestError as exc:
                if self._should_retry_error(exc, call, retries_taken):
                    delay = self._retry_delay(retries_taken, None)
                    if self._retry_fits(delay):
                        self._log_retry(request, delay, type(exc).__name__)
                        await self._sleep(delay)
                        retries_taken += 1
                        continue
                raise self._connection_error(exc, request) from exc
            return cast("T | S", self._outcome(response, data, call, retries_taken, AsyncStream))

    async def _send(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``, following the redirects the SDK allows; the body is left unread."""
        for _ in range(self._http.max_redirects + 1):
            response = await self._http.send(request, stream=True, follow_redirects=False)
            try:
                target = self._redirect_target(request, response)
            except BaseException:
                await response.aclose()
                raise
            if target is None:
                return response
            await response.aclose()
            request = target
        raise self._too_many_redirects(request)


def _leave_unread(call: _Call, response: httpx2.Response) -> bool:
    """Whether the body is left for the caller to read: an event stream, or a streamed response."""
    if not response.is_success:
        return False
    if call.stream:
        return _is_event_stream(response)
    return call.streamed


def _is_event_stream(response: httpx2.Response) -> bool:
    content_type = response.headers.get("content-type", "")
    return content_type.partition(";")[0].strip().lower() == "text/event-stream"


class SyncAPIResource:
    """Base of generated sync resources: holds the client that sends their requests."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _secrets(self) -> tuple[str, ...]:
        """The client's credentials, for redacting what a polled task reports (``wait``)."""
        return self._client._secrets()  # pyright: ignore[reportPrivateUsage]


class AsyncAPIResource:
    """Base of generated async resources: holds the client that sends their requests."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    def _secrets(self) -> tuple[str, ...]:
        """The client's credentials, for redacting what a polled task reports (``wait``)."""
        return self._client._secrets()  # pyright: ignore[reportPrivateUsage]


def _raw_injector(fn: Callable[..., object]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """How to ask ``fn`` for a raw response: via its ``extra_headers`` or ``options`` parameter."""
    parameters = inspect.signature(fn).parameters
    marker = {RAW_RESPONSE_HEADER: "true"}
    if "extra_headers" in parameters:

        def inject(kwargs: dict[str, Any]) -> dict[str, Any]:
            return {**kwargs, "extra_headers": {**(kwargs.get("extra_headers") or {}), **marker}}

    elif "options" in parameters:

        def inject(kwargs: dict[str, Any]) -> dict[str, Any]:
            options = kwargs.get("options") or RequestOptions()
            headers = {**(options.extra_headers or {}), **marker}
            return {**kwargs, "options": dataclasses.replace(options, extra_headers=headers)}

    else:
        raise TypeError(f"{fn!r} takes neither extra_headers nor options")
    return inject


def to_raw_response_wrapper(fn: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap an API method so it returns ``APIResponse[R]`` (status, headers, ``parse()``)."""
    inject = _raw_injector(fn)

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        return cast(APIResponse[R], fn(*args, **inject(kwargs)))

    return wrapped


def async_to_raw_response_wrapper(
    fn: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """Async twin of ``to_raw_response_wrapper``."""
    inject = _raw_injector(fn)

    @functools.wraps(fn)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        return cast(APIResponse[R], await fn(*args, **inject(kwargs)))

    return wrapped
