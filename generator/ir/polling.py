"""`x-task-polling` values that need checking or a schema walk: the poll interval, and where the task is
inside the status operation's reply (`task: /data` for Suno's `{code, message, data: task}`)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from ..load.spec import Document, Spec
from ..report.diagnostics import join_pointer, split_pointer
from .nodes import TypeRef

__all__ = ["DEFAULT_INTERVAL", "interval_of", "reply_schema", "schema_at"]

DEFAULT_INTERVAL = 2.0
_CLASS_NAME = re.compile(r"^[A-Za-z_]\w*$")


def interval_of(spec: dict[str, Any]) -> float | None:
    """The seconds before the first poll, or None when `interval` is there but not a positive finite number."""
    interval = spec.get("interval", DEFAULT_INTERVAL)
    if (
        isinstance(interval, bool)
        or not isinstance(interval, int | float)
        or not 0 < interval < math.inf
    ):
        return None
    return float(interval)


def reply_schema(
    spec: Spec, raw: dict[str, Any], root: Document
) -> tuple[Any, Document, str] | None:
    """The JSON schema of an operation's first 2xx reply, its document and the path under the operation."""
    responses = raw.get("responses")
    if not isinstance(responses, dict):
        return None
    code = next((c for c in sorted(responses, key=str) if str(c).startswith("2")), None)
    if code is None:
        return None
    response, doc = spec.resolve_fully(responses[code], root)
    content = response.get("content") if isinstance(response, dict) else None
    for media_type, media in (content or {}).items() if isinstance(content, dict) else ():
        if "json" in str(media_type) and isinstance(media, dict) and "schema" in media:
            return (
                media["schema"],
                doc,
                join_pointer("responses", code, "content", media_type, "schema"),
            )
    return None


def schema_at(
    spec: Spec,
    schema: Any,
    doc: Document,
    pointer: str,
    merge: Callable[[dict[str, Any], Document], dict[str, Any]],
) -> tuple[Any, Document] | None:
    """The property schema `pointer` names inside an object schema (through `$ref`s and `allOf`)."""
    for token in split_pointer(pointer):
        resolved, doc = spec.resolve_fully(schema, doc)
        properties = merge(resolved, doc).get("properties") if isinstance(resolved, dict) else None
        if not isinstance(properties, dict) or token not in properties:
            return None
        schema = properties[token]
    return schema, doc


def is_class(type_ref: TypeRef) -> bool:
    """Whether the task's type is one generated class, which `task_at` can check the reply against."""
    return bool(_CLASS_NAME.match(type_ref.annotation)) and type_ref.annotation in type_ref.models
