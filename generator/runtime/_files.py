"""Turns upload arguments (bytes, file objects, paths, tuples) into httpx2 multipart entries."""

from __future__ import annotations

import io
import json
import os
import pathlib
from collections.abc import Mapping, Sequence
from typing import IO, TypeGuard, cast

import pydantic
import pydantic_core

from ._types import NotGiven

__all__ = [
    "build_multipart",
    "is_file_content",
    "is_file_types",
    "read_binary_body",
    "to_httpx_file",
]

# The (filename, content, content_type) shape httpx2 accepts for ``files=``.
HttpxFile = tuple[str | None, bytes | IO[bytes], str | None]


def is_file_content(value: object) -> TypeGuard[bytes | IO[bytes] | os.PathLike[str]]:
    """Whether ``value`` is upload content; a plain ``str`` never is (path or text is ambiguous)."""
    return isinstance(value, (bytes, bytearray, memoryview, io.IOBase, os.PathLike)) or (
        hasattr(value, "read") and not isinstance(value, str)
    )


def is_file_types(value: object) -> bool:
    """Whether ``value`` is content or a ``(filename, content[, content_type])`` tuple."""
    if isinstance(value, tuple):
        parts = cast(tuple[object, ...], value)
        if len(parts) not in (2, 3):
            return False
        return (parts[0] is None or isinstance(parts[0], str)) and is_file_content(parts[1])
    return is_file_content(value)


def _name_of(content: object) -> str | None:
    name: object = getattr(content, "name", None)
    if isinstance(name, str):
        return os.path.basename(name)
    return None


def to_httpx_file(value: object) -> HttpxFile:
    """Normalise one ``FileTypes`` value to ``(filename, content, content_type)``."""
    filename: str | None
    content_type: str | None = None
    if isinstance(value, tuple):
        parts = cast(tuple[object, ...], value)
        filename = cast("str | None", parts[0])
        content: object = parts[1]
        if len(parts) == 3:
            content_type = cast("str | None", parts[2])
    else:
        filename, content = None, value
    if isinstance(content, os.PathLike):
        path = pathlib.Path(cast(os.PathLike[str], content))
        # Read eagerly: an open handle would outlive a failed request, and retries need the bytes.
        data: bytes | IO[bytes] = path.read_bytes()
        filename = filename if filename is not None else path.name
    elif isinstance(content, (bytes, bytearray, memoryview)):
        data = bytes(cast(bytes, content))
    elif hasattr(content, "read"):
        data = cast(IO[bytes], content)
        filename = filename if filename is not None else _name_of(content)
    else:
        raise TypeError(
            f"Expected bytes, a binary file object or an os.PathLike for an upload, got "
            f"{type(content).__name__}; wrap text in bytes and paths in pathlib.Path."
        )
    # httpx2 sends a part without a filename as a plain field; uploads always need one.
    return (filename if filename is not None else "upload", data, content_type)


def read_binary_body(value: object, default_type: str) -> tuple[bytes, str]:
    """A raw request body (`application/octet-stream`, `image/png`, ...) from any ``FileTypes`` value.

    Read into memory so that a retry can send the same bytes again.
    """
    _, data, content_type = to_httpx_file(value)
    content = data if isinstance(data, bytes) else data.read()
    return content, content_type or default_type


def _form_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump_json(by_alias=True, exclude_unset=True)
    if isinstance(value, (Mapping, list, tuple)):
        # Structured values in a form part are sent as JSON, the only unambiguous encoding.
        return json.dumps(pydantic_core.to_jsonable_python(value))
    return str(value)


def _repeated(value: object) -> Sequence[object] | None:
    """The items of a field given several times: a list, or a tuple that is not itself a file tuple."""
    if isinstance(value, list):
        return cast("list[object]", value)
    if isinstance(value, tuple):
        items = cast("tuple[object, ...]", value)
        return None if is_file_types(items) else items
    return None


def build_multipart(
    fields: Mapping[str, object],
) -> tuple[dict[str, str | list[str]], list[tuple[str, HttpxFile]]]:
    """Split ``fields`` into httpx2 ``data=`` (form fields) and ``files=`` (uploads).

    Lists repeat the field; ``None`` and ``NOT_GIVEN`` are left out since a form cannot say null.
    """
    data: dict[str, str | list[str]] = {}
    files: list[tuple[str, HttpxFile]] = []
    for key, value in fields.items():
        if value is None or isinstance(value, NotGiven):
            continue
        several = _repeated(value)
        repeated = several is not None
        items: Sequence[object] = several if several is not None else [value]
        plain: list[str] = []
        for item in items:
            if is_file_types(item):
                files.append((key, to_httpx_file(item)))
            elif item is not None:
                plain.append(_form_value(item))
        if plain:
            data[key] = plain if repeated else plain[0]
    return data, files
