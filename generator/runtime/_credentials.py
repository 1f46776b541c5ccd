"""The credentials, checked once, and where each security scheme of the spec puts them.

``_constants.SECURITY_SCHEMES`` (printed by the generator from the spec) maps every scheme to its
kind and name: ``bearer`` (``Authorization: Bearer <key>``), or an API key in a ``header``, a
``query`` parameter or a ``cookie``. Nothing here lists credential names of its own.

Each scheme takes its own credential (``CREDENTIAL_OPTIONS``: a client keyword argument and an
environment variable named after the scheme); the shared ``api_key`` (or ``API_KEY_ENV``) fills every
scheme without one. An operation without security sends none, and needs none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ._constants import API_KEY_ENV, CREDENTIAL_OPTIONS, EVERY_OPERATION_SECURED, SECURITY_SCHEMES
from ._exceptions import SDKError

__all__ = [
    "Credentials",
    "check_api_key",
    "credentials_for",
    "pick_credentials",
    "resolve_credentials",
]

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


def _given(explicit: str | None, env_var: str, option: str) -> tuple[str | None, str]:
    """The value passed in, else the environment's (empty counts as unset), and where it came from."""
    if explicit is not None:
        return explicit or None, f"the {option} argument"
    return os.environ.get(env_var) or None, f"the {env_var} environment variable ({option})"


def _checked(explicit: str | None, env_var: str, option: str) -> str | None:
    value, source = _given(explicit, env_var, option)
    return None if value is None else check_api_key(value, source)


def _how_to_give(schemes: Sequence[str]) -> str:
    """``api_key= or bearer_auth=, or the GITAIGC_API_KEY or GITAIGC_BEARER_AUTH environment variable``."""
    options = ["api_key", *(CREDENTIAL_OPTIONS[s][0] for s in schemes if s in CREDENTIAL_OPTIONS)]
    env_vars = [
        API_KEY_ENV,
        *(CREDENTIAL_OPTIONS[s][1] for s in schemes if s in CREDENTIAL_OPTIONS),
    ]
    return (
        f"pass {' or '.join(o + '=' for o in options)} to the client, or set the "
        f"{' or '.join(env_vars)} environment variable"
    )


def resolve_credentials(
    api_key: str | None, own: Mapping[str, str | None]
) -> tuple[str | None, dict[str, str]]:
    """The shared key and each scheme's own key, from the arguments, else the environment.

    ``SDKError`` when a credential holds a character no key has, or when there is none at all although
    every operation needs one (the mistake shows when the client is built, not at the first call).
    """
    shared = _checked(api_key, API_KEY_ENV, "api_key")
    keys: dict[str, str] = {}
    for scheme, (option, env_var) in CREDENTIAL_OPTIONS.items():
        key = _checked(own.get(scheme), env_var, option)
        if key is not None:
            keys[scheme] = key
    if EVERY_OPERATION_SECURED and shared is None and not keys:
        raise SDKError(f"The client has no credential: {_how_to_give(list(CREDENTIAL_OPTIONS))}.")
    return shared, keys


def pick_credentials(
    security: Sequence[str], api_key: str | None, own: Mapping[str, str]
) -> Credentials:
    """What authenticates an operation: the first of its schemes with a credential (its own, else the
    shared key). Nothing for an operation without security, or whose security ends with ``""`` (an
    empty requirement: a credential is optional); else ``SDKError`` when no scheme has one."""
    for scheme in security:
        key = (own.get(scheme) or api_key) if scheme else None
        if key is not None:
            return credentials_for(scheme, key)
    if not security or "" in security:
        return Credentials()
    raise SDKError(
        f"This operation needs a credential: {_how_to_give([s for s in security if s])}."
    )
