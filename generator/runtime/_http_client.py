"""``httpx2`` clients with the SDK's own defaults, to customise and pass as ``http_client=``.

The same names as openai's: ``http_client=DefaultHttpxClient(proxy=...)`` keeps the SDK's timeout,
connection limits and redirect handling and changes only what is given.
"""

from __future__ import annotations

from typing import Any

import httpx2

from ._base_client import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

__all__ = [
    "DefaultAsyncHttpx2Client",
    "DefaultAsyncHttpxClient",
    "DefaultHttpx2Client",
    "DefaultHttpxClient",
]


def _with_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
    kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
    kwargs.setdefault("follow_redirects", True)
    return kwargs


class DefaultHttpxClient(httpx2.Client):
    """An ``httpx2.Client`` with the defaults the SDK uses when it makes its own."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))


class DefaultAsyncHttpxClient(httpx2.AsyncClient):
    """An ``httpx2.AsyncClient`` with the defaults the SDK uses when it makes its own."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))


# openai exports both spellings for the same classes; the SDK's HTTP library is httpx2 either way.
DefaultHttpx2Client = DefaultHttpxClient
DefaultAsyncHttpx2Client = DefaultAsyncHttpxClient
