"""The SDK runtime: HTTP plumbing, errors, streaming, uploads and polling behind every generated SDK.

Each module here except this one is copied byte for byte into the generated package, where the
generated ``_constants`` replaces the placeholder one. This file is not copied: its ``__all__`` is
what a generated package exports from the runtime, and the generator reads it (without importing it).
"""

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIResultError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CrossOriginRedirectError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    StreamError,
    TaskFailedError,
    TaskTimeoutError,
    UnprocessableEntityError,
)
from ._response import APIResponse, BinaryResponse
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, Timeout

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIResultError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BinaryResponse",
    "ConflictError",
    "CrossOriginRedirectError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "Stream",
    "StreamError",
    "TaskFailedError",
    "TaskTimeoutError",
    "Timeout",
    "UnprocessableEntityError",
]
