"""sdkforge's own `x-` keys (docs/spec-extensions.md), spelt right: a misspelt one is silently ignored,
and `x-sdk-methd: generate` would leave a public method named after the operationId instead."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..load.spec import Document, Spec, path_tokens
from ..report import codes
from ..report.diagnostics import Diagnostic, join_pointer
from .schema_walk import DATA_KEYS as _DATA_KEYS
from .schema_walk import is_data

# Each extension, with the keys of its object value (None: the value is not an object).
KNOWN_EXTENSIONS: dict[str, frozenset[str] | None] = {
    "x-nav-entries": None,
    "x-nav-absent": frozenset({"source", "reason"}),
    "x-sdk-name": None,
    "x-sdk-resource": None,
    "x-sdk-method": None,
    "x-open-enum": None,
    "x-retry-safe": None,
    "x-sse-terminator": None,
    "x-sdk-media-selector": frozenset({"parameter", "values"}),
    "x-logical-error": frozenset({"field", "success", "message"}),
    "x-task-polling": frozenset(
        {
            "operationId",
            "taskId",
            "parameter",
            "reportedTaskId",
            "status",
            "success",
            "failure",
            "interval",
            "task",
            "failReason",
        }
    ),
    "x-sdk-pagination": frozenset(
        {"style", "parameter", "items", "hasMore", "nextCursor", "itemCursor", "start"}
    ),
}


def lint_extensions(spec: Spec) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for document in spec.documents.values():
        for key, value, pointer in _extension_keys(document.data):
            found += _check_extension(document, key, value, pointer)
    return found


def _check_extension(document: Document, key: str, value: Any, pointer: str) -> list[Diagnostic]:
    if key in KNOWN_EXTENSIONS:
        fields = KNOWN_EXTENSIONS[key]
        if fields is None or not isinstance(value, dict):
            return []
        return [
            _unknown_field(document, key, field, fields, join_pointer(pointer, field))
            for field in value
            if field not in fields
        ]
    close = difflib.get_close_matches(key, sorted(KNOWN_EXTENSIONS), n=1, cutoff=0.8)
    if not close and not key.startswith("x-sdk-"):
        return []  # another tool's extension
    hint = (
        f"did you mean {close[0]!r}?"
        if close
        else "the sdkforge extensions are listed in docs/spec-extensions.md"
    )
    return [
        codes.UNKNOWN_EXTENSION.at(
            document.locate(pointer, key=True), f"unknown sdkforge extension {key!r}", hint
        )
    ]


def _unknown_field(
    document: Document, key: str, field: Any, fields: frozenset[str], pointer: str
) -> Diagnostic:
    close = difflib.get_close_matches(str(field), sorted(fields), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"{key} takes {', '.join(sorted(fields))}"
    return codes.UNKNOWN_EXTENSION_KEY.at(
        document.locate(pointer, key=True), f"{key} has an unknown key {field!r}", hint
    )


def _extension_keys(data: Any) -> Iterator[tuple[str, Any, str]]:
    """Every `x-` key outside example data, with its value and pointer, in document order."""
    # Paths are linked tuples, joined into a pointer only for the few `x-` keys (OpenAI's spec: 1.3 million nodes).
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    seen: set[int] = set()
    while stack:
        value, path = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        children: list[tuple[Any, tuple[Any, ...]]] = []
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str) and key.startswith("x-"):
                    yield key, child, join_pointer("", *path_tokens((path, key)))
                elif isinstance(child, dict | list) and not (
                    key in _DATA_KEYS and is_data(join_pointer("", *path_tokens(path)), key)
                ):
                    children.append((child, (path, key)))
        elif isinstance(value, list):
            children = [(v, (path, i)) for i, v in enumerate(value) if isinstance(v, dict | list)]
        stack.extend(reversed(children))
