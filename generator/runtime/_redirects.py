"""Redirects the SDK follows itself, so that credentials and request bodies stay on their origin.

Policy: a redirect to another origin (scheme, host or port) is refused when the request carries a
credential of the spec's security schemes (header, query parameter or cookie) or a body; the SDK
raises ``CrossOriginRedirectError`` naming both origins and sends nothing there. A same-origin
redirect is followed as is, and so is the ``http`` → ``https`` upgrade of the same host on the
default ports, which httpx2 also treats as the same site. ``https`` → ``http`` is an origin change.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx2

from ._constants import SECURITY_SCHEMES
from ._exceptions import CrossOriginRedirectError, redact

__all__ = ["carries_credential", "check_redirect", "origin_text", "same_site"]

# Methods that send no body, so a redirect of them moves no payload elsewhere.
_BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def origin_text(url: httpx2.URL) -> str:
    """``scheme://host:port``, the port always written, so that two origins never look alike."""
    origin = url.origin
    return f"{origin.scheme}://{url.raw_host.decode('ascii')}:{origin.port}"


def _is_https_upgrade(source: httpx2.URL, target: httpx2.URL) -> bool:
    return (
        source.origin.host == target.origin.host
        and (source.scheme, source.origin.port) == ("http", 80)
        and (target.scheme, target.origin.port) == ("https", 443)
    )


def same_site(source: httpx2.URL, target: httpx2.URL) -> bool:
    """Same origin, or the ``http`` → ``https`` upgrade of the same host."""
    return source.origin == target.origin or _is_https_upgrade(source, target)


def _names(kinds: Iterable[str]) -> frozenset[str]:
    return frozenset(name.lower() for kind, name in SECURITY_SCHEMES.values() if kind in kinds)


def _cookie_names(request: httpx2.Request) -> set[str]:
    names: set[str] = set()
    for header in request.headers.get_list("cookie"):
        for pair in header.split(";"):
            names.add(pair.partition("=")[0].strip().lower())
    return names


def carries_credential(request: httpx2.Request) -> bool:
    """Whether ``request`` holds any credential the spec's security schemes define."""
    headers = {key.lower() for key in request.headers}
    query = {key.lower() for key in request.url.params}
    return bool(
        _names(("bearer", "header")) & headers
        or _names(("query",)) & query
        or _names(("cookie",)) & _cookie_names(request)
    )


def check_redirect(
    request: httpx2.Request,
    response: httpx2.Response,
    target: httpx2.Request,
    *,
    secrets: Iterable[str],
) -> None:
    """Raise ``CrossOriginRedirectError`` unless following ``response`` to ``target`` is safe."""
    source_url, target_url = request.url, target.url
    if same_site(source_url, target_url):
        return
    has_body = request.method not in _BODYLESS_METHODS
    if not (has_body or carries_credential(request)):
        return
    what = "a request with a body" if has_body else "an authenticated request"
    raise CrossOriginRedirectError(
        f"Refused to follow a {response.status_code} redirect of {what} from "
        f"{origin_text(source_url)} to {origin_text(target_url)}: the SDK never sends "
        f"credentials or request bodies to another origin. Point base_url at the new origin "
        f"if you trust it.",
        response=response,
        location=redact(str(target_url), secrets),
        origin=origin_text(source_url),
        target_origin=origin_text(target_url),
    )
