"""The API key, checked once, and where each security scheme of the spec puts it.

``_constants.SECURITY_SCHEMES`` (printed by the generator from the spec) maps every scheme to its
kind and name: ``bearer`` (``Authorization: Bearer <key>``), or an API key in a ``header``, a
``query`` parameter or a ``cookie``. Nothing here lists credential names of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._constants import SECURITY_SCHEMES
from ._exceptions import SDKError

__all__ = ["Credentials", "check_api_key", "credentials_for"]

# A key is one printable ASCII word. Anything else is a copy-paste or file-reading accident (the
# trailing newline of a key file or a Kubernetes secret), and sending it would either fail inside
# the HTTP library with the key in the message, or be silently altered by a proxy.
_NOT_IN_A_KEY = re.compile(r"[^\x21-\x7e]")


@dataclass(frozen=True)
class Credentials:
    """What one security scheme adds to a request."""

    headers: dict[str, str] = field(default_factory=dict[str, str])
    query: dict[str, str] = field(default_factory=dict[str, str])
    cookies: dict[str, str] = field(default_factory=dict[str, str])


def _describe(char: str) -> str:
    names = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", " ": "a space"}
    return names.get(char, f"the character U+{ord(char):04X}")


def check_api_key(api_key: str, source: str) -> str:
    """``api_key`` unchanged, or ``SDKError`` naming the first bad character (never the key)."""
    bad = _NOT_IN_A_KEY.search(api_key)
    if bad is None:
        return api_key
    position = bad.start()
    where = (
        "at its end"
        if position == len(api_key) - 1
        else f"at position {position + 1} of {len(api_key)}"
    )
    raise SDKError(
        f"The API key from {source} contains {_describe(bad.group())} {where}; an API key is "
        f"printable ASCII without spaces. A key read from a file often ends with a newline: "
        f"strip it (api_key=key.strip())."
    )


def credentials_for(scheme: str, api_key: str) -> Credentials:
    """Where ``scheme`` puts ``api_key``; an unknown scheme adds nothing."""
    kind, name = SECURITY_SCHEMES.get(scheme, ("", ""))
    if kind == "bearer":
        return Credentials(headers={name: f"Bearer {api_key}"})
    if kind == "header":
        return Credentials(headers={name: api_key})
    if kind == "query":
        return Credentials(query={name: api_key})
    if kind == "cookie":
        return Credentials(cookies={name: api_key})
    return Credentials()
