"""The SDK runtime: HTTP plumbing, errors, streaming, uploads and polling behind every generated SDK.

Each module here except this one is copied byte for byte into the generated package, where the
generated ``_constants`` replaces the placeholder one. This file is not copied: its ``__all__`` is
what a generated package exports from the runtime, and the generator reads it (without importing it).
"""

from ._base_client import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
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
from ._http_client import (
    DefaultAsyncHttpx2Client,
    DefaultAsyncHttpxClient,
    DefaultHttpx2Client,
    DefaultHttpxClient,
)
from ._models import BaseModel
from ._pagination import AsyncPage, AsyncPaginator, SyncPage
from ._response import APIResponse, BinaryResponse
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, Omit, Timeout, not_given, omit

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIResultError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "BinaryResponse",
    "ConflictError",
    "CrossOriginRedirectError",
    "DefaultAsyncHttpx2Client",
    "DefaultAsyncHttpxClient",
    "DefaultHttpx2Client",
    "DefaultHttpxClient",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "NotGiven",
    "Omit",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "Stream",
    "StreamError",
    "SyncPage",
    "TaskFailedError",
    "TaskTimeoutError",
    "Timeout",
    "UnprocessableEntityError",
    "not_given",
    "omit",
]
