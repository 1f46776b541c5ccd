"""Shared type aliases and the ``NOT_GIVEN`` sentinel used by the runtime and the API surface."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Literal, TypeAlias, final

import httpx2

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NotGiven",
    "Omit",
    "Query",
    "Timeout",
    "not_given",
    "omit",
]


@final
class NotGiven:
    """Marks an argument the caller did not pass, as opposed to one passed as ``None``.

    ``None`` is a real value for many APIs (it serialises to JSON ``null``), so "not given" needs
    its own falsy singleton.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # One instance per process, so identity checks (``x is NOT_GIVEN``) always work.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self

    def __reduce__(self) -> str:
        # Pickle by reference to the module-level singleton rather than by value.
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
not_given = NOT_GIVEN  # openai's lower-case spelling of the same sentinel


class Omit:
    """Leave something out of the request that the SDK would otherwise send, as in openai.

    In ``extra_headers`` it removes a header the SDK adds (``{"User-Agent": omit}``); as a
    parameter value it means the same as ``NOT_GIVEN``: nothing is sent.
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"


omit = Omit()

Headers: TypeAlias = Mapping[str, "str | Omit"]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]
Timeout: TypeAlias = httpx2.Timeout

# A plain ``str`` is deliberately not a file: it could be a path or the content itself.
FileContent: TypeAlias = bytes | IO[bytes] | os.PathLike[str]
FileTypes: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
