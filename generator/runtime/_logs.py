"""Logging of requests, responses and retries under the package logger, as ``OPENAI_LOG`` does.

``<PREFIX>_LOG=info`` logs one line per response and every retry; ``<PREFIX>_LOG=debug`` adds each
request's headers and JSON body and each response's headers. Applications that configure
``logging`` themselves get the same records from ``logging.getLogger(<package>)``.

Every credential the SDK attaches is redacted before a record is made: the headers that carry one
(``SECURITY_SCHEMES``, plus ``Authorization`` and ``Cookie``) are replaced whole, and the keys are
removed from everything else (a query key in the URL, an echo in a header). The HTTP library's own
loggers are left alone: their request lines print URLs, query keys included, unredacted.
Nothing is formatted unless the level is enabled, so a quiet logger costs a level check per call.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping

import httpx2

from ._constants import LOG_ENV, PACKAGE_NAME, SECURITY_SCHEMES
from ._exceptions import excerpt, redact, request_id_of

__all__ = ["log_request", "log_response", "log_retry", "logger", "setup_logging"]

logger = logging.getLogger(PACKAGE_NAME)

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_FORMAT = "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s"
_BODY_LIMIT = 2000
_MASK = "[REDACTED]"
# Headers whose whole value is a credential: every header a security scheme of the spec fills,
# and the standard ones a caller or a proxy may fill with one.
_CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie"}
    | {name.lower() for kind, name in SECURITY_SCHEMES.values() if kind in ("bearer", "header")}
)


def setup_logging(environ: Mapping[str, str] = os.environ) -> None:
    """Apply ``<PREFIX>_LOG`` (``debug`` or ``info``; anything else leaves logging as it is)."""
    level = _LEVELS.get(environ.get(LOG_ENV, "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not logger.handlers and not logging.getLogger().handlers:
        # Only when the application has configured no logging: then the records need somewhere to go.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT, datefmt="%Y-%m-%d %H:%M:%S"))
        logger.addHandler(handler)


def redacted_headers(headers: httpx2.Headers, secrets: Iterable[str]) -> dict[str, str]:
    """``headers`` as a dict safe to log; a repeated header keeps its last value."""
    secrets = tuple(secrets)
    return {
        name: _MASK if name.lower() in _CREDENTIAL_HEADERS else redact(value, secrets)
        for name, value in headers.items()
    }


def _url(request: httpx2.Request, secrets: Iterable[str]) -> str:
    return redact(str(request.url), secrets)


def _json_body(request: httpx2.Request, secrets: Iterable[str]) -> str | None:
    if "json" not in request.headers.get("content-type", ""):
        return None
    try:
        content = request.content
    except httpx2.RequestNotRead:
        return None
    text = content[:_BODY_LIMIT].decode("utf-8", "replace")
    return excerpt(redact(text, secrets, cut=len(content) > _BODY_LIMIT), _BODY_LIMIT)


def log_request(request: httpx2.Request, attempt: int, secrets: Iterable[str]) -> None:
    """At debug level: the request about to be sent (attempt 1 is the first)."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    secrets = tuple(secrets)
    logger.debug(
        "Request: %s %s (attempt %d) headers=%s body=%s",
        request.method,
        _url(request, secrets),
        attempt,
        redacted_headers(request.headers, secrets),
        _json_body(request, secrets),
    )


def log_response(response: httpx2.Response, secrets: Iterable[str]) -> None:
    """At info level: the status line; at debug level: also the request id and the headers."""
    if not logger.isEnabledFor(logging.INFO):
        return
    secrets = tuple(secrets)
    request = response.request
    status = f"{response.status_code} {response.reason_phrase}"
    logger.info('HTTP Request: %s %s "%s"', request.method, _url(request, secrets), status)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "Response: %s (request id %s) headers=%s",
            status,
            request_id_of(response.headers),
            redacted_headers(response.headers, secrets),
        )


def log_retry(request: httpx2.Request, delay: float, reason: str, secrets: Iterable[str]) -> None:
    """At info level: a retry about to be made, and why."""
    if not logger.isEnabledFor(logging.INFO):
        return
    logger.info(
        "Retrying %s %s in %.2f seconds (%s)",
        request.method,
        _url(request, secrets),
        delay,
        reason,
    )
